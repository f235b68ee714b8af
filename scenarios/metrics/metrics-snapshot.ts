import { parseMetricsText, sumOf, type MetricSample } from '../../lab/metrics-text';
import { CACHE_ENTRIES } from '../../services/kit/metrics/cache-entries';
import { DB_POOL_CONNECTIONS } from '../../services/kit/metrics/db-pool-connections';
import { DB_POOL_WAITING_CLIENTS } from '../../services/kit/metrics/db-pool-waiting-clients';
import { DB_POOL_MAX_CONNECTIONS } from '../../services/kit/metrics/db-pool-max-connections';
import { DB_QUERY_DURATION_SECONDS } from '../../services/kit/metrics/db-query-duration';
import { EXTERNAL_REQUEST_DURATION_SECONDS } from '../../services/kit/metrics/external-request-duration';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import { NODEJS_HEAP_SIZE_LIMIT_BYTES } from '../../services/kit/metrics/heap-size-limit';
import { HTTP_REQUEST_DURATION_SECONDS } from '../../services/kit/metrics/http-request-duration';
import { HTTP_REQUESTS_IN_FLIGHT } from '../../services/kit/metrics/http-requests-in-flight';
import {
  NODEJS_EVENTLOOP_LAG_P99_SECONDS,
  NODEJS_GC_DURATION_SECONDS,
  NODEJS_HEAP_SIZE_TOTAL_BYTES,
  NODEJS_HEAP_SIZE_USED_BYTES,
  PROCESS_RESIDENT_MEMORY_BYTES,
  PROCESS_START_TIME_SECONDS,
} from '../../services/kit/metrics/node-runtime';
import { PG_SETTINGS_MAX_CONNECTIONS, PG_STAT_ACTIVITY_COUNT, PG_UP } from '../../services/kit/metrics/postgres-exporter';
import { seriesKey } from './derived-metrics';
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
  NODEJS_HEAP_SIZE_USED_BYTES,
  NODEJS_HEAP_SIZE_TOTAL_BYTES,
  NODEJS_HEAP_SIZE_LIMIT_BYTES,
  NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES,
  PROCESS_RESIDENT_MEMORY_BYTES,
  NODEJS_EVENTLOOP_LAG_P99_SECONDS,
  PROCESS_START_TIME_SECONDS,
  PG_STAT_ACTIVITY_COUNT,
  PG_SETTINGS_MAX_CONNECTIONS,
  PG_UP,
] as const;
/** Gauges also kept per label value (`db_pool_connections{state="active"}`), besides their sum. */
const LABELLED: ReadonlyArray<[string, string]> = [
  [DB_POOL_CONNECTIONS, 'state'],
  [CACHE_ENTRIES, 'cache'],
];
/** Gauges kept as their sum over labels. */
const SUMMED = [DB_POOL_CONNECTIONS, DB_POOL_WAITING_CLIENTS, DB_POOL_MAX_CONNECTIONS, CACHE_ENTRIES, HTTP_REQUESTS_IN_FLIGHT] as const;

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
  for (const [name, label] of LABELLED) labelled(samples, name, label, gauges);
  for (const name of SUMMED) {
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
    if (s.name === `${HTTP_REQUEST_DURATION_SECONDS}_bucket`) {
      const le = Number(s.labels.le === '+Inf' ? Infinity : s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
      let routeBuckets = byRoute.get(route);
      if (!routeBuckets) byRoute.set(route, (routeBuckets = new Map()));
      routeBuckets.set(le, (routeBuckets.get(le) ?? 0) + s.value);
    } else if (s.name === `${HTTP_REQUEST_DURATION_SECONDS}_count`) {
      count += s.value;
      if (s.labels.status_code?.startsWith('5')) errors += s.value;
    }
  }
  return {
    at,
    up: true,
    gauges,
    requests: { buckets, count, errors, byRoute },
    dbQueries: histogram(samples, `${DB_QUERY_DURATION_SECONDS}_bucket`),
    externalRequests: histogram(samples, `${EXTERNAL_REQUEST_DURATION_SECONDS}_bucket`),
    gcSeconds: sumOf(samples, `${NODEJS_GC_DURATION_SECONDS}_sum`),
    startTimeSeconds: sumOf(samples, PROCESS_START_TIME_SECONDS),
  };
}

function labelled(samples: MetricSample[], name: string, label: string, into: Record<string, number>): void {
  for (const s of samples) {
    if (s.name !== name || s.labels[label] === undefined) continue;
    const key = seriesKey(name, label, s.labels[label]);
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
