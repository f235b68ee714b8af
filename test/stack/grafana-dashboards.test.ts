import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASOURCE_UID, GRAFANA_DIR, readYaml } from './stack-files';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
}

const DASHBOARD_DIR = path.join(GRAFANA_DIR, 'dashboards');
const dashboards = readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(DASHBOARD_DIR, file), 'utf8')) as Dashboard }));

/** Every panel, including those inside rows. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** The metric names the services and exporters expose (see services/kit/metrics and prom-client's defaults). */
const KNOWN_METRICS = new Set([
  'http_request_duration_seconds_bucket',
  'http_request_duration_seconds_count',
  'http_request_duration_seconds_sum',
  'http_requests_in_flight',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_limit_bytes',
  'nodejs_heap_old_space_limit_bytes',
  'nodejs_heap_space_size_used_bytes',
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'nodejs_gc_duration_seconds_sum',
  'nodejs_gc_duration_seconds_count',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_active_handles_total',
  'nodejs_active_resources_total',
  'cache_entries',
  'cache_lookups_total',
  'db_pool_connections',
  'db_pool_waiting_clients',
  'db_pool_max_connections',
  'db_query_duration_seconds_bucket',
  'db_query_duration_seconds_count',
  'external_request_duration_seconds_bucket',
  'external_request_duration_seconds_count',
  'pg_stat_activity_count',
  'pg_settings_max_connections',
  'up',
]);
const PROMQL_WORDS = new Set([
  ...['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset'],
  // Aggregations may be followed by a grouping clause before their parenthesis: `sum by (x) (...)`.
  ...['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values'],
]);

/** The metric names an expression selects: identifiers outside label matchers and grouping clauses that are not calls. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1]!)
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word));
}

describe('Grafana provisioning', () => {
  test('the Prometheus data source has the fixed uid and points at the compose service', () => {
    const file = readYaml<{ datasources: Array<{ uid: string; type: string; url: string; isDefault: boolean }> }>(
      'grafana', 'provisioning', 'datasources', 'prometheus.yml',
    );
    expect(file.datasources).toEqual([
      expect.objectContaining({ uid: DATASOURCE_UID, type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
    ]);
  });

  test('the dashboard provider loads the folder the dashboards are in', () => {
    const file = readYaml<{ providers: Array<{ type: string; options: { path: string } }> }>(
      'grafana', 'provisioning', 'dashboards', 'outage-lab.yml',
    );
    // docker-compose.yml mounts ./grafana/provisioning at /etc/grafana/provisioning.
    expect(file.providers.map((p) => [p.type, p.options.path])).toEqual([['file', '/etc/grafana/provisioning/dashboards']]);
  });

  test('there are the overview, Node runtime and data stores dashboards, with unique uids', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual(['data-stores.json', 'node-runtime.json', 'overview.json']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of dashboards) expect(dashboard.title).toMatch(/\S/);
  });

  test.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s: every panel queries the fixed data source', (_file, dashboard) => {
    const panels = allPanels(dashboard.panels);
    expect(panels.length).toBeGreaterThan(4);
    for (const panel of panels) {
      expect({ panel: panel.title, datasource: panel.datasource?.uid }).toEqual({ panel: panel.title, datasource: DATASOURCE_UID });
      expect({ panel: panel.title, hasTargets: (panel.targets?.length ?? 0) > 0 }).toEqual({ panel: panel.title, hasTargets: true });
      for (const target of panel.targets!) {
        expect({ panel: panel.title, uid: target.datasource?.uid }).toEqual({ panel: panel.title, uid: DATASOURCE_UID });
        expect(target.expr.trim()).not.toBe('');
      }
    }
  });

  test.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s: queries use only metrics the lab exposes, no template variables', (_file, dashboard) => {
    for (const panel of allPanels(dashboard.panels)) {
      for (const { expr } of panel.targets ?? []) {
        expect({ expr, unknown: metricNames(expr).filter((m) => !KNOWN_METRICS.has(m)) }).toEqual({ expr, unknown: [] });
        // Without variables the queries run as they are against any Prometheus (the embedded lab's too).
        expect(expr).not.toContain('$');
      }
    }
  });

  test('the metric-name extraction finds metrics and ignores labels, functions and keywords', () => {
    expect(
      metricNames('sum by (service, le) (rate(http_request_duration_seconds_bucket{route!~"/metrics|x"}[1m])) / on (service) up * 0'),
    ).toEqual(['http_request_duration_seconds_bucket', 'up']);
  });
});
