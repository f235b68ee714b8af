import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CpuProfile } from '../../services/kit/cpu-profile-router';
import { diagnosisFileName } from '../../services/kit/heap-snapshot-router';
import { formatProfileSummary, summariseProfile } from '../../profile/cpu-profile-summary';
import { clientFor, resolveServiceTarget } from '../../lab/service-target';
import { positiveInt } from '../option-parsers';
import { withTargetOptions, type TargetOptions } from '../target-options';
import { UserError } from '../../common/user-error';

interface ProfileOptions extends TargetOptions {
  seconds: number;
  out?: string;
  top: number;
  json?: boolean;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 120) throw new InvalidArgumentError('expected a number of seconds from 1 to 120');
  return n;
}

/** `outage-lab profile <service>`: a CPU profile recorded inside the service, and its heaviest functions. */
export function profileCommand(): Command {
  return withTargetOptions(
    new Command('profile')
      .description('record a CPU profile of a running service (it keeps serving), save it, and print the functions that took the most time')
      .argument('<service>', 'widget-api, storefront, widgetify, ...')
      .option('--seconds <n>', 'how long to record', seconds, 10)
      .option('-o, --out <file>', 'where to save it (default: <service>-<time>.cpuprofile here); opens in Chrome DevTools and speedscope')
      .option('--top <n>', 'functions to print', positiveInt, 10)
      .option('--json', 'print the summary as JSON'),
  ).action(async (service: string, opts: ProfileOptions) => {
    const target = await resolveServiceTarget(service, opts);
    const file = path.resolve(opts.out ?? diagnosisFileName(service, 'cpuprofile'));
    if (!opts.json) console.error(`recording a CPU profile of ${service} for ${opts.seconds} s…`);
    const client = clientFor(target, (opts.seconds + 30) * 1000);
    const profile = (await client.request('GET', `/__lab/cpu-profile?seconds=${opts.seconds}`)) as CpuProfile;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(profile), { mode: 0o600 });
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new UserError(`cannot save the profile to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const summary = summariseProfile(profile);
    if (opts.json) {
      console.log(JSON.stringify({ file, ...summary, top: summary.top.slice(0, opts.top) }, null, 2));
      return;
    }
    console.log(`saved ${path.relative(process.cwd(), file) || file} (open it in Chrome DevTools' Performance tab, or at speedscope.app)\n`);
    console.log(formatProfileSummary(summary, opts.top));
  });
}
