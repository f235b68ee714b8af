import { CACHE_ENTRIES } from '../../services/kit/metrics/cache-entries';
import { DB_POOL_CONNECTIONS } from '../../services/kit/metrics/db-pool-connections';
import { DB_POOL_WAITING_CLIENTS } from '../../services/kit/metrics/db-pool-waiting-clients';
import { DB_POOL_MAX_CONNECTIONS } from '../../services/kit/metrics/db-pool-max-connections';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import { NODEJS_EVENTLOOP_LAG_P99_SECONDS, NODEJS_HEAP_SIZE_USED_BYTES, PROCESS_RESIDENT_MEMORY_BYTES } from '../../services/kit/metrics/node-runtime';
import { PG_SETTINGS_MAX_CONNECTIONS, PG_STAT_ACTIVITY_COUNT } from '../../services/kit/metrics/postgres-exporter';
import { CONTAINER_MEMORY_USAGE_BYTES, DERIVED, seriesKey } from '../metrics/derived-metrics';
import type { RunRecord } from '../run-record';

/**
 * The debrief's charts, decided here from the record rather than in the page's script, so that
 * whether each has data can be checked where the record is (a test, the Docker stack's run): the
 * compose stack's debriefs once showed "PostgreSQL connections (all clients): no data" and nothing
 * but the opened page told.
 */

export interface ChartSeries {
  /** the sample value drawn (a metric name as the record keeps it) */
  key: string;
  label: string;
  /** multiplies the value (bytes to MB, seconds to ms) */
  scale?: number;
  color?: string;
  dash?: number[];
}

export interface DebriefChart {
  /** the page's element for it; none: added under the other services' charts */
  id?: string;
  title: string;
  /** whose samples it draws (a service, or `postgres`) */
  service: string;
  series: ChartSeries[];
  unit: string;
  /** the y axis starts at 0 and reaches at least `floor` */
  min0: boolean;
  floor?: number;
  /** nothing to draw by design (the service keeps no cache): the page says this instead */
  notApplicable?: string;
}

const MB = 1 / (1024 * 1024);

/** Keys of the run's service's samples that start with `prefix` (per-route p95, per-cache entries), sorted. */
function keysStartingWith(record: RunRecord, prefix: string): string[] {
  const keys = new Set<string>();
  for (const s of record.samples) if (s.service === record.service) for (const k of Object.keys(s.values)) if (k.startsWith(prefix)) keys.add(k);
  return [...keys].sort();
}

export function debriefCharts(record: RunRecord): DebriefChart[] {
  const svc = record.service;
  const objective = record.slo.latencyObjectiveMs;
  const routes = keysStartingWith(record, `${DERIVED.p95}{`);
  const caches = keysStartingWith(record, `${CACHE_ENTRIES}{`);
  const others = [...new Set(record.samples.map((s) => s.service))].filter((s) => s !== svc && s !== 'postgres');
  return [
    {
      id: 'chart-heap',
      title: `Memory of ${svc}`,
      service: svc,
      series: [
        { key: NODEJS_HEAP_SIZE_USED_BYTES, label: 'heap used', scale: MB },
        { key: NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES, label: 'heap limit (old space)', scale: MB, dash: [6, 4], color: '#d62728' },
        { key: PROCESS_RESIDENT_MEMORY_BYTES, label: 'RSS', scale: MB, color: '#7f7f7f' },
        { key: CONTAINER_MEMORY_USAGE_BYTES, label: 'container memory', scale: MB, color: '#8c564b' },
      ],
      unit: 'MB',
      min0: true,
    },
    {
      id: 'chart-latency',
      title: `Latency p95 of ${svc} (objective ${objective} ms)`,
      service: svc,
      series: [
        { key: DERIVED.p95, label: 'all routes', scale: 1000, color: '#000' },
        ...routes.map((k) => ({ key: k, label: k.replace(/^.*route="(.*)"}$/, '$1'), scale: 1000 })),
        { key: DERIVED.dbP95, label: 'database queries', scale: 1000, dash: [4, 3], color: '#2ca02c' },
        { key: DERIVED.externalP95, label: 'partner API calls', scale: 1000, dash: [4, 3], color: '#9467bd' },
      ],
      unit: 'ms',
      min0: true,
      floor: objective,
    },
    {
      id: 'chart-errors',
      title: `Errors and traffic of ${svc}`,
      service: svc,
      series: [
        { key: DERIVED.errorRatio, label: '5xx share', scale: 100, color: '#d62728' },
        { key: DERIVED.requestRate, label: 'requests/s ÷ 10', scale: 0.1, color: '#1f77b4' },
      ],
      unit: '% | req/s÷10',
      min0: true,
    },
    {
      id: 'chart-runtime',
      title: `GC and event loop of ${svc}`,
      service: svc,
      series: [
        { key: DERIVED.gcShare, label: 'time in GC (%)', scale: 100, color: '#ff7f0e' },
        { key: NODEJS_EVENTLOOP_LAG_P99_SECONDS, label: 'event loop lag p99 (ms)', scale: 1000, color: '#9467bd' },
      ],
      unit: '% | ms',
      min0: true,
    },
    {
      id: 'chart-pool',
      title: `Database connections: ${svc}'s pool`,
      service: svc,
      series: [
        { key: seriesKey(DB_POOL_CONNECTIONS, 'state', 'active'), label: 'pool active' },
        { key: seriesKey(DB_POOL_CONNECTIONS, 'state', 'idle'), label: 'pool idle' },
        { key: DB_POOL_WAITING_CLIENTS, label: 'waiting for a connection', color: '#d62728' },
        { key: DB_POOL_MAX_CONNECTIONS, label: 'pool maximum (configured)', dash: [6, 4], color: '#7f7f7f' },
      ],
      unit: 'connections',
      min0: true,
    },
    {
      id: 'chart-pg',
      title: 'PostgreSQL connections (all clients)',
      service: 'postgres',
      series: [
        { key: PG_STAT_ACTIVITY_COUNT, label: 'connections' },
        { key: PG_SETTINGS_MAX_CONNECTIONS, label: 'max_connections', dash: [6, 4], color: '#d62728' },
      ],
      unit: 'connections',
      min0: true,
    },
    caches.length > 0
      ? {
          id: 'chart-cache',
          title: `In-process caches of ${svc}`,
          service: svc,
          series: caches.map((k) => ({ key: k, label: k.replace(/^.*cache="(.*)"}$/, '$1') })),
          unit: 'entries',
          min0: true,
        }
      : // not missing data: the service has no in-process cache to draw
        { id: 'chart-cache', title: `In-process caches of ${svc}`, service: svc, series: [], unit: 'entries', min0: true, notApplicable: `${svc} keeps no in-process cache.` },
    ...others.map((other) => ({
      title: `Latency p95 of ${other}`,
      service: other,
      series: [{ key: DERIVED.p95, label: other, scale: 1000 }],
      unit: 'ms',
      min0: true,
    })),
  ];
}

/** Whether the chart has a point to draw: a sample of its service, up, with one of its values (the page's rule). */
export function chartHasData(record: RunRecord, chart: DebriefChart): boolean {
  return record.samples.some((s) => s.service === chart.service && s.up && chart.series.some((k) => s.values[k.key] !== undefined));
}

/** The titles of the charts the debrief would show as "no data" (a chart with nothing to draw by design is not one). */
export function chartsWithoutData(record: RunRecord): string[] {
  return debriefCharts(record)
    .filter((c) => !c.notApplicable && !chartHasData(record, c))
    .map((c) => c.title);
}
