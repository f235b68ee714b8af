import { bucketDelta, histogramQuantile, type Buckets } from './histogram';
import { DERIVED, seriesKey } from './derived-metrics';
import type { MetricsSnapshot } from './metrics-snapshot';

/**
 * What one sample of the run record holds: the gauges of the scrape, and over the interval since
 * the previous scrape the request rate, the share of 5xx, p95 (from the histogram's bucket deltas,
 * overall and per route) and the share of time spent in GC. A restart between the two scrapes
 * resets the counters: the deltas then start from zero, as rate() does.
 */
export function sampleValues(current: MetricsSnapshot, previous: MetricsSnapshot | undefined): Record<string, number> {
  const values: Record<string, number> = { ...current.gauges };
  if (!current.up || !previous?.up) return values;
  const seconds = (current.at - previous.at) / 1000;
  if (!(seconds > 0)) return values;
  const restarted = current.startTimeSeconds !== previous.startTimeSeconds;
  const count = delta(current.requests.count, previous.requests.count, restarted);
  const errors = delta(current.requests.errors, previous.requests.errors, restarted);
  values[DERIVED.requestRate] = round(count / seconds);
  if (count > 0) {
    values[DERIVED.errorRatio] = round(errors / count);
    setQuantile(values, DERIVED.p95, bucketDelta(current.requests.buckets, restarted ? undefined : previous.requests.buckets));
    for (const [route, buckets] of current.requests.byRoute) {
      const routeDelta = bucketDelta(buckets, restarted ? undefined : previous.requests.byRoute.get(route));
      if (total(routeDelta) > 0) setQuantile(values, seriesKey(DERIVED.p95, 'route', route), routeDelta);
    }
  }
  setQuantile(values, DERIVED.dbP95, bucketDelta(current.dbQueries, restarted ? undefined : previous.dbQueries));
  setQuantile(values, DERIVED.externalP95, bucketDelta(current.externalRequests, restarted ? undefined : previous.externalRequests));
  if (current.gcSeconds !== undefined && previous.gcSeconds !== undefined) {
    values[DERIVED.gcShare] = round(Math.max(0, delta(current.gcSeconds, previous.gcSeconds, restarted)) / seconds);
  }
  return values;
}

function delta(now: number, before: number, restarted: boolean): number {
  return restarted || now < before ? now : now - before;
}

function total(buckets: Buckets): number {
  return buckets.get(Infinity) ?? Math.max(0, ...buckets.values());
}

function setQuantile(values: Record<string, number>, name: string, buckets: Buckets): void {
  const q = histogramQuantile(0.95, buckets);
  if (q !== undefined) values[name] = round(q);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
