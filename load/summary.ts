import { serviceLatencyMs, type RequestRecord } from './request-record';

/** Percentiles of the real per-request latencies (nearest rank), ms. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface TrafficSummary {
  /** requests sent */
  requests: number;
  /** requests that got an HTTP status */
  responses: number;
  /** requests sent per second over the period */
  throughput: number;
  /** over the responses (any status); null when there were none */
  latencyMs: LatencySummary | null;
  /** responses per status code */
  statusCounts: Record<string, number>;
  non2xx: number;
  /** requests without a response: timeouts and connection errors (cancelled ones excluded) */
  errors: number;
  timeouts: number;
  /** in flight when the load stopped */
  cancelled: number;
}

export function summarizeTraffic(records: readonly RequestRecord[], seconds: number): TrafficSummary {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let cancelled = 0;
  for (const r of records) {
    if (r.status > 0) {
      latencies.push(serviceLatencyMs(r));
      statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
      if (r.status < 200 || r.status > 299) non2xx++;
    } else if (r.error === 'cancelled') {
      cancelled++;
    } else {
      errors++;
      if (r.error === 'timeout') timeouts++;
    }
  }
  return {
    requests: records.length,
    responses: latencies.length,
    throughput: seconds > 0 ? round(records.length / seconds, 2) : 0,
    latencyMs: latencySummary(latencies),
    statusCounts,
    non2xx,
    errors,
    timeouts,
    cancelled,
  };
}

export function latencySummary(values: number[]): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)], 1);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: round(sorted[sorted.length - 1], 1), mean: round(sum / sorted.length, 1) };
}

/** Groups records by a key, keeping first-seen order. */
export function groupBy(records: readonly RequestRecord[], key: (r: RequestRecord) => string): Map<string, RequestRecord[]> {
  const groups = new Map<string, RequestRecord[]>();
  for (const r of records) {
    const k = key(r);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(r);
  }
  return groups;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
