import { readdirSync } from 'node:fs';
import { readYaml, RULES_DIR } from './stack-files';

/**
 * What an alert rule of prometheus/rules/*.rules.yml is made of, read from its PromQL with the
 * recording rules it uses expanded: the series it reads, its range windows, the numbers it
 * compares with (128 * 1024 folded to 131072), its `for`, and whether it is about PostgreSQL.
 * Not a PromQL parser: enough of one for the lab's rules, which the agreement test compares with
 * the runner's own evaluation of them (scenarios/alerts/runner-alerts.ts).
 */

export interface YamlRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ rules: YamlRule[] }>;
}

export interface RuleParts {
  name: string;
  forMs: number;
  scope: 'service' | 'database';
  reads: string[];
  windowsMs: number[];
  numbers: number[];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** PromQL words that are neither series nor functions. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);
/** A histogram's series (the base name ends with its unit: http_request_duration_seconds_count), not a gauge named _count. */
const HISTOGRAM_SUFFIX = /(_seconds|_bytes)_(bucket|count|sum)$/;

export function durationMs(text: string | undefined): number {
  if (!text) return 0;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

export function readRuleFiles(): YamlRule[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.rules.yml'))
    .sort()
    .flatMap((file) => readYaml<RuleFile>('prometheus', 'rules', file).groups.flatMap((g) => g.rules));
}

/** Each alert's parts, its expression expanded through the recording rules of the same files. */
export function alertParts(rules: readonly YamlRule[]): RuleParts[] {
  const recorded = new Map(rules.filter((r) => r.record).map((r) => [r.record!, r.expr]));
  const expand = (expr: string, depth = 0): string => {
    if (depth > 10) throw new Error(`recording rules nest too deep in ${expr}`);
    const names = [...recorded.keys()].sort((a, b) => b.length - a.length);
    let out = expr;
    for (const name of names) out = out.split(name).join(`(${recorded.get(name)})`);
    return out === expr ? out : expand(out, depth + 1);
  };
  return rules
    .filter((r) => r.alert)
    .map((r) => {
      const expr = expand(r.expr);
      const windowsMs = [...new Set([...expr.matchAll(/\[(\w+)\]/g)].map((m) => durationMs(m[1])))].sort((a, b) => a - b);
      // Label matchers, grouping clauses and ranges hold no series or thresholds.
      const bare = expr
        .replace(/\{[^}]*\}/g, '')
        .replace(/\b(by|on|without|ignoring)\s*\([^)]*\)/g, '')
        .replace(/\[\w+\]/g, '');
      const folded = bare.replace(/(\d+(?:\.\d+)?)\s*\*\s*(\d+(?:\.\d+)?)/g, (_m, a: string, b: string) => String(Number(a) * Number(b)));
      const numbers = [...new Set([...folded.matchAll(/(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
      const reads = new Set<string>();
      for (const m of folded.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
        const [, word, call] = m;
        if (call || KEYWORDS.has(word!)) continue;
        reads.add(word!.replace(HISTOGRAM_SUFFIX, '$1'));
      }
      return {
        name: r.alert!,
        forMs: durationMs(r.for),
        scope: r.labels?.service === 'postgres' ? 'database' : 'service',
        reads: [...reads].sort(),
        windowsMs,
        numbers,
      } satisfies RuleParts;
    });
}
