import { readFileSync } from 'node:fs';
import path from 'node:path';
import { metricNames, parsePromql } from '../../console/metrics/promql-ast';
import { PANELS } from '../../console/metrics/panels';

const DASHBOARDS = path.join(__dirname, '..', '..', 'grafana', 'provisioning', 'dashboards');

interface GrafanaPanel {
  title: string;
  targets?: Array<{ expr: string; legendFormat?: string }>;
}

describe('console panels and the Grafana dashboards', () => {
  test.each(PANELS.map((p) => [p.id, p] as const))('%s: each query is a Grafana panel query of its dashboard, with the same legend', (_id, panel) => {
    const dashboard = JSON.parse(readFileSync(path.join(DASHBOARDS, panel.dashboard), 'utf8')) as { panels: GrafanaPanel[] };
    const grafana = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ expr: t.expr, legend: t.legendFormat ?? '' })));
    for (const query of panel.queries) expect(grafana).toContainEqual({ expr: query.expr, legend: query.legend });
  });

  test('the issue asks for these panels, and each query parses with the console engine', () => {
    expect(PANELS.map((p) => p.id)).toEqual([
      'heap', 'heap-spaces', 'rss', 'gc', 'event-loop', 'request-rate', 'latency-by-route', 'errors-by-status', 'pool', 'postgres', 'cache-entries', 'cache-hit-ratio',
    ]);
    for (const panel of PANELS) for (const q of panel.queries) expect(metricNames(parsePromql(q.expr)).length).toBeGreaterThan(0);
  });
});
