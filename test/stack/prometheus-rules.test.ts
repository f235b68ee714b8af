import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { commandPath, PROMETHEUS_DIR, readYaml, RULES_DIR } from './stack-files';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}
interface RuleTestFile {
  rule_files: string[];
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules.yml')).sort();
const testFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules.test.yml')).sort();
const alerts = ruleFiles.flatMap((file) =>
  readYaml<RuleFile>('prometheus', 'rules', file).groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => ({ file, rule: r }))),
);

function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(n) * units[unit!]!;
  return total;
}

describe('alert rules (files)', () => {
  test('the symptoms learners must notice each have an alert', () => {
    const names = alerts.map((a) => a.rule.alert);
    for (const expected of [
      'HighLatency',
      'HighErrorRate',
      'HeapGrowing',
      'HeapNearLimit',
      'EventLoopLagHigh',
      'DatabaseConnectionsNearLimit',
      'PoolClientsWaiting',
      'TargetDown',
    ]) {
      expect(names).toContain(expected);
    }
  });

  test('alert names and texts describe symptoms, never causes', () => {
    const causeWords = /leak|unbounded|evict|misconfig|retain|never (released|freed)|too (large|big) a pool/i;
    for (const { rule } of alerts) {
      const text = [rule.alert, rule.annotations?.summary, rule.annotations?.description].join(' ');
      expect({ alert: rule.alert, causes: causeWords.exec(text)?.[0] ?? null }).toEqual({ alert: rule.alert, causes: null });
    }
  });

  test('every alert says what is wrong (summary, description, severity) and waits at most 2 minutes', () => {
    for (const { rule } of alerts) {
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(['page', 'warning']).toContain(rule.labels?.severity);
      // The lab compresses hours into minutes: the first alert must come within ~2-4 minutes of the symptom.
      expect(seconds(rule.for ?? '0s')).toBeLessThanOrEqual(120);
    }
  });

  test('every rule file has a unit test file beside it, and every alert is tested both firing and silent', () => {
    expect(testFiles.map((f) => f.replace('.rules.test.yml', '.rules.yml'))).toEqual(ruleFiles);
    const cases = testFiles.flatMap((file) =>
      readYaml<RuleTestFile>('prometheus', 'rules', file).tests.flatMap((t) => t.alert_rule_test ?? []),
    );
    for (const { rule } of alerts) {
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect({ alert: rule.alert, fires: mine.some((c) => c.exp_alerts.length > 0) }).toEqual({ alert: rule.alert, fires: true });
      expect({ alert: rule.alert, silent: mine.some((c) => c.exp_alerts.length === 0) }).toEqual({ alert: rule.alert, silent: true });
    }
  });
});

const promtool = commandPath('promtool');
if (!promtool) {
  console.warn('SKIPPED promtool checks: promtool is not installed (Debian package "prometheus"; .ci/run installs it)');
}
const withPromtool = promtool ? describe : describe.skip;

function run(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(promtool!, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

withPromtool('promtool', () => {
  test('check config: prometheus.yml is valid and loads exactly the rule files (not their tests)', () => {
    // The file names the rules by their path inside the container; point it at the repository's.
    const dir = mkdtempSync(path.join(tmpdir(), 'outage-lab-prom-'));
    try {
      const config = readYaml<{ rule_files: string[] }>('prometheus', 'prometheus.yml');
      expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.rules.yml']);
      config.rule_files = [path.join(RULES_DIR, '*.rules.yml')];
      const file = path.join(dir, 'prometheus.yml');
      writeFileSync(file, stringify(config));
      const { status, output } = run(['check', 'config', file]);
      expect({ status, output }).toMatchObject({ status: 0 });
      expect(output).toContain(`SUCCESS: ${ruleFiles.length} rule files found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('check config: the file as shipped', () => {
    const { status, output } = run(['check', 'config', path.join(PROMETHEUS_DIR, 'prometheus.yml')]);
    expect({ status, output }).toMatchObject({ status: 0 });
  });

  test('check rules', () => {
    const { status, output } = run(['check', 'rules', ...ruleFiles.map((f) => path.join(RULES_DIR, f))]);
    expect({ status, output }).toMatchObject({ status: 0 });
  });

  test('test rules: each alert fires when the symptom lasts, and not otherwise', () => {
    const { status, output } = run(['test', 'rules', ...testFiles.map((f) => path.join(RULES_DIR, f))]);
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(output.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });
});
