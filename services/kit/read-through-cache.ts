import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { CACHE_ENTRIES, createCacheEntries } from './metrics/cache-entries';
import { CACHE_LOOKUPS_TOTAL, createCacheLookups } from './metrics/cache-lookups';
import { sharedMetric } from './metrics/service-registry';

export interface CacheSettings {
  /** Most entries kept; the least recently used go first. 0 means no limit. */
  maxEntries: number;
  /** How long an entry stays fresh; 0 means until evicted. */
  ttlMs: number;
}

/**
 * A read-through cache in front of a slower source (the database): `get` answers from memory
 * when it can and loads (once, even for concurrent callers) when it cannot. Entries and hit/miss
 * counts are exported under the cache's name.
 */
export class ReadThroughCache<V extends object> {
  private store: Map<string, V> | LRUCache<string, V>;
  private readonly loading = new Map<string, Promise<V>>();
  private readonly lookups;

  constructor(
    registry: Registry,
    readonly name: string,
    private settings: CacheSettings,
    private readonly load: (key: string) => Promise<V>,
  ) {
    this.store = makeStore<V>(settings);
    this.lookups = sharedMetric(registry, CACHE_LOOKUPS_TOTAL, createCacheLookups);
    caches(registry).set(name, this);
  }

  get size(): number {
    return this.store.size;
  }

  get currentSettings(): CacheSettings {
    return { ...this.settings };
  }

  async get(key: string): Promise<V> {
    const hit = this.store.get(key);
    if (hit !== undefined) {
      this.lookups.inc({ cache: this.name, result: 'hit' });
      // Unbounded, the Map's order is kept as the order of use (LRUCache keeps its own), so that
      // bounding it again keeps the pages in demand, not merely the last ones added.
      if (this.store instanceof Map) {
        this.store.delete(key);
        this.store.set(key, hit);
      }
      return hit;
    }
    this.lookups.inc({ cache: this.name, result: 'miss' });
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
      const value = await pending;
      this.store.set(key, value);
      return value;
    }
    return pending;
  }

  delete(key: string): void {
    this.store.delete(key);
  }

  /** Applies new settings, keeping the most recently used entries that fit. */
  configure(settings: CacheSettings): void {
    if (settings.maxEntries === this.settings.maxEntries && settings.ttlMs === this.settings.ttlMs) return;
    const next = makeStore<V>(settings);
    const recentFirst = this.store instanceof LRUCache ? [...this.store.entries()] : [...this.store.entries()].reverse();
    const keep = settings.maxEntries > 0 ? recentFirst.slice(0, settings.maxEntries) : recentFirst;
    for (const [key, value] of keep.reverse()) next.set(key, value);
    this.store = next;
    this.settings = { ...settings };
  }
}

function makeStore<V extends object>(settings: CacheSettings): Map<string, V> | LRUCache<string, V> {
  if (settings.maxEntries <= 0) return new Map();
  return new LRUCache<string, V>({
    max: settings.maxEntries,
    ...(settings.ttlMs > 0 ? { ttl: settings.ttlMs } : {}),
  });
}

const cachesByRegistry = new WeakMap<Registry, Map<string, { size: number }>>();

/** The entries gauge reads every cache's size at scrape time. */
function caches(registry: Registry): Map<string, { size: number }> {
  let known = cachesByRegistry.get(registry);
  if (!known) {
    const map = new Map<string, { size: number }>();
    known = map;
    cachesByRegistry.set(registry, map);
    sharedMetric(registry, CACHE_ENTRIES, (r) =>
      createCacheEntries(r, function () {
        for (const [cache, c] of map) this.set({ cache }, c.size);
      }),
    );
  }
  return known;
}
