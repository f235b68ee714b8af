import { flattenShape, type Stage } from '../../load/shapes';
import type { RunPlan } from '../run-plan';
import { HTTP_REQUEST_DURATION_SECONDS } from '../../services/kit/metrics/http-request-duration';

/**
 * The same hours of the day before, as Prometheus would have scraped them: the run's own traffic
 * plan (same populations, routes and rates, the same morning peak) with the fault off, every
 * request answered fast. Written as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics`, so that `rate(...[1m] offset 1d)` (and the overview dashboard's "day before"
 * series) shows learners that the jump they suspect of being an attack happens every morning.
 */

export const DAY_MS = 24 * 60 * 60_000;
/** Scrape step of the generated series. */
const STEP_MS = 15_000;
/** History before and after the arc's hours, so the comparison has context on either side. */
const MARGIN_MS = 30 * 60_000;
/** Cumulative share of requests under each bucket bound: a healthy service answers in a few ms. */
const HEALTHY_LATENCY: ReadonlyArray<[number, number]> = [
  [0.005, 0.55],
  [0.01, 0.9],
  [0.025, 0.99],
  [0.05, 1],
];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MEAN_SECONDS = 0.006;

export interface EarlierDayOptions {
  plan: RunPlan;
  /** the scenario's service: its `service` label */
  service: string;
  /** the labels Prometheus adds to that service's series (job, instance) */
  targetLabels: Record<string, string>;
  /** when the run's arc starts (epoch ms); the history is the day before */
  startMs: number;
}

interface RouteRate {
  labels: Record<string, string>;
  /** share of the population's requests */
  share: number;
}

/** The route label a request gets in the service (its Express template, without the query). */
function routeLabel(path: string): string {
  return path.split('?')[0]!;
}

function successStatus(method: string): string {
  return method === 'POST' ? '201' : '200';
}

/** Requests per second of a flattened shape at `t` ms from its start (the first and last rate outside it). */
export function rateAt(stages: readonly Stage[], t: number): number {
  if (stages.length === 0) return 0;
  if (t < 0) return stages[0]!.fromRate;
  for (const s of stages) {
    if (t < s.startMs + s.durationMs) return s.fromRate + ((s.toRate - s.fromRate) * (t - s.startMs)) / s.durationMs;
  }
  return stages[stages.length - 1]!.toRate;
}

/** Each route's share of one population's requests, from its segments' shares and route weights. */
function routeShares(plan: RunPlan['loads'][number]): RouteRate[] {
  const byKey = new Map<string, RouteRate>();
  const total = plan.segments.reduce((sum, s) => sum + s.share, 0) || 1;
  for (const segment of plan.segments) {
    const weights = segment.mix.reduce((sum, r) => sum + (r.weight ?? 1), 0) || 1;
    for (const route of segment.mix) {
      const method = route.method ?? 'GET';
      const labels = { method, route: routeLabel(route.path), status_code: successStatus(method) };
      const key = JSON.stringify(labels);
      const share = (segment.share / total) * ((route.weight ?? 1) / weights);
      const known = byKey.get(key);
      if (known) known.share += share;
      else byKey.set(key, { labels, share });
    }
  }
  return [...byKey.values()];
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}

/** OpenMetrics text (timestamps in seconds) of the service's request histogram over the day before. */
export function earlierDayOpenMetrics({ plan, service, targetLabels, startMs }: EarlierDayOptions): string {
  const from = startMs - DAY_MS - MARGIN_MS;
  const to = startMs - DAY_MS + plan.totalMs + MARGIN_MS;
  const loads = plan.loads.map((load) => ({ stages: flattenShape(load.shape), routes: routeShares(load) }));
  // Cumulative counts per route, stepped through the window.
  const series = new Map<string, { labels: Record<string, string>; points: Array<[number, number]> }>();
  const counts = new Map<string, number>();
  for (let t = from; t <= to; t += STEP_MS) {
    const perRoute = new Map<string, { labels: Record<string, string>; rate: number }>();
    for (const load of loads) {
      const rate = rateAt(load.stages, t - (startMs - DAY_MS));
      for (const r of load.routes) {
        const key = JSON.stringify(r.labels);
        const entry = perRoute.get(key) ?? { labels: r.labels, rate: 0 };
        entry.rate += rate * r.share;
        perRoute.set(key, entry);
      }
    }
    for (const [key, { labels, rate }] of perRoute) {
      const count = (counts.get(key) ?? 0) + (t === from ? 0 : (rate * STEP_MS) / 1000);
      counts.set(key, count);
      let s = series.get(key);
      if (!s) series.set(key, (s = { labels, points: [] }));
      s.points.push([t, count]);
    }
  }
  const lines: string[] = [`# TYPE ${HTTP_REQUEST_DURATION_SECONDS} histogram`];
  const name = HTTP_REQUEST_DURATION_SECONDS;
  for (const { labels, points } of series.values()) {
    const base = { ...labels, service, ...targetLabels };
    const emit = (suffix: string, extra: Record<string, string>, value: (count: number) => number): void => {
      const text = labelText({ ...base, ...extra });
      for (const [t, count] of points) lines.push(`${name}${suffix}{${text}} ${round(value(count))} ${(t / 1000).toFixed(3)}`);
    };
    for (const le of BUCKETS) {
      const share = HEALTHY_LATENCY.find(([bound]) => bound >= le)?.[1] ?? 1;
      emit('_bucket', { le: String(le) }, (c) => c * share);
    }
    emit('_bucket', { le: '+Inf' }, (c) => c);
    emit('_count', {}, (c) => c);
    emit('_sum', {}, (c) => c * MEAN_SECONDS);
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
