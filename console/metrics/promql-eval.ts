import { histogramQuantile } from '../../scenarios/metrics/histogram';
import { parsePromql, UnsupportedQueryError, type Expr, type Matcher, type VectorMatching } from './promql-ast';

/**
 * Evaluates the PromQL forms the lab's dashboards and alert rules use over an in-process series
 * source, the way Prometheus does: instant vectors with a lookback, range selectors, rate() with
 * Prometheus's extrapolation, deriv(), changes(), time(), histogram_quantile(), sum/min/max/avg/count
 * by/without, arithmetic and comparisons with one-to-one and group_left/right matching, and/or/unless.
 * Not a general engine: what it does not know (subqueries, offset, other functions) is refused.
 * (Over 300 lines on purpose: the helpers mirror Prometheus's engine function by function, and read
 * best beside each other.)
 */

export type Labels = Record<string, string>;
export interface Sample {
  labels: Labels;
  value: number;
}
export type Value = { kind: 'scalar'; value: number } | { kind: 'vector'; samples: Sample[] };

/** A series as the source holds it: labels (with __name__) and samples [ms, value], oldest first. */
export interface SourceSeries {
  labels: Labels;
  points: ReadonlyArray<readonly [number, number]>;
  /** the target's latest scrape in the window did not have it: an instant selector skips it */
  stale?: boolean;
}

export interface SeriesSource {
  /** Series of a metric whose labels pass the matchers, with their samples in (from, to]. */
  select(name: string, matchers: Matcher[], from: number, to: number): SourceSeries[];
}

/** Results of recording rules, read by the rules after them (at the same instant). */
export type Recorded = Map<string, Sample[]>;

/** How far back an instant selector looks for the latest sample (Prometheus's default). */
export const LOOKBACK_MS = 5 * 60_000;

export function matches(labels: Labels, matchers: Matcher[]): boolean {
  return matchers.every((m) => {
    const value = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return m.re!.test(value);
      case '!~':
        return !m.re!.test(value);
    }
  });
}

export class PromqlEvaluator {
  constructor(private readonly source: SeriesSource) {}

  /** The expression's value at `at` (epoch ms). */
  instant(query: string | Expr, at: number, recorded?: Recorded): Value {
    return this.eval(typeof query === 'string' ? parsePromql(query) : query, at, recorded);
  }

  /** The expression at each step from start to end: one series per label set, values aligned to `times` (null where absent). */
  range(query: string, start: number, end: number, stepMs: number): { times: number[]; series: Array<{ labels: Labels; values: Array<number | null> }> } {
    const expr = parsePromql(query);
    const times: number[] = [];
    for (let t = start; t <= end; t += stepMs) times.push(t);
    const byKey = new Map<string, { labels: Labels; values: Array<number | null> }>();
    times.forEach((t, i) => {
      const value = this.eval(expr, t);
      const samples = value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
      for (const s of samples) {
        const key = labelKey(s.labels);
        let series = byKey.get(key);
        if (!series) byKey.set(key, (series = { labels: s.labels, values: new Array<number | null>(times.length).fill(null) }));
        series.values[i] = Number.isFinite(s.value) ? s.value : null;
      }
    });
    return { times, series: [...byKey.values()] };
  }

  private eval(expr: Expr, at: number, recorded?: Recorded): Value {
    switch (expr.type) {
      case 'number':
        return { kind: 'scalar', value: expr.value };
      case 'selector': {
        if (expr.rangeMs !== undefined) throw new UnsupportedQueryError('a range selector must be inside a function such as rate()');
        const fromRule = recorded?.get(expr.name);
        if (fromRule) return { kind: 'vector', samples: fromRule.filter((s) => matches(s.labels, expr.matchers)) };
        const samples: Sample[] = [];
        for (const series of this.source.select(expr.name, expr.matchers, at - LOOKBACK_MS, at)) {
          const last = series.points[series.points.length - 1];
          if (last && !series.stale) samples.push({ labels: series.labels, value: last[1] });
        }
        return { kind: 'vector', samples };
      }
      case 'negate': {
        const inner = this.eval(expr.expr, at, recorded);
        return inner.kind === 'scalar' ? { kind: 'scalar', value: -inner.value } : { kind: 'vector', samples: inner.samples.map((s) => ({ labels: dropName(s.labels), value: -s.value })) };
      }
      case 'call':
        return this.call(expr.fn, expr.args, at, recorded);
      case 'aggregate':
        return { kind: 'vector', samples: aggregate(expr.op, expr.grouping, this.vector(expr.expr, at, recorded)) };
      case 'binary':
        return binary(expr.op, expr.bool, expr.matching, this.eval(expr.lhs, at, recorded), this.eval(expr.rhs, at, recorded));
    }
  }

  private vector(expr: Expr, at: number, recorded?: Recorded): Sample[] {
    const value = this.eval(expr, at, recorded);
    if (value.kind !== 'vector') throw new UnsupportedQueryError('expected an instant vector');
    return value.samples;
  }

  private matrix(expr: Expr, at: number): SourceSeries[] {
    if (expr.type !== 'selector' || expr.rangeMs === undefined) throw new UnsupportedQueryError('expected a range selector such as x[1m]');
    return this.source.select(expr.name, expr.matchers, at - expr.rangeMs, at);
  }

  private call(fn: string, args: Expr[], at: number, recorded?: Recorded): Value {
    const overRange = (compute: (points: SourceSeries['points'], rangeMs: number) => number | undefined): Value => {
      const arg = args[0]!;
      const rangeMs = arg.type === 'selector' ? (arg.rangeMs ?? 0) : 0;
      const samples: Sample[] = [];
      for (const series of this.matrix(arg, at)) {
        const value = compute(series.points, rangeMs);
        if (value !== undefined) samples.push({ labels: dropName(series.labels), value });
      }
      return { kind: 'vector', samples };
    };
    switch (fn) {
      case 'time':
        return { kind: 'scalar', value: at / 1000 };
      case 'rate':
        return overRange((points, rangeMs) => extrapolatedRate(points, at - rangeMs, at, true));
      case 'increase':
        return overRange((points, rangeMs) => {
          const r = extrapolatedRate(points, at - rangeMs, at, true);
          return r === undefined ? undefined : (r * rangeMs) / 1000;
        });
      case 'deriv':
        return overRange((points) => slope(points));
      case 'changes':
        return overRange((points) => (points.length === 0 ? undefined : points.slice(1).filter((p, i) => p[1] !== points[i]![1]).length));
      case 'histogram_quantile': {
        const q = this.eval(args[0]!, at, recorded);
        if (q.kind !== 'scalar') throw new UnsupportedQueryError('histogram_quantile needs a number first');
        return { kind: 'vector', samples: quantiles(q.value, this.vector(args[1]!, at, recorded)) };
      }
      default:
        throw new UnsupportedQueryError(`the function ${fn}() is not supported by the lab's query engine`);
    }
  }
}

export function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** Prometheus's extrapolatedRate (promql/functions.go): the increase over the window, extrapolated to its edges, per second. */
function extrapolatedRate(points: SourceSeries['points'], rangeStart: number, rangeEnd: number, isCounter: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let result = last[1] - first[1];
  if (isCounter) {
    for (let i = 1; i < points.length; i++) if (points[i]![1] < points[i - 1]![1]) result += points[i - 1]![1];
  }
  const sampled = (last[0] - first[0]) / 1000;
  if (sampled <= 0) return undefined;
  let toStart = (first[0] - rangeStart) / 1000;
  const toEnd = (rangeEnd - last[0]) / 1000;
  const average = sampled / (points.length - 1);
  if (isCounter && result > 0 && first[1] >= 0) {
    const toZero = sampled * (first[1] / result);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = average * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : average / 2;
  interval += toEnd < threshold ? toEnd : average / 2;
  return (result * (interval / sampled)) / ((rangeEnd - rangeStart) / 1000);
}

/** Least-squares slope per second (deriv()). */
function slope(points: SourceSeries['points']): number | undefined {
  if (points.length < 2) return undefined;
  const t0 = points[0]![0];
  let n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0;
  for (const [t, v] of points) {
    const x = (t - t0) / 1000;
    n++;
    sx += x;
    sy += v;
    sxy += x * v;
    sxx += x * x;
  }
  const den = n * sxx - sx * sx;
  return den === 0 ? undefined : (n * sxy - sx * sy) / den;
}

function quantiles(q: number, samples: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Map<number, number> }>();
  for (const s of samples) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const { le: _, ...rest } = dropName(s.labels);
    const key = labelKey(rest);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: rest, buckets: new Map() }));
    g.buckets.set(le === '+Inf' ? Infinity : Number(le), s.value);
  }
  const out: Sample[] = [];
  for (const g of groups.values()) {
    // Rates of cumulative buckets can come out slightly non-monotonic; Prometheus evens them out the same way.
    const sorted = [...g.buckets].sort((a, b) => a[0] - b[0]);
    let max = 0;
    for (const entry of sorted) entry[1] = max = Math.max(max, entry[1]);
    const value = histogramQuantile(q, new Map(sorted));
    out.push({ labels: g.labels, value: value ?? NaN });
  }
  return out;
}

function aggregate(op: string, grouping: { without: boolean; labels: string[] } | null, samples: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const s of samples) {
    const labels: Labels = {};
    if (grouping?.without) {
      for (const [k, v] of Object.entries(s.labels)) if (k !== '__name__' && !grouping.labels.includes(k)) labels[k] = v;
    } else if (grouping) {
      for (const k of grouping.labels) if (s.labels[k] !== undefined) labels[k] = s.labels[k]!;
    }
    const key = labelKey(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, values: [] }));
    g.values.push(s.value);
  }
  return [...groups.values()].map(({ labels, values }) => {
    switch (op) {
      case 'sum':
        return { labels, value: values.reduce((a, b) => a + b, 0) };
      case 'min':
        return { labels, value: Math.min(...values) };
      case 'max':
        return { labels, value: Math.max(...values) };
      case 'avg':
        return { labels, value: values.reduce((a, b) => a + b, 0) / values.length };
      default:
        return { labels, value: values.length };
    }
  });
}

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '^': return a ** b;
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case '>': return Number(a > b);
    case '<': return Number(a < b);
    case '>=': return Number(a >= b);
    default: return Number(a <= b);
  }
}

function signature(labels: Labels, matching: VectorMatching | null): string {
  const picked: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k === '__name__') continue;
    const listed = matching?.labels.includes(k) ?? false;
    if (matching?.on ? listed : !listed) picked[k] = v;
  }
  return labelKey(picked);
}

function binary(op: string, bool: boolean, matching: VectorMatching | null, lhs: Value, rhs: Value): Value {
  const comparison = COMPARISONS.has(op);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') return { kind: 'scalar', value: arithmetic(op, lhs.value, rhs.value) };
  if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
    const vector = (lhs.kind === 'vector' ? lhs : rhs) as { samples: Sample[] };
    const scalar = (lhs.kind === 'scalar' ? lhs : rhs) as { value: number };
    const samples: Sample[] = [];
    for (const s of vector.samples) {
      const [a, b] = lhs.kind === 'vector' ? [s.value, scalar.value] : [scalar.value, s.value];
      const value = arithmetic(op, a, b);
      if (comparison && !bool) {
        if (value) samples.push({ labels: s.labels, value: s.value });
      } else samples.push({ labels: dropName(s.labels), value });
    }
    return { kind: 'vector', samples };
  }
  const left = lhs.samples;
  const right = rhs.samples;
  if (op === 'and' || op === 'unless') {
    const keys = new Set(right.map((s) => signature(s.labels, matching)));
    return { kind: 'vector', samples: left.filter((s) => keys.has(signature(s.labels, matching)) === (op === 'and')) };
  }
  if (op === 'or') {
    const keys = new Set(left.map((s) => signature(s.labels, matching)));
    return { kind: 'vector', samples: [...left, ...right.filter((s) => !keys.has(signature(s.labels, matching)))] };
  }
  // group_right: the same as group_left with the sides swapped.
  const [many, one, swapped] = matching?.group === 'right' ? [right, left, true] : [left, right, false];
  const ones = new Map<string, Sample>();
  for (const s of one) {
    const key = signature(s.labels, matching);
    if (ones.has(key)) throw new UnsupportedQueryError('many-to-many matching: add on(...) or group_left');
    ones.set(key, s);
  }
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const s of many) {
    const key = signature(s.labels, matching);
    const other = ones.get(key);
    if (!other) continue;
    if (!matching?.group) {
      if (seen.has(key)) throw new UnsupportedQueryError('many-to-one matching without group_left');
      seen.add(key);
    }
    const [a, b] = swapped ? [other.value, s.value] : [s.value, other.value];
    const value = arithmetic(op, a, b);
    if (comparison && !bool) {
      if (value) samples.push({ labels: swapped ? other.labels : s.labels, value: a });
      continue;
    }
    const labels = matching?.group || !matching ? dropName(s.labels) : oneToOneLabels(dropName(s.labels), matching);
    samples.push({ labels, value });
  }
  return { kind: 'vector', samples };
}

/** One-to-one matching: `on (...)` keeps only those labels in the result, `ignoring (...)` drops them (as Prometheus does). */
function oneToOneLabels(labels: Labels, matching: VectorMatching): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => matching.labels.includes(k) === matching.on));
}
