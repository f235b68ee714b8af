import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../scenarios/package-root';
import { parseDuration, parsePromql, type Expr } from './promql-ast';
import type { AlertState } from '../shared/api-types';
import { labelKey, type PromqlEvaluator, type Recorded, type Sample } from './promql-eval';

export type { AlertState };

/**
 * prometheus/rules/*.rules.yml evaluated the way Prometheus evaluates them, over the console's own
 * scrape: groups in order, recording rules first feeding the rules after them, each alert pending
 * from the first evaluation its expression returns the series, firing once it has for `for`.
 * The YAML is the only definition: nothing here names a rule.
 */

export interface RuleFileRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}


interface LoadedRule {
  kind: 'record' | 'alert';
  name: string;
  expr: Expr;
  forMs: number;
  labels: Record<string, string>;
  summary: string;
}

export function rulesDir(): string {
  return path.join(packageRoot(), 'prometheus', 'rules');
}

/** Every rule of the rule files, in file and group order. */
export function loadRules(dir = rulesDir()): LoadedRule[] {
  const rules: LoadedRule[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules.yml')).sort()) {
    const doc = parse(readFileSync(path.join(dir, file), 'utf8')) as { groups: Array<{ rules: RuleFileRule[] }> };
    for (const group of doc.groups) {
      for (const rule of group.rules) {
        rules.push({
          kind: rule.record ? 'record' : 'alert',
          name: (rule.record ?? rule.alert)!,
          expr: parsePromql(rule.expr),
          forMs: rule.for ? parseDuration(rule.for) : 0,
          labels: rule.labels ?? {},
          summary: rule.annotations?.summary ?? '',
        });
      }
    }
  }
  // Recording rules first: an alert of one file may read a series recorded in another.
  return [...rules.filter((r) => r.kind === 'record'), ...rules.filter((r) => r.kind === 'alert')];
}

export class RuleAlerts {
  private readonly active = new Map<string, AlertState>();

  constructor(
    private readonly evaluator: PromqlEvaluator,
    private readonly rules: LoadedRule[] = loadRules(),
  ) {}

  /** The metric names the rules read (recorded series excluded): what the scrape must keep. */
  static metricNames(rules: LoadedRule[], names: (expr: Expr) => string[]): string[] {
    const recorded = new Set(rules.filter((r) => r.kind === 'record').map((r) => r.name));
    return rules.flatMap((r) => names(r.expr)).filter((n) => !recorded.has(n));
  }

  get loaded(): readonly LoadedRule[] {
    return this.rules;
  }

  /** One evaluation at `at`; returns the alerts pending or firing after it. */
  evaluate(at: number): AlertState[] {
    const recorded: Recorded = new Map();
    const seen = new Set<string>();
    for (const rule of this.rules) {
      let samples: Sample[];
      try {
        const value = this.evaluator.instant(rule.expr, at, recorded);
        samples = value.kind === 'vector' ? value.samples : [];
      } catch {
        samples = [];
      }
      if (rule.kind === 'record') {
        recorded.set(rule.name, samples.map((s) => ({ labels: { ...s.labels, __name__: rule.name }, value: s.value })));
        continue;
      }
      for (const sample of samples) {
        const { __name__: _, ...labels } = { ...sample.labels, ...rule.labels };
        const key = `${rule.name}|${labelKey(labels)}`;
        seen.add(key);
        let alert = this.active.get(key);
        if (!alert) {
          alert = {
            name: rule.name,
            service: labels.service ?? labels.job ?? '',
            state: 'pending',
            activeAt: at,
            firingAt: null,
            severity: labels.severity ?? '',
            summary: rule.summary.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_m, l: string) => labels[l] ?? ''),
            value: sample.value,
          };
          this.active.set(key, alert);
        }
        alert.value = sample.value;
        if (alert.state === 'pending' && at - alert.activeAt >= rule.forMs) {
          alert.state = 'firing';
          alert.firingAt = at;
        }
      }
    }
    for (const key of this.active.keys()) if (!seen.has(key)) this.active.delete(key);
    return this.current();
  }

  current(): AlertState[] {
    return [...this.active.values()].sort((a, b) => a.activeAt - b.activeAt);
  }
}
