import { Command } from 'commander';
import { clientFor, resolveServiceTarget } from '../../lab/service-target';
import type { AdminClient } from '../../lab/admin-client';
import { parseMetricsText } from '../../lab/metrics-text';
import { PROCESS_START_TIME_SECONDS } from '../../services/kit/metrics/node-runtime';
import { UserError } from '../../common/user-error';
import { keyValue } from '../option-parsers';
import { withTargetOptions, type TargetOptions } from '../target-options';

type OpsOptions = TargetOptions & { json?: boolean };

const RESTART_WAIT_MS = 60_000;

/**
 * `outage-lab ops …`: what an on-call engineer does to a service in production, with the
 * learners' token: read what was released and how it is configured, roll back, change a setting,
 * restart. Every operation is logged with who did it.
 */
export function opsCommand(): Command {
  const ops = new Command('ops').description("operate a service as its on-call would: releases, settings, rollback, set, restart (the learners' token is enough)");
  const client = async (service: string, opts: TargetOptions): Promise<AdminClient> => clientFor(await resolveServiceTarget(service, opts));

  withTargetOptions(ops.command('releases').description('what was deployed, newest first, and what runs now').argument('<service>').option('--json', 'print JSON')).action(
    async (service: string, opts: OpsOptions) => {
      const { running, releases } = await (await client(service, opts)).releases();
      if (opts.json) return void console.log(JSON.stringify({ service, running, releases }, null, 2));
      console.log(`${service}: running ${running}\n`);
      for (const r of releases) {
        const status = r.status === 'rolled back' ? `rolled back ${r.rolledBackAt} by ${r.rolledBackBy}` : r.status;
        console.log(`  ${r.version.padEnd(9)} ${r.deployedAt}  ${status.padEnd(10)}  ${r.changelog}`);
      }
    },
  );

  withTargetOptions(ops.command('settings').description('the settings, their values and where each value comes from').argument('<service>').option('--json', 'print JSON')).action(
    async (service: string, opts: OpsOptions) => {
      const { settings } = await (await client(service, opts)).settings();
      if (opts.json) return void console.log(JSON.stringify({ service, settings }, null, 2));
      const width = Math.max(...settings.map((s) => s.key.length));
      for (const s of settings) {
        const origin = s.source === 'default' ? 'default' : `${s.source} at ${s.changedAt}; default ${s.default}`;
        console.log(`  ${s.key.padEnd(width)}  ${String(s.value).padEnd(8)} (${origin})`);
        console.log(`  ${''.padEnd(width)}  ${s.description}`);
      }
    },
  );

  withTargetOptions(
    ops
      .command('rollback')
      .description('roll back to a release (default: the one before the running one), then restart, as a redeploy does')
      .argument('<service>')
      .argument('[version]', 'the release to go back to'),
  ).action(async (service: string, version: string | undefined, opts: TargetOptions) => {
    const c = await client(service, opts);
    const startedBefore = await startTime(c);
    const done = await c.rollback(version);
    console.log(`${service}: rolled back ${done.rolledBack.join(', ')} (${done.from} → ${done.to}); redeploying…`);
    await waitForNewProcess(c, startedBefore);
    console.log(`${service}: ${done.to} is running`);
  });

  withTargetOptions(
    ops
      .command('set')
      .description('change settings (applied at once, validated first: nothing changes if one is wrong)')
      .argument('<service>')
      .argument('<key=value...>', 'e.g. pool.max=10')
      .option('--json', 'print JSON'),
  ).action(async (service: string, pairs: string[], opts: OpsOptions) => {
    const changes = pairs.reduce<Record<string, unknown>>((all, pair) => {
      try {
        return keyValue(pair, all);
      } catch (err) {
        throw new UserError((err as Error).message);
      }
    }, {});
    const { changed } = await (await client(service, opts)).set(changes);
    if (opts.json) return void console.log(JSON.stringify({ service, changed }, null, 2));
    for (const c of changed) console.log(`${service}: ${c.key} ${c.from} → ${c.to}`);
  });

  withTargetOptions(ops.command('restart').description('a rolling restart: the new process serves before the old one stops').argument('<service>')).action(
    async (service: string, opts: TargetOptions) => {
      const c = await client(service, opts);
      const startedBefore = await startTime(c);
      await c.restart();
      console.log(`${service}: restarting…`);
      await waitForNewProcess(c, startedBefore);
      console.log(`${service}: restarted`);
    },
  );
  return ops;
}

/** The service process's start time, from its metrics: how a new process is told from the old one. */
async function startTime(client: AdminClient): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${client.baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    return parseMetricsText(text).find((s) => s.name === PROCESS_START_TIME_SECONDS)?.value;
  } catch {
    return undefined;
  }
}

async function waitForNewProcess(client: AdminClient, before: number | undefined): Promise<void> {
  const deadline = Date.now() + RESTART_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await startTime(client);
    if (now !== undefined && now !== before) return;
  }
  throw new UserError(`${client.service} did not come back within ${RESTART_WAIT_MS / 1000} s: look at its log`);
}
