import { Histogram, type Registry } from 'prom-client';

export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';

/** Labelled by route template (never the raw URL), method and status code. */
export function createHttpRequestDuration(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  return new Histogram({
    name: HTTP_REQUEST_DURATION_SECONDS,
    help: 'Duration of HTTP requests, from the first byte read to the last byte written',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
