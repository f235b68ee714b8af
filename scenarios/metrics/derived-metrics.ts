/**
 * Names of the values a run's samples hold besides the scraped series: what the runner derives
 * from two scrapes (rates and quantiles over the interval, sample-values.ts) and what a target
 * adds (a container's memory, from the engine). Named like Prometheus series, with their units.
 */
export const DERIVED = {
  p95: 'http_request_duration_p95_seconds',
  requestRate: 'http_requests_per_second',
  errorRatio: 'http_errors_ratio',
  dbP95: 'db_query_duration_p95_seconds',
  externalP95: 'external_request_duration_p95_seconds',
  gcShare: 'nodejs_gc_seconds_per_second',
} as const;

/** The container's memory as the engine counts it (the docker target), and its limit. */
export const CONTAINER_MEMORY_USAGE_BYTES = 'container_memory_usage_bytes';
export const CONTAINER_MEMORY_LIMIT_BYTES = 'container_memory_limit_bytes';

/** A labelled series' key in a sample's values: `db_pool_connections{state="active"}`. */
export function seriesKey(name: string, label: string, value: string): string {
  return `${name}{${label}="${value}"}`;
}

/** Prometheus's own series per scrape target: 1 when the last scrape succeeded (the runner's "up" is its own scrape's). */
export const UP = 'up';
