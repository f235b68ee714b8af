import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePromql, UnsupportedQueryError } from '../../console/metrics/promql-ast';
import { PromqlEvaluator, type Sample } from '../../console/metrics/promql-eval';
import { loadRules, RuleAlerts } from '../../console/metrics/rule-alerts';
import { SeriesStore } from '../../console/metrics/series-store';

const T0 = 1_700_000_000_000;
const STEP = 5_000;

/** A store with two services scraped every 5 s for `scrapes` scrapes; `at(i)` gives each scrape's samples. */
function storeOf(scrapes: number, at: (i: number) => Array<{ labels: Record<string, string>; value: number }>, target = 'services/a'): SeriesStore {
  const store = new SeriesStore({ retentionMs: 10 * 60_000, intervalMs: STEP, maxSeries: 1_000 });
  for (let i = 0; i < scrapes; i++) store.append(target, T0 + i * STEP, at(i));
  return store;
}

const byService = (samples: Sample[]): Record<string, number> => Object.fromEntries(samples.map((s) => [s.labels.status_code ?? s.labels.service ?? '', s.value]));

describe('the console query engine', () => {
  test('rate() of a counter growing 10/s is 10/s, and a restart (counter reset) does not make it negative', () => {
    const store = storeOf(30, (i) => [
      { labels: { __name__: 'requests_total', service: 'a' }, value: (i < 20 ? i : i - 20) * 50 },
    ]);
    const evaluator = new PromqlEvaluator(store);
    const steady = evaluator.instant('rate(requests_total[1m])', T0 + 15 * STEP);
    expect(steady.kind === 'vector' && steady.samples[0]!.value).toBeCloseTo(10, 5);
    const afterReset = evaluator.instant('rate(requests_total[1m])', T0 + 25 * STEP);
    expect(afterReset.kind === 'vector' && afterReset.samples[0]!.value).toBeGreaterThan(0);
  });

  test('histogram_quantile over sum by (service, le) of rates: 95% of requests under 0.25 s', () => {
    const store = storeOf(20, (i) => [
      // per scrape: 90 requests under 0.1 s, 9 more under 0.25, 1 under 1
      { labels: { __name__: 'd_bucket', service: 'a', route: '/x', le: '0.1' }, value: 90 * i },
      { labels: { __name__: 'd_bucket', service: 'a', route: '/x', le: '0.25' }, value: 99 * i },
      { labels: { __name__: 'd_bucket', service: 'a', route: '/x', le: '1' }, value: 100 * i },
      { labels: { __name__: 'd_bucket', service: 'a', route: '/x', le: '+Inf' }, value: 100 * i },
    ]);
    const value = new PromqlEvaluator(store).instant('histogram_quantile(0.95, sum by (service, le) (rate(d_bucket[1m])))', T0 + 19 * STEP);
    expect(value.kind).toBe('vector');
    const p95 = (value as { samples: Sample[] }).samples[0]!;
    expect(p95.labels).toEqual({ service: 'a' });
    expect(p95.value).toBeGreaterThan(0.1);
    expect(p95.value).toBeLessThan(0.25);
  });

  test('group_left divides each status by its service total; and/or/unless match on labels', () => {
    const store = storeOf(3, (): Array<{ labels: Record<string, string>; value: number }> => [
      { labels: { __name__: 'c', service: 'a', status_code: '503' }, value: 5 },
      { labels: { __name__: 'c', service: 'a', status_code: '404' }, value: 15 },
      { labels: { __name__: 't', service: 'a' }, value: 100 },
      { labels: { __name__: 'g', service: 'a', instance: 'x' }, value: 1 },
      { labels: { __name__: 'g', service: 'b', instance: 'y' }, value: 2 },
      { labels: { __name__: 'h', service: 'a', instance: 'x' }, value: 9 },
    ]);
    const evaluator = new PromqlEvaluator(store);
    const share = evaluator.instant('sum by (service, status_code) (c) / on (service) group_left sum by (service) (t)', T0 + 2 * STEP);
    expect(byService((share as { samples: Sample[] }).samples)).toEqual({ '503': 0.05, '404': 0.15 });
    const and = evaluator.instant('g and on (service, instance) h', T0 + 2 * STEP) as { samples: Sample[] };
    expect(and.samples.map((s) => s.labels.service)).toEqual(['a']);
    const unless = evaluator.instant('g unless on (service) h', T0 + 2 * STEP) as { samples: Sample[] };
    expect(unless.samples.map((s) => s.labels.service)).toEqual(['b']);
    const or = evaluator.instant('h or g * 0', T0 + 2 * STEP) as { samples: Sample[] };
    expect(or.samples.map((s) => [s.labels.service, s.value]).sort()).toEqual([['a', 9], ['b', 0]]);
    const filtered = evaluator.instant('g > 1', T0 + 2 * STEP) as { samples: Sample[] };
    expect(filtered.samples.map((s) => s.value)).toEqual([2]);
  });

  test('a series missing from the latest scrape (a process gone) is not current, as after a staleness marker', () => {
    const store = storeOf(10, (i) => (i < 8 ? [{ labels: { __name__: 'g', service: 'a' }, value: 1 }] : []));
    const evaluator = new PromqlEvaluator(store);
    expect((evaluator.instant('g', T0 + 7 * STEP) as { samples: Sample[] }).samples).toHaveLength(1);
    expect((evaluator.instant('g', T0 + 9 * STEP) as { samples: Sample[] }).samples).toHaveLength(0);
  });

  test('what the engine does not know is refused with the part it does not support', () => {
    expect(() => parsePromql('topk(3, x)')).toThrow(UnsupportedQueryError);
    expect(() => new PromqlEvaluator(storeOf(1, () => [])).instant('predict_linear(x[5m], 60)', T0)).toThrow(/predict_linear/);
  });

  test('the store keeps its bound: new series beyond maxSeries are dropped and counted', () => {
    const store = new SeriesStore({ retentionMs: 60_000, intervalMs: STEP, maxSeries: 3 });
    store.append('t', T0, [1, 2, 3, 4, 5].map((n) => ({ labels: { __name__: 'x', n: String(n) }, value: n })));
    expect(store.seriesCount).toBe(3);
    expect(store.dropped).toBe(2);
    expect(store.bytes).toBe((3 + 1) * store.slots * 8);
  });
});

describe('alert rules from YAML over the console scrape', () => {
  test('an alert is pending as soon as its expression holds and fires after `for`; it goes when it stops holding', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    writeFileSync(
      path.join(dir, 'test.rules.yml'),
      [
        'groups:',
        '  - name: t',
        '    rules:',
        '      - record: service:g:sum',
        '        expr: sum by (service) (g)',
        '      - alert: TooHigh',
        '        expr: service:g:sum > 10',
        '        for: 15s',
        '        labels: { severity: page }',
        '        annotations: { summary: "{{ $labels.service }} is too high" }',
      ].join('\n'),
    );
    const values = [1, 1, 20, 20, 20, 20, 20, 1];
    const store = new SeriesStore({ retentionMs: 10 * 60_000, intervalMs: STEP, maxSeries: 100 });
    const rules = new RuleAlerts(new PromqlEvaluator(store), loadRules(dir));
    const states = values.map((v, i) => {
      store.append('services/a', T0 + i * STEP, [{ labels: { __name__: 'g', service: 'a', instance: 'x' }, value: v }]);
      return rules.evaluate(T0 + i * STEP).map((a) => `${a.name}:${a.state}`).join(',');
    });
    expect(states).toEqual(['', '', 'TooHigh:pending', 'TooHigh:pending', 'TooHigh:pending', 'TooHigh:firing', 'TooHigh:firing', '']);
    store.append('services/a', T0 + 8 * STEP, [{ labels: { __name__: 'g', service: 'a', instance: 'x' }, value: 30 }]);
    const [alert] = rules.evaluate(T0 + 8 * STEP);
    expect(alert).toMatchObject({ name: 'TooHigh', service: 'a', severity: 'page', summary: 'a is too high', activeAt: T0 + 8 * STEP });
  });

  test("every rule of prometheus/rules parses and evaluates with the console's engine", () => {
    const rules = loadRules();
    expect(rules.filter((r) => r.kind === 'alert').map((r) => r.name).sort()).toEqual(
      expect.arrayContaining(['HighLatency', 'HighErrorRate', 'HeapGrowing', 'HeapNearLimit', 'TargetDown', 'DatabaseConnectionsNearLimit']),
    );
    const store = storeOf(30, (i) => [{ labels: { __name__: 'up', service: 'a', job: 'services', instance: 'x' }, value: i < 20 ? 1 : 0 }]);
    const alerts = new RuleAlerts(new PromqlEvaluator(store), rules);
    let last: string[] = [];
    for (let i = 0; i < 30; i++) last = alerts.evaluate(T0 + i * STEP).map((a) => `${a.name}:${a.state}`);
    // up == 0 for 50 s, TargetDown's `for` is 30 s
    expect(last).toEqual(['TargetDown:firing']);
  });
});
