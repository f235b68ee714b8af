import { Histogram, type Registry } from 'prom-client';

export const EXTERNAL_REQUEST_DURATION_SECONDS = 'external_request_duration_seconds';

export function createExternalRequestDuration(registry: Registry): Histogram<'dependency' | 'outcome'> {
  return new Histogram({
    name: EXTERNAL_REQUEST_DURATION_SECONDS,
    help: 'Duration of calls to external dependencies',
    labelNames: ['dependency', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
