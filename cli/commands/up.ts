import { Command, Option } from 'commander';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_OLD_SPACE_MB, LAB_SERVICES, Lab, type LabOptions } from '../../lab/lab';
import { labDir, readLabState } from '../../lab/lab-state';
import { portsFrom } from '../../lab/lab-ports';
import { CliError } from '../cli-error';
import { portBase, positiveInt } from '../option-parsers';

/** `outage-lab up`: the embedded lab in the foreground until Ctrl-C. */
export function upCommand(): Command {
  return new Command('up')
    .description('start the three services, the partner stand-in and PostgreSQL as local processes (no Docker); Ctrl-C stops them')
    .addOption(new Option('--dir <path>', 'the lab data folder (database, logs, state)').default(labDir()))
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL instead of starting one').env('DATABASE_URL'))
    .addOption(new Option('--max-connections <n>', 'max_connections of the lab database').default(DEFAULT_MAX_CONNECTIONS).argParser(positiveInt))
    .addOption(new Option('--max-old-space <mb>', 'V8 heap limit of each service').default(DEFAULT_MAX_OLD_SPACE_MB).argParser(positiveInt))
    .addOption(
      new Option('--port-base <n>', 'services listen on n+1..n+4, the database metrics on n+9, PostgreSQL on n+32; 0 picks free ports')
        .default(4100)
        .argParser(portBase),
    )
    .action(async (opts: { dir: string; databaseUrl?: string; maxConnections: number; maxOldSpace: number; portBase: number }) => {
      const running = await readLabState(opts.dir);
      if (running) throw new CliError(`a lab is already running (pid ${running.pid}); stop it with Ctrl-C in its terminal or \`outage-lab down\``);
      const started = Date.now();
      const lab = await startLab({
        dir: opts.dir,
        databaseUrl: opts.databaseUrl,
        adminToken: process.env.LAB_ADMIN_TOKEN || undefined,
        maxConnections: opts.maxConnections,
        maxOldSpaceMb: opts.maxOldSpace,
        ports: portsFrom(opts.portBase),
        writeState: true,
        onProgress: (message) => console.error(`… ${message}`),
        onExit: (service, exit) => {
          if (!exit.requested) {
            console.error(`! ${service} exited (code ${exit.code ?? exit.signal}${exit.outOfMemory ? ', out of memory' : ''}); restarting`);
          }
        },
      });
      console.log(`\nOutage Lab is up (${((Date.now() - started) / 1000).toFixed(1)} s). Services:`);
      for (const name of Object.keys(LAB_SERVICES) as Array<keyof typeof LAB_SERVICES>) {
        console.log(`  ${name.padEnd(12)} ${lab.url(name)}   (metrics: ${lab.url(name)}/metrics)`);
      }
      console.log(`  ${'postgres'.padEnd(12)} ${lab.database.url.replace(/:[^:@/]+@/, ':***@')}  (max_connections ${lab.database.maxConnections})`);
      console.log(`  ${'db metrics'.padEnd(12)} ${lab.exporterUrl}/metrics`);
      console.log(`\nAdmin token (for the instructor only): ${lab.adminToken}`);
      console.log(`Logs: ${opts.dir}/logs/   Stop: Ctrl-C\n`);

      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.error('… stopping (draining requests, then the database)');
      await lab.stop();
      console.error('stopped');
    });
}

async function startLab(options: LabOptions): Promise<Lab> {
  try {
    return await Lab.start(options);
  } catch (err) {
    throw new CliError(`the lab could not start: ${(err as Error).message.split('\n')[0]}`);
  }
}
