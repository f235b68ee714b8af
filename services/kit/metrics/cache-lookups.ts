import { Counter, type Registry } from 'prom-client';

export const CACHE_LOOKUPS_TOTAL = 'cache_lookups_total';

/** Hit ratio = rate(result="hit") / rate(all). */
export function createCacheLookups(registry: Registry): Counter<'cache' | 'result'> {
  return new Counter({
    name: CACHE_LOOKUPS_TOTAL,
    help: 'Lookups in an in-process cache, by result (hit or miss)',
    labelNames: ['cache', 'result'],
    registers: [registry],
  });
}
