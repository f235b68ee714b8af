import { RUNNER_RULES, type RunnerRule } from '../../scenarios/alerts/runner-alerts';
import { alertParts, readRuleFiles, type RuleParts } from '../stack/alert-rule-parts';

/**
 * The YAML alert rules are the truth; the runner evaluates the same rules itself when no
 * Prometheus watches the lab. Rule by rule, the runner's declaration says what the YAML says:
 * name, the series read, the range windows, every number compared with, `for`, the target.
 */

function runnerParts(rule: RunnerRule): RuleParts {
  return {
    name: rule.name,
    forMs: rule.forMs,
    scope: rule.scope,
    reads: [...new Set(rule.reads)].sort(),
    windowsMs: [...new Set(rule.windowsMs)].sort((a, b) => a - b),
    numbers: [...new Set(Object.values(rule.thresholds))].sort((a, b) => a - b),
  };
}

const yaml = alertParts(readRuleFiles());

test('the runner evaluates every alert of the rule files, and only those', () => {
  expect(RUNNER_RULES.map((r) => r.name).sort()).toEqual(yaml.map((r) => r.name).sort());
});

test.each(yaml.map((r) => [r.name, r] as const))('%s: same series, windows, thresholds, `for` and target as its YAML rule', (name, parts) => {
  const runner = RUNNER_RULES.find((r) => r.name === name);
  expect(runner && runnerParts(runner)).toEqual(parts);
});

test('the reading of a rule sees through its recording rules and folds its arithmetic', () => {
  const [latency, growing] = alertParts([
    { record: 'job:rate1m', expr: 'sum by (service) (rate(http_request_duration_seconds_count{route!~"/metrics"}[1m]))' },
    { alert: 'Slow', expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[1m])) > 0.3 and on (service) job:rate1m > 0.1', for: '1m' },
    { alert: 'Growing', expr: 'deriv(nodejs_heap_size_used_bytes[2m]) > 128 * 1024', labels: { service: 'postgres' } },
  ]);
  expect(latency).toEqual({ name: 'Slow', forMs: 60_000, scope: 'service', reads: ['http_request_duration_seconds'], windowsMs: [60_000], numbers: [0.1, 0.3, 0.95] });
  expect(growing).toEqual({ name: 'Growing', forMs: 0, scope: 'database', reads: ['nodejs_heap_size_used_bytes'], windowsMs: [120_000], numbers: [131_072] });
});
