import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../../common/user-error';
import { readLabState } from '../../lab/lab-state';
import { routeMixFor, SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { formatSummary } from '../../load/format-summary';
import { loadFailure } from '../../load/failure-cause';
import { parseDurationMs } from '../../load/duration';
import { RefusedTargetError } from '../../load/local-target';
import type { Segment } from '../../load/route-mix';
import { runLoad } from '../../load/run-load';
import type { Shape } from '../../load/shapes';

/** The services with a route mix of their own (the catalogue's). */
const SERVICE_NAMES = SERVICE_CATALOGUE.userFacing() as [string, ...string[]];

/** The most this shared machine should be asked to send, in requests per second at the peak. */
const MAX_RATE = 2000;
const MAX_DURATION_MS = 3_600_000;

const duration = (what: string, minMs: number) =>
  z
    .string()
    .transform(parseDurationMs)
    .refine((ms) => Number.isFinite(ms), `${what} must look like 500ms, 30s, 2m or 1h`)
    .refine((ms) => ms >= minMs && ms <= MAX_DURATION_MS, `${what} must be between ${minMs} ms and 1h`);

const optionsSchema = z
  .object({
    shape: z.enum(['steady', 'ramp', 'surge']),
    rate: z.coerce.number().positive().max(MAX_RATE),
    to: z.coerce.number().min(0).max(MAX_RATE).optional(),
    multiplier: z.coerce.number().min(1).max(100),
    surgeAt: duration('--surge-at', 0).optional(),
    surgeFor: duration('--surge-for', 1).optional(),
    duration: duration('--duration', 1000),
    users: z.coerce.number().int().min(1).max(1_000_000),
    seed: z.coerce.number().int(),
    connections: z.coerce.number().int().min(1).max(256),
    timeout: duration('--timeout', 1000),
    mix: z.enum(SERVICE_NAMES).optional(),
    distinctKeys: z.boolean().optional(),
    log: z.string().min(1).optional(),
    allowHost: z.array(z.string().min(1)).optional(),
    progress: z.boolean(),
    json: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.shape === 'ramp' && o.to === undefined) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '--shape ramp needs --to' });
    }
    if (o.shape === 'surge' && o.rate * o.multiplier > MAX_RATE) {
      const message = `the surge would send ${o.rate * o.multiplier} req/s, above ${MAX_RATE}`;
      ctx.addIssue({ code: 'custom', path: ['multiplier'], message });
    }
    const at = o.surgeAt ?? Math.round(o.duration / 3);
    const length = o.surgeFor ?? Math.round(o.duration / 3);
    if (o.shape === 'surge' && at + length > o.duration) {
      ctx.addIssue({ code: 'custom', path: ['surgeFor'], message: 'the surge must end within --duration' });
    }
  });
type LoadCliOptions = z.infer<typeof optionsSchema>;

/** `outage-lab load <service|url>`: shaped traffic from simulated users, with a summary at the end. */
export function loadCommand(): Command {
  return new Command('load')
    .description('send shaped traffic from simulated users to a lab service or a local URL, then summarise it')
    .argument('<target>', `a lab service (${SERVICE_NAMES.join(', ')}) or a URL on 127.0.0.1 or localhost`)
    .option('--shape <shape>', 'steady, ramp or surge', 'steady')
    .option('--rate <n>', 'requests per second (where a ramp starts; the baseline of a surge)', '10')
    .option('--to <n>', 'ramp: requests per second at the end')
    .option('--multiplier <n>', 'surge: how many times the rate during the surge', '5')
    .option('--surge-at <duration>', 'surge: when it starts (default: a third of the way in)')
    .option('--surge-for <duration>', 'surge: how long it lasts (default: a third of the duration)')
    .option('--duration <duration>', 'how long to send, e.g. 30s or 2m', '30s')
    .option('--users <n>', 'simulated users (each request carries x-user-id: u<n>)', '100')
    .option('--seed <n>', 'seed of the users, routes and parameters drawn', '1')
    .option('--connections <n>', 'connections each 50 ms slice opens at least (more when responses slow down)', '10')
    .option('--timeout <duration>', 'per-request timeout (at least 1s)', '10s')
    .option('--mix <service>', "for a URL: send that service's route mix instead of GET on the URL")
    .option('--distinct-keys', 'draw ids and keys from a large key space (for a surge: during the surge only)')
    .option('--log <file>', 'write every request as a JSON line to this file')
    .option('--allow-host <host...>', "a host besides loopback that may receive load (the lab's own containers)")
    .option('--no-progress', 'no progress line')
    .option('--json', 'print the summary as JSON')
    .action(async (target: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const name = issue.path.length ? String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : '';
        throw new UserError(`invalid ${name ? `--${name}` : 'options'}: ${issue.message}`);
      }
      await load(target, parsed.data);
    });
}

async function load(target: string, o: LoadCliOptions): Promise<void> {
  const { baseUrl, segments, service } = await resolveTarget(target, o.mix);
  if (o.distinctKeys && !service) throw new UserError('--distinct-keys needs a lab service or --mix');
  const wideKeys = o.distinctKeys && service ? routeMixFor(service, { distinctKeys: true }) : undefined;
  // A surge brings the new keys; the other shapes use them throughout.
  const shape = buildShape(o, o.shape === 'surge' ? wideKeys : undefined);
  const runSegments = o.shape !== 'surge' && wideKeys ? wideKeys : segments;

  const log = o.log ? createWriteStream(o.log, { flags: 'w' }) : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const { summary } = await runLoad({
      baseUrl,
      shape,
      segments: runSegments,
      users: o.users,
      seed: o.seed,
      connections: o.connections,
      timeoutMs: o.timeout,
      allowHosts: o.allowHost,
      signal: abort.signal,
      progress: o.progress && !o.json,
      onRequest: log ? (r) => log.write(JSON.stringify(r) + '\n') : undefined,
    });
    console.log(o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    const failure = abort.signal.aborted ? null : await loadFailure(summary, baseUrl, o.timeout);
    if (failure) throw new UserError(failure);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof RefusedTargetError || err instanceof RangeError) throw new UserError(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    if (log) {
      log.end();
      await once(log, 'close');
    }
  }
}

function buildShape(o: LoadCliOptions, surgeSegments: Segment[] | undefined): Shape {
  switch (o.shape) {
    case 'steady':
      return { kind: 'steady', rate: o.rate, durationMs: o.duration };
    case 'ramp':
      return { kind: 'ramp', from: o.rate, to: o.to ?? o.rate, durationMs: o.duration };
    case 'surge':
      return {
        kind: 'surge',
        rate: o.rate,
        multiplier: o.multiplier,
        durationMs: o.duration,
        surgeAtMs: o.surgeAt ?? Math.round(o.duration / 3),
        surgeForMs: o.surgeFor ?? Math.round(o.duration / 3),
        surgeSegments,
      };
  }
}

interface ResolvedTarget {
  baseUrl: string;
  segments: Segment[];
  /** whose route mix is used, when it is a known service's */
  service?: string;
}

/** A service name goes through the running lab's state; a URL is used as it is. */
async function resolveTarget(target: string, mix: string | undefined): Promise<ResolvedTarget> {
  if (/^https?:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new UserError(`not a valid URL: ${target}`);
    }
    if (mix) return { baseUrl: url.href, segments: routeMixFor(mix), service: mix };
    return { baseUrl: url.origin, segments: [{ name: 'all', share: 1, mix: [{ path: url.pathname + url.search }] }] };
  }
  if (!SERVICE_NAMES.includes(target)) {
    throw new UserError(`unknown target "${target}": give a lab service (${SERVICE_NAMES.join(', ')}) or a URL`);
  }
  const service = target;
  let state;
  try {
    state = await readLabState();
  } catch (err) {
    throw new UserError(`cannot read the lab state: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!state) {
    throw new UserError('no lab is running: start it with `outage-lab up`, or pass a URL such as http://127.0.0.1:4101');
  }
  const entry = state.services[service];
  if (!entry) throw new UserError(`the running lab has no ${service} service`);
  return { baseUrl: entry.url, segments: routeMixFor(mix ?? service), service: mix ?? service };
}
