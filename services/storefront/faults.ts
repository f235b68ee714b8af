import { z } from 'zod';
import type { FaultRegistry } from '../kit/fault-registry';
import type { CacheSettings, ReadThroughCache } from '../kit/read-through-cache';
import type { ProductPage } from './product-page';
import type { Recommendations } from './recommendations';

export interface StorefrontParts {
  pages: ReadThroughCache<ProductPage>;
  recommendations: Recommendations;
  pageCache: CacheSettings;
}

/**
 * The storefront's lab faults. Each switches a setting of ordinary code; the bug lives in that code.
 *
 * recommendation-sessions — incident 3. Personalised recommendations roll out to `rolloutPercent`
 * of users; for them every call opens a similarity-reco session (a score buffer of 8 bytes per
 * catalogue item, 5,000 items → ~40 KB, plus a listener on the library's long-lived engine) that
 * is never closed, so the engine's listener list keeps every session. Retained per call ≈ 41 KB
 * (measured 41.7 KB).
 * At the scenario's ~12 recommendation calls/s × 50% rollout that is ~250 KB/s: the 192 MB heap
 * (~150 MB free) fills in about 10 minutes at speed 1, with per-request garbage making GC heavier
 * as it goes.
 *
 * page-cache-unbounded — incident 4. The product page cache's entry limit becomes `maxEntries`
 * (0 = no limit) and entries never expire. A cached page with its key and entry is ~2 KB (measured
 * 1,971 B per new key), so growth = distinct (product, currency, ref) keys × 2 KB: steady traffic
 * over 5,000 products and 4 currencies stays mild (≤ 40 MB in all), a surge of campaign links with
 * unique `ref` values at ~250 new keys/s adds ~0.5 MB/s. Switching off restores the limit (the
 * cache shrinks back to it at once: unlike the leaks, a cache setting takes effect immediately).
 */
/** The documented arithmetic above, for tests and benchmarks. */
export const SESSION_BYTES_PER_CALL = 5_000 * 8 + 1_700;
export const PAGE_BYTES_PER_KEY = 2_000;

export function registerStorefrontFaults(faults: FaultRegistry, { pages, recommendations, pageCache }: StorefrontParts): void {
  faults.define({
    name: 'recommendation-sessions',
    description: 'Personalised recommendations for rolloutPercent of users; each call leaks a library session (~41 KB)',
    params: z.object({ rolloutPercent: z.number().int().min(1).max(100).default(50) }),
    enable: ({ rolloutPercent }) => recommendations.configure({ rolloutPercent }),
    disable: () => recommendations.configure({ rolloutPercent: 0 }),
  });
  faults.define({
    name: 'page-cache-unbounded',
    description: 'The product page cache stops evicting (maxEntries 0 = no limit, no expiry)',
    params: z.object({ maxEntries: z.number().int().min(0).default(0) }),
    enable: ({ maxEntries }) => pages.configure({ maxEntries, ttlMs: 0 }),
    disable: () => pages.configure(pageCache),
  });
}
