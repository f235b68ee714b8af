import path from 'node:path';
import { Command, Option } from 'commander';
import { embeddedConsoleLab } from '../../console/server/embedded-lab';
import { startConsole } from '../../console/server/console-server';
import { DEFAULT_PORT_BASE, SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_OLD_SPACE_MB, Lab, type LabOptions } from '../../lab/lab';
import { labDir, readLabState } from '../../lab/lab-state';
import { portsFrom, servicePortsText } from '../../lab/lab-ports';
import { assertPortsFree } from '../../lab/port-holder';
import { abandonedLine, settleCurrentRun } from '../../scenarios/run/current-run';
import { UserError } from '../../common/user-error';
import { portBase, positiveInt } from '../option-parsers';

/** `outage-lab up`: the embedded lab in the foreground until Ctrl-C. */
export function upCommand(): Command {
  return new Command('up')
    .description(`start the lab's services (${SERVICE_CATALOGUE.names().join(', ')}) and PostgreSQL as local processes (no Docker); Ctrl-C stops them`)
    .addOption(new Option('--dir <path>', 'the lab data folder (database, logs, state)').default(labDir()))
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL instead of starting one').env('DATABASE_URL'))
    .addOption(new Option('--max-connections <n>', 'max_connections of the lab database').default(DEFAULT_MAX_CONNECTIONS).argParser(positiveInt))
    .addOption(new Option('--max-old-space <mb>', 'V8 heap limit of each service').default(DEFAULT_MAX_OLD_SPACE_MB).argParser(positiveInt))
    .addOption(
      new Option('--port-base <n>', `the console listens on n, services on ${servicePortsText()}, the database metrics on n+9, PostgreSQL on n+32; 0 picks free ports`)
        .default(DEFAULT_PORT_BASE)
        .argParser(portBase),
    )
    .option('--runs <dir>', 'where runs started from the console are written', 'runs')
    .option('--host <address>', 'the address the console listens on (default 127.0.0.1; 0.0.0.0 lets learners on the network reach it)', '127.0.0.1')
    .action(async (opts: { dir: string; databaseUrl?: string; maxConnections: number; maxOldSpace: number; portBase: number; host: string; runs: string }) => {
      const running = await readLabState(opts.dir);
      if (running) throw new UserError(`a lab is already running (pid ${running.pid}); stop it with Ctrl-C in its terminal or \`outage-lab down\``);
      const abandoned = await settleCurrentRun(opts.dir);
      if (abandoned) console.error(`! ${abandonedLine(abandoned)}`);
      const started = Date.now();
      await assertPortsFree({ console: opts.portBase });
      const lab = await startLab({
        dir: opts.dir,
        databaseUrl: opts.databaseUrl,
        adminToken: process.env.LAB_ADMIN_TOKEN || undefined,
        learnerToken: process.env.LAB_LEARNER_TOKEN || undefined,
        maxConnections: opts.maxConnections,
        maxOldSpaceMb: opts.maxOldSpace,
        ports: portsFrom(opts.portBase),
        writeState: true,
        onProgress: (message) => console.error(`… ${message}`),
        onExit: (service, exit) => {
          if (!exit.requested) {
            console.error(
              exit.unresponsive
                ? `! ${service} did not answer /healthz for 30 s (stopped or stuck): killed (SIGKILL) and restarting`
                : `! ${service} exited (code ${exit.code ?? exit.signal}${exit.outOfMemory ? ', out of memory' : ''}); restarting`,
            );
          }
        },
        onDatabaseEvent: (event) => console.error(`${event.kind === 'restarted' ? '…' : '!'} ${event.message}`),
      });
      let consoleServer;
      try {
        consoleServer = await startConsole({ lab: embeddedConsoleLab(lab), port: opts.portBase, host: opts.host, learnerToken: lab.learnerToken, runsDir: path.resolve(opts.runs), prometheusUrl: process.env.PROMETHEUS_URL || undefined });
      } catch (err) {
        await lab.stop();
        throw new UserError(`the console could not listen on ${opts.host}:${opts.portBase}: ${(err as Error).message}`);
      }
      console.log(`\nOutage Lab is up (${((Date.now() - started) / 1000).toFixed(1)} s). Services:`);
      for (const name of SERVICE_CATALOGUE.names()) {
        console.log(`  ${name.padEnd(12)} ${lab.url(name)}   (metrics: ${lab.url(name)}/metrics)`);
      }
      console.log(`  ${'postgres'.padEnd(12)} ${lab.database.url.replace(/:[^:@/]+@/, ':***@')}  (max_connections ${lab.database.maxConnections})`);
      console.log(`  ${'db metrics'.padEnd(12)} ${lab.exporterUrl}/metrics`);
      console.log(`\nConsole: ${consoleServer.url}`);
      if (opts.host !== '127.0.0.1' && opts.host !== 'localhost') {
        console.error(`! the console listens on ${opts.host}: anyone on the network who can reach this machine can open it (they still need a token)`);
      }
      console.log(`Instructor token (yours only; the commands on this machine find it): ${lab.adminToken}`);
      console.log(`Learner token (hand it out: export OUTAGE_LAB_TOKEN=<token>): ${lab.learnerToken}`);
      console.log(`  learners: outage-lab ops releases|settings|rollback|set|restart, heap snapshot, profile (see docs/learner-guide.md)`);
      console.log(`Logs: ${opts.dir}/logs/   Stop: Ctrl-C\n`);

      await new Promise<void>((resolve) => {
        const stop = (): void => {
          lab.stopping();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.error('… stopping (the console and its run, draining requests, then the database)');
      await consoleServer.close();
      await lab.stop();
      console.error('stopped');
    });
}

async function startLab(options: LabOptions): Promise<Lab> {
  try {
    return await Lab.start(options);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`the lab could not start: ${String((err as Error | undefined)?.message ?? err).split('\n')[0]}`);
  }
}
