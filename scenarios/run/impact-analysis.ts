import { measureImpact } from '../../load/impact';
import { serviceLatencyMs, type RequestRecord } from '../../load/request-record';
import { splitByShare } from '../../load/route-mix';
import type { Scenario } from '../scenario-schema';

export interface SegmentImpact {
  population: string;
  segment: string;
  expected: 'affected' | 'unaffected';
  requests: { total: number; affected: number; share: number };
  users: { total: number; affected: number; share: number };
}

/** Which population and segment a user id (`<population>-u<n>`) belongs to, from the scenario's shares. */
export function segmentResolver(scenario: Scenario): (userId: string) => { population: string; segment: string } | undefined {
  const blocks = new Map<string, Array<{ segment: string; last: number }>>();
  for (const [population, spec] of Object.entries(scenario.populations)) {
    const counts = splitByShare(spec.users, spec.segments.map((s) => s.share));
    let last = 0;
    blocks.set(
      population,
      spec.segments.map((s, i) => ({ segment: s.name, last: (last += counts[i]!) })),
    );
  }
  return (userId) => {
    const m = /^([a-z][a-z0-9]*)-u(\d+)$/.exec(userId);
    if (!m) return undefined;
    const segments = blocks.get(m[1]!);
    const n = Number(m[2]);
    const found = segments?.find((b) => n <= b.last);
    return found ? { population: m[1]!, segment: found.segment } : undefined;
  };
}

/** Impact per segment over [from, to): who the fault hurt, next to who it was meant to hurt. */
export function impactBySegment(scenario: Scenario, records: readonly RequestRecord[], from: number, to: number): SegmentImpact[] {
  const resolve = segmentResolver(scenario);
  const groups = new Map<string, RequestRecord[]>();
  for (const r of records) {
    const where = resolve(r.userId);
    if (!where) continue;
    const key = `${where.population}/${where.segment}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const result: SegmentImpact[] = [];
  for (const [population, spec] of Object.entries(scenario.populations)) {
    for (const segment of spec.segments) {
      const impact = measureImpact(groups.get(`${population}/${segment.name}`) ?? [], {
        latencyObjectiveMs: scenario.slo.latencyObjectiveMs,
        from,
        to,
      });
      result.push({ population, segment: segment.name, expected: segment.expected, requests: impact.requests, users: impact.users });
    }
  }
  return result;
}

export interface SloBreach {
  /** epoch ms: the end of the first window that breached */
  at: number;
  detail: string;
}

/**
 * The first window (tumbling, from `from`) in which the users' p95 latency exceeded the objective
 * or the share of failed requests exceeded the error objective. Windows with fewer than
 * `minRequests` requests are not judged.
 */
export function firstSloBreach(
  records: readonly RequestRecord[],
  options: { from: number; to: number; windowMs: number; latencyObjectiveMs: number; errorObjective: number; minRequests?: number },
): SloBreach | null {
  const { from, to, windowMs, latencyObjectiveMs, errorObjective } = options;
  const minRequests = options.minRequests ?? 20;
  const windows = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.t < from || r.t >= to || r.error === 'cancelled') continue;
    const index = Math.floor((r.t - from) / windowMs);
    let list = windows.get(index);
    if (!list) windows.set(index, (list = []));
    list.push(r);
  }
  for (const index of [...windows.keys()].sort((a, b) => a - b)) {
    const list = windows.get(index)!;
    if (list.length < minRequests) continue;
    const failed = list.filter((r) => r.status === 0 || r.status >= 500).length;
    const latencies = list.map(serviceLatencyMs).sort((a, b) => a - b);
    const p95 = latencies[Math.min(latencies.length - 1, Math.ceil(0.95 * latencies.length) - 1)]!;
    const at = Math.min(to, from + (index + 1) * windowMs);
    const seconds = Math.round(windowMs / 1000);
    if (failed / list.length > errorObjective) {
      return { at, detail: `${pct(failed / list.length)} of requests failed (objective: at most ${pct(errorObjective)}) over ${seconds} s, ${list.length} requests` };
    }
    if (p95 > latencyObjectiveMs) {
      return { at, detail: `users' p95 latency ${Math.round(p95)} ms > ${latencyObjectiveMs} ms over ${seconds} s, ${list.length} requests` };
    }
  }
  return null;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/**
 * The start of the first stretch of `holdMs` from `from` on in which every window (tumbling,
 * `windowMs`, from `from`) met the objective: p95 within the latency objective and failures within
 * the error objective. A window with no request breaks the stretch (nobody could tell); one with
 * fewer than `minRequests` is judged on what it has. null when no such stretch ended before `to`.
 */
export function firstHeldWithin(
  records: readonly RequestRecord[],
  options: { from: number; to: number; windowMs: number; holdMs: number; latencyObjectiveMs: number; errorObjective: number },
): number | null {
  const { from, to, windowMs, holdMs, latencyObjectiveMs, errorObjective } = options;
  if (!(to > from)) return null;
  const count = Math.floor((to - from) / windowMs);
  const windows: RequestRecord[][] = Array.from({ length: count }, () => []);
  for (const r of records) {
    if (r.t < from || r.error === 'cancelled') continue;
    const index = Math.floor((r.t - from) / windowMs);
    if (index < count) windows[index]!.push(r);
  }
  const needed = Math.max(1, Math.ceil(holdMs / windowMs));
  let run = 0;
  for (let i = 0; i < count; i++) {
    const list = windows[i]!;
    const failed = list.filter((r) => r.status === 0 || r.status >= 500).length;
    const latencies = list.map(serviceLatencyMs).sort((a, b) => a - b);
    const p95 = latencies[Math.min(latencies.length - 1, Math.ceil(0.95 * latencies.length) - 1)] ?? 0;
    const within = list.length > 0 && failed / list.length <= errorObjective && p95 <= latencyObjectiveMs;
    run = within ? run + 1 : 0;
    if (run >= needed) return from + (i + 1 - needed) * windowMs;
  }
  return null;
}
