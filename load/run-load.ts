import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { StallWatch } from './generator-stalls';
import { checkLoadTarget } from './local-target';
import { createProgress } from './progress';
import type { RequestRecord } from './request-record';
import { RequestPlanner, type RouteSpec, type Segment } from './route-mix';
import { createRng, deriveSeed } from './rng';
import { flattenShape, planSlices, shapeDurationMs, type Shape } from './shapes';
import { startSlice, type SliceHandle } from './slice';
import { summarizeLoad, type LoadSummary } from './load-summary';

export interface LoadOptions {
  /** http://127.0.0.1:<port>[/base path]; other hosts are refused unless in allowHosts */
  baseUrl: string;
  shape: Shape;
  /** One route mix for every user... */
  mix?: RouteSpec[];
  /** ...or one per user segment (give exactly one of mix and segments). */
  segments?: Segment[];
  /** Size of the simulated user population, u1..uN (default 100). */
  users?: number;
  /** Put before every user id (`<prefix>u<n>`): two loads sent at once then keep distinct users (default none). */
  userIdPrefix?: string;
  /** Seed of every choice: users, routes, parameters (default 1). */
  seed?: number;
  /**
   * Connections a slice opens at least (default 10); its requests are spread over them. When
   * responses slow down, slices open more (up to one per request) so that their requests still
   * go out within the slice instead of queueing behind slow ones.
   */
  connections?: number;
  /** Cap on open connections over all slices (default 256); slices beyond it are not sent. */
  maxConnections?: number;
  /** Length of a slice (default 50 ms): requests due in it are sent at its start. */
  sliceMs?: number;
  /** Per-request timeout (default 10 000 ms, at least 1 000: autocannon counts whole seconds). */
  timeoutMs?: number;
  /** Aborting stops the load within about 100 ms; the result holds what was recorded. */
  signal?: AbortSignal;
  /** Called with every request once it is answered or failed. */
  onRequest?: (record: RequestRecord) => void;
  /** A progress line on stdout when it is a terminal (default true). */
  progress?: boolean;
  /** Hosts besides loopback that may receive load (the lab's own docker containers). */
  allowHosts?: string[];
}

export interface LoadResult {
  summary: LoadSummary;
  /** every request, in the order they completed */
  records: RequestRecord[];
}

// 50 ms slices: a slice's requests leave together, so longer slices are bursts that queue on the
// target (at 30 req/s, 250 ms slices put the p50 of a 3 ms route at 36 ms; 50 ms slices at 7 ms).
const DEFAULTS = { users: 100, seed: 1, connections: 10, maxConnections: 256, sliceMs: 50, timeoutMs: 10_000 };

/** Sends the shaped load and resolves with what it recorded (also when aborted). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const o = { ...DEFAULTS, ...withoutUndefined(options) };
  checkOptions(o);
  const target = checkLoadTarget(o.baseUrl, o.allowHosts);
  const basePath = target.pathname.replace(/\/+$/, '');
  const segments = o.segments ?? [{ name: 'all', share: 1, mix: o.mix ?? [] }];
  const planner = new RequestPlanner(segments, o.users, basePath, o.userIdPrefix);
  const stages = flattenShape(o.shape);
  const planners = new Map(stages.map((s) => [s, s.segments ? new RequestPlanner(s.segments, o.users, basePath, o.userIdPrefix) : planner]));
  const slices = planSlices(stages, o.sliceMs);
  const totalMs = shapeDurationMs(stages);

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();

  const records: RequestRecord[] = [];
  const progress = createProgress(totalMs, o.progress ?? true);
  let failure: unknown;
  let latencyEstimateMs = 0;
  const record = (r: RequestRecord) => {
    records.push(r);
    if (r.error !== 'cancelled') latencyEstimateMs += 0.1 * (r.latencyMs - latencyEstimateMs);
    progress.record(r);
    try {
      o.onRequest?.(r);
    } catch (err) {
      // not inside autocannon's socket handlers: stop the load and reject with it instead
      failure ??= err;
      stop.abort();
    }
  };

  const stalls = new StallWatch().start();
  const active = new Set<SliceHandle>();
  let openConnections = 0;
  let planned = 0;
  const stageStarts = new Map<string, number>();
  const startedAt = Date.now();
  let sendingEnded = startedAt;
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let currentStage = stages[0].name;
  const ticker = setInterval(() => progress.update(elapsed(), currentStage), 250);

  try {
    for (const slice of slices) {
      if (!(await waitUntil(t0 + slice.startMs, stop.signal))) break;
      currentStage = slice.stage.name;
      if (!stageStarts.has(slice.stage.name)) stageStarts.set(slice.stage.name, Date.now());
      planned += slice.count;
      if (slice.count === 0 || openConnections >= o.maxConnections) continue;
      const rng = createRng(deriveSeed(o.seed, slice.index));
      const slicePlanner = planners.get(slice.stage)!;
      const handle = startSlice({
        origin: target.origin,
        count: slice.count,
        connections: Math.min(
          Math.max(o.connections, Math.ceil((slice.count * latencyEstimateMs) / o.sliceMs)),
          o.maxConnections - openConnections,
        ),
        timeoutMs: o.timeoutMs,
        stage: slice.stage.name,
        nextRequest: () => slicePlanner.draw(rng),
        record,
        onConnections: (delta) => (openConnections += delta),
        stalls,
      });
      active.add(handle);
      handle.finished.then(
        () => active.delete(handle),
        (err: unknown) => {
          active.delete(handle);
          failure ??= err;
          stop.abort();
        },
      );
    }
    await waitUntil(t0 + totalMs, stop.signal);
    sendingEnded = Date.now();
    if (!stop.signal.aborted) {
      // Let the last requests finish (or time out), then cut whatever is left.
      const drained = new AbortController();
      const deadline = waitUntil(performance.now() + o.timeoutMs + 1_000, AbortSignal.any([stop.signal, drained.signal]));
      await Promise.race([Promise.allSettled([...active].map((h) => h.finished)), deadline]);
      drained.abort();
    }
  } finally {
    for (const handle of active) handle.stop();
    await Promise.allSettled([...active].map((h) => h.finished));
    clearInterval(ticker);
    stalls.stop();
    progress.update(elapsed(), currentStage);
    progress.stop();
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;

  const summary = summarizeLoad(records, {
    target: target.href,
    seed: o.seed,
    users: o.users,
    segments: planner.ranges,
    startedAt,
    sendingEnded,
    endedAt: Date.now(),
    planned,
    aborted: o.signal?.aborted ?? false,
    stageStarts,
    generatorStalls: stalls.stats(),
  });
  return { summary, records };
}

/** Sleeps until performance.now() reaches `at`; false when aborted first. */
async function waitUntil(at: number, signal: AbortSignal): Promise<boolean> {
  const ms = at - performance.now();
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function checkOptions(o: LoadOptions & typeof DEFAULTS): void {
  const positiveInt = (name: string, v: number, min = 1) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
  };
  positiveInt('users', o.users);
  positiveInt('connections', o.connections);
  positiveInt('maxConnections', o.maxConnections);
  positiveInt('sliceMs', o.sliceMs, 10);
  positiveInt('timeoutMs', o.timeoutMs, 1000);
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if ((o.mix === undefined) === (o.segments === undefined)) throw new RangeError('give exactly one of mix and segments');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
