/**
 * The console's charts: each query is one of the Grafana dashboards' (grafana/provisioning/dashboards,
 * same text and legend; test/console/panels.test.ts holds them to it), so the console and Grafana
 * show the same thing, from the lab's Prometheus or from the console's own scrape.
 */

export type PanelUnit = 'bytes' | 'seconds' | 'percent' | 'per-second' | 'count';

export interface PanelQuery {
  expr: string;
  /** Grafana's legendFormat: {{label}} placeholders */
  legend: string;
}

export interface Panel {
  id: string;
  title: string;
  unit: PanelUnit;
  /** the Grafana dashboard file that holds these queries */
  dashboard: 'overview.json' | 'node-runtime.json' | 'data-stores.json';
  queries: PanelQuery[];
}

import { CACHE_ENTRIES } from '../../services/kit/metrics/cache-entries';
import { CACHE_LOOKUPS_TOTAL } from '../../services/kit/metrics/cache-lookups';
import { DB_POOL_CONNECTIONS } from '../../services/kit/metrics/db-pool-connections';
import { DB_POOL_WAITING_CLIENTS } from '../../services/kit/metrics/db-pool-waiting-clients';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import { NODEJS_HEAP_SIZE_LIMIT_BYTES } from '../../services/kit/metrics/heap-size-limit';
import { HTTP_REQUEST_DURATION_SECONDS } from '../../services/kit/metrics/http-request-duration';
import {
  NODEJS_EVENTLOOP_LAG_P99_SECONDS,
  NODEJS_EVENTLOOP_LAG_SECONDS,
  NODEJS_GC_DURATION_SECONDS,
  NODEJS_HEAP_SIZE_USED_BYTES,
  NODEJS_HEAP_SPACE_SIZE_USED_BYTES,
  PROCESS_RESIDENT_MEMORY_BYTES,
} from '../../services/kit/metrics/node-runtime';
import { PG_SETTINGS_MAX_CONNECTIONS, PG_STAT_ACTIVITY_COUNT } from '../../services/kit/metrics/postgres-exporter';

/** Not users' traffic (the same exclusion as the alert rules and the dashboards). */
const USER_ROUTES = 'route!~"/metrics|/healthz|/readyz|/__lab/.*"';

export const PANELS: readonly Panel[] = [
  {
    id: 'heap',
    title: 'Heap used and old-space limit',
    unit: 'bytes',
    dashboard: 'node-runtime.json',
    queries: [
      { expr: NODEJS_HEAP_SIZE_USED_BYTES, legend: '{{service}} used' },
      { expr: NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES, legend: '{{service}} old-space limit' },
    ],
  },
  {
    id: 'heap-spaces',
    title: 'Heap by space',
    unit: 'bytes',
    dashboard: 'node-runtime.json',
    queries: [{ expr: `sum by (service, space) (${NODEJS_HEAP_SPACE_SIZE_USED_BYTES})`, legend: '{{service}} {{space}}' }],
  },
  {
    id: 'rss',
    title: 'Resident memory (RSS)',
    unit: 'bytes',
    dashboard: 'node-runtime.json',
    queries: [{ expr: `(${PROCESS_RESIDENT_MEMORY_BYTES} and on (service, instance) ${NODEJS_HEAP_SIZE_LIMIT_BYTES})`, legend: '{{service}}' }],
  },
  {
    id: 'gc',
    title: 'Time spent in GC',
    unit: 'percent',
    dashboard: 'node-runtime.json',
    queries: [{ expr: `sum by (service, kind) (rate(${NODEJS_GC_DURATION_SECONDS}_sum[1m]))`, legend: '{{service}} {{kind}}' }],
  },
  {
    id: 'event-loop',
    title: 'Event loop lag',
    unit: 'seconds',
    dashboard: 'node-runtime.json',
    queries: [
      { expr: NODEJS_EVENTLOOP_LAG_P99_SECONDS, legend: '{{service}} p99' },
      { expr: NODEJS_EVENTLOOP_LAG_SECONDS, legend: '{{service}} mean' },
    ],
  },
  {
    id: 'request-rate',
    title: 'Requests per second',
    unit: 'per-second',
    dashboard: 'overview.json',
    queries: [{ expr: `sum by (service) (rate(${HTTP_REQUEST_DURATION_SECONDS}_count{${USER_ROUTES}}[1m]))`, legend: '{{service}}' }],
  },
  {
    id: 'latency-by-route',
    title: 'Response time p95 by route',
    unit: 'seconds',
    dashboard: 'overview.json',
    queries: [
      {
        expr: `histogram_quantile(0.95, sum by (service, route, le) (rate(${HTTP_REQUEST_DURATION_SECONDS}_bucket{${USER_ROUTES}}[1m])))`,
        legend: '{{service}} {{route}}',
      },
    ],
  },
  {
    id: 'errors-by-status',
    title: 'Error share by status',
    unit: 'percent',
    dashboard: 'overview.json',
    queries: [
      {
        expr:
          `sum by (service, status_code) (rate(${HTTP_REQUEST_DURATION_SECONDS}_count{status_code=~"[45]..",${USER_ROUTES}}[1m])) ` +
          `/ on (service) group_left sum by (service) (rate(${HTTP_REQUEST_DURATION_SECONDS}_count{${USER_ROUTES}}[1m]))`,
        legend: '{{service}} {{status_code}}',
      },
    ],
  },
  {
    id: 'pool',
    title: 'Pool connections and waiting queries',
    unit: 'count',
    dashboard: 'data-stores.json',
    queries: [
      { expr: `sum by (service, pool, state) (${DB_POOL_CONNECTIONS})`, legend: '{{pool}} {{state}}' },
      { expr: DB_POOL_WAITING_CLIENTS, legend: '{{pool}}' },
    ],
  },
  {
    id: 'postgres',
    title: 'PostgreSQL connections against max_connections',
    unit: 'count',
    dashboard: 'data-stores.json',
    queries: [
      { expr: `sum by (state) (${PG_STAT_ACTIVITY_COUNT})`, legend: '{{state}}' },
      { expr: `max(${PG_SETTINGS_MAX_CONNECTIONS})`, legend: 'max_connections' },
    ],
  },
  {
    id: 'cache-entries',
    title: 'Cache entries',
    unit: 'count',
    dashboard: 'data-stores.json',
    queries: [{ expr: CACHE_ENTRIES, legend: '{{service}} {{cache}}' }],
  },
  {
    id: 'cache-hit-ratio',
    title: 'Cache hit ratio',
    unit: 'percent',
    dashboard: 'data-stores.json',
    queries: [
      {
        expr: `sum by (service, cache) (rate(${CACHE_LOOKUPS_TOTAL}{result="hit"}[1m])) / sum by (service, cache) (rate(${CACHE_LOOKUPS_TOTAL}[1m]))`,
        legend: '{{service}} {{cache}}',
      },
    ],
  },
];

export function findPanel(id: string): Panel | undefined {
  return PANELS.find((p) => p.id === id);
}

/** Grafana's legendFormat: "{{service}} {{route}}" with a series' labels. */
export function legendOf(format: string, labels: Record<string, string>): string {
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '').trim() || '(value)';
}
