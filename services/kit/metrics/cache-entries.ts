import { Gauge, type Registry } from 'prom-client';

export const CACHE_ENTRIES = 'cache_entries';

export function createCacheEntries(registry: Registry, collect?: (this: Gauge<'cache'>) => void): Gauge<'cache'> {
  return new Gauge({
    name: CACHE_ENTRIES,
    help: 'Entries held by an in-process cache',
    labelNames: ['cache'],
    registers: [registry],
    ...(collect ? { collect } : {}),
  });
}
