import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Metric names are spelled once, as exported constants of the metric files: the services' and
 * exporters' series (services/kit/metrics/) and the names of what a run's samples derive
 * (scenarios/metrics/derived-metrics.ts). Anywhere else in the source, a name is imported.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const METRIC_FILES = [
  ...readdirSync(path.join(ROOT, 'services/kit/metrics')).map((f) => `services/kit/metrics/${f}`),
  'scenarios/metrics/derived-metrics.ts',
];
const SOURCE_DIRS = ['common', 'catalogue', 'services', 'lab', 'cli', 'load', 'scenarios', 'grading', 'heap', 'bench', 'console'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
  );
}

/** Every string a metric file exports (constants, and the values of exported objects of them). */
function metricNames(): string[] {
  const names = new Set<string>();
  for (const file of METRIC_FILES) {
    for (const value of Object.values(require(path.join(ROOT, file)) as Record<string, unknown>)) {
      for (const v of typeof value === 'object' && value !== null ? Object.values(value) : [value]) {
        if (typeof v === 'string' && /^[a-z][a-z0-9_]*$/.test(v)) names.add(v);
      }
    }
  }
  return [...names];
}

/** The code without its comments (what a comment says about a series is not a use of it). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

test('the metric files name the series the lab reads', () => {
  expect(metricNames()).toEqual(expect.arrayContaining(['http_request_duration_seconds', 'nodejs_heap_size_used_bytes', 'pg_stat_activity_count', 'http_request_duration_p95_seconds', 'up']));
});

test('no metric name is spelled outside the metric files', () => {
  const names = metricNames().filter((n) => n.includes('_'));
  const spelled: string[] = [];
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    if (METRIC_FILES.includes(file)) continue;
    const text = code(readFileSync(path.join(ROOT, file), 'utf8'));
    for (const name of names) if (new RegExp(`\\b${name}\\b`).test(text)) spelled.push(`${file}: ${name}`);
  }
  expect(spelled).toEqual([]);
});
