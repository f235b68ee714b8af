import { z } from 'zod';
import type { FaultRegistry } from '../kit/fault-registry';
import type { CacheSettings, ReadThroughCache } from '../kit/read-through-cache';
import type { Currency, ProductPage } from './product-page';
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
 * catalogue item, 5,000 items → ~40 KB, plus listeners on the library's long-lived engine) that
 * is never closed, so the engine's listener lists keep every session. Retained per call ≈ 41 KB
 * (measured 38.6-40.3 KB). After every ranking the engine tells its 'trending' listeners, in
 * batches of 16 with a timer tick between them: each leaked session fades its buffer, ~100 µs a
 * session of which ~20 µs CPU (measured with 1,000 sessions), so recommendation calls (one at a
 * time) get slower with every session kept and queue once the sessions cost more than a call's
 * share of a second; product pages and search neither leak nor wait, and since the notifications
 * mostly wait, nor do they lose their CPU.
 *
 * page-cache-unbounded — incident 4. The product page cache's entry limit becomes `maxEntries`
 * (0 = no limit) and entries never expire. A cached page with its key and entry is ~21 KB (the
 * page carries its 96 variant and 32 picture links with the campaign ref; measured 21,346 B per
 * new USD key), and ~42 KB in euros (measured 42,323 B: the € sign makes V8 keep the page as a
 * two-byte string). So growth = distinct (product, currency, ref) keys × 21-42 KB: a surge of
 * campaign links with unique `ref` values at ~100 new keys/s in four currencies adds ~2.7 MB/s
 * until the heap passes half its heap limit, where the
 * storefront sheds pages it does not hold (503 OVERLOADED): the campaign visitors, whose pages
 * always miss, get errors; the regulars' warm pages are still served. Switching off restores the
 * limit (the cache shrinks back to it at once: unlike the leaks, a cache setting takes effect
 * immediately).
 */
/** The documented arithmetic above, for tests and benchmarks. */
export const SESSION_BYTES_PER_CALL = 5_000 * 8 + 1_700;
export function pageBytesPerKey(currency: Currency): number {
  return currency === 'EUR' ? 42_300 : 21_300;
}

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
