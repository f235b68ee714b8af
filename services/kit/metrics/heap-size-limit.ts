import { getHeapStatistics } from 'node:v8';
import { Gauge, type Registry } from 'prom-client';

export const NODEJS_HEAP_SIZE_LIMIT_BYTES = 'nodejs_heap_size_limit_bytes';

/** V8's heap limit (set by --max-old-space-size): what "heap near its limit" is measured against. */
export function createHeapSizeLimit(registry: Registry): Gauge {
  return new Gauge({
    name: NODEJS_HEAP_SIZE_LIMIT_BYTES,
    help: 'V8 heap size limit in bytes',
    registers: [registry],
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  });
}
