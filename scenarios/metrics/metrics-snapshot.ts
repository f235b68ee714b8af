import { parseMetricsText, sumOf, type MetricSample } from '../../lab/metrics-text';
import { addBuckets, type Buckets } from './histogram';

/** Routes that are not users' traffic (the same exclusion as the alert rules). */
const NOT_USER_ROUTES = /^(\/metrics|\/healthz|\/readyz|\/__lab\/.*)$/;

/** One scrape of a service's /metrics, reduced to what the run record and the runner's alerts need. */
export interface MetricsSnapshot {
  at: number;
  up: boolean;
  /** Gauges as recorded in samples, named like their series (`db_pool_connections{state="active"}`). */
  gauges: Record<string, number>;
  /** Cumulative counters and histograms, for deltas between scrapes. */
  requests: { buckets: Buckets; count: number; errors: number; byRoute: Map<string, Buckets> };
  dbQueries: Buckets;
  externalRequests: Buckets;
  gcSeconds: number | undefined;
  startTimeSeconds: number | undefined;
}

export const GAUGES = [
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_limit_bytes',
  'nodejs_heap_old_space_limit_bytes',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'process_start_time_seconds',
  'pg_stat_activity_count',
  'pg_settings_max_connections',
  'pg_up',
] as const;

export function downSnapshot(at: number): MetricsSnapshot {
  return {
    at,
    up: false,
    gauges: {},
    requests: { buckets: new Map(), count: 0, errors: 0, byRoute: new Map() },
    dbQueries: new Map(),
    externalRequests: new Map(),
    gcSeconds: undefined,
    startTimeSeconds: undefined,
  };
}

export function snapshotOf(text: string, at: number): MetricsSnapshot {
  const samples = parseMetricsText(text);
  const gauges: Record<string, number> = {};
  for (const name of GAUGES) {
    const value = sumOf(samples, name);
    if (value !== undefined && Number.isFinite(value)) gauges[name] = value;
  }
  labelled(samples, 'db_pool_connections', 'state', gauges);
  labelled(samples, 'cache_entries', 'cache', gauges);
  for (const name of ['db_pool_connections', 'db_pool_waiting_clients', 'cache_entries', 'http_requests_in_flight']) {
    const value = sumOf(samples, name);
    if (value !== undefined) gauges[name] = value;
  }

  const buckets: Buckets = new Map();
  const byRoute = new Map<string, Buckets>();
  let count = 0;
  let errors = 0;
  for (const s of samples) {
    const route = s.labels.route;
    if (route === undefined || NOT_USER_ROUTES.test(route)) continue;
    if (s.name === 'http_request_duration_seconds_bucket') {
      const le = Number(s.labels.le === '+Inf' ? Infinity : s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
      let routeBuckets = byRoute.get(route);
      if (!routeBuckets) byRoute.set(route, (routeBuckets = new Map()));
      routeBuckets.set(le, (routeBuckets.get(le) ?? 0) + s.value);
    } else if (s.name === 'http_request_duration_seconds_count') {
      count += s.value;
      if (s.labels.status_code?.startsWith('5')) errors += s.value;
    }
  }
  return {
    at,
    up: true,
    gauges,
    requests: { buckets, count, errors, byRoute },
    dbQueries: histogram(samples, 'db_query_duration_seconds_bucket'),
    externalRequests: histogram(samples, 'external_request_duration_seconds_bucket'),
    gcSeconds: sumOf(samples, 'nodejs_gc_duration_seconds_sum'),
    startTimeSeconds: sumOf(samples, 'process_start_time_seconds'),
  };
}

function labelled(samples: MetricSample[], name: string, label: string, into: Record<string, number>): void {
  for (const s of samples) {
    if (s.name !== name || s.labels[label] === undefined) continue;
    const key = `${name}{${label}="${s.labels[label]}"}`;
    into[key] = (into[key] ?? 0) + s.value;
  }
}

function histogram(samples: MetricSample[], name: string): Buckets {
  const buckets: Buckets = new Map();
  for (const s of samples) {
    if (s.name !== name) continue;
    addBuckets(buckets, new Map([[Number(s.labels.le === '+Inf' ? Infinity : s.labels.le), s.value]]));
  }
  return buckets;
}
