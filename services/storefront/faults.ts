import { deliverFault } from '../../catalogue/fault-delivery';
import { pageCacheUnboundedParams, recommendationSessionsParams } from './fault-params';
import type { Currency } from './product-page';

/**
 * The storefront's faults, as they arrive: releases. This module is the instructor's side (the
 * catalogue's): the service never loads it, it only sees the release and its configuration.
 *
 * recommendation-sessions — incident 3, release 3.9.0 (similarity-reco's sessions). Personalised
 * recommendations roll out to `rolloutPercent` of users; for them every call opens a similarity-reco
 * session (a score buffer of 8 bytes per catalogue item, 5,000 items → ~40 KB, plus listeners on
 * the library's long-lived engine) that is never closed, so the engine's listener lists keep every
 * session. Retained per call ≈ 41 KB (measured 38.6-40.3 KB). After every ranking the engine tells
 * its 'trending' listeners, in batches of 16 with a timer tick between them: each leaked session
 * fades its buffer, ~100 µs a session of which ~20 µs CPU (measured with 1,000 sessions), so
 * recommendation calls (one at a time) get slower with every session kept and queue once the
 * sessions cost more than a call's share of a second; product pages and search neither leak nor
 * wait, and since the notifications mostly wait, nor do they lose their CPU.
 *
 * page-cache-unbounded — incident 4, release 3.10.0. The release ships the product page cache
 * without its size limit (`pageCache.maxEntries` 0 = no limit) and without expiry. A cached page
 * with its key and entry is ~21 KB (the page carries its 96 variant and 32 picture links with the
 * campaign ref; measured 21,346 B per new USD key), and ~42 KB in euros (measured 42,323 B: the €
 * sign makes V8 keep the page as a two-byte string). So growth = distinct (product, currency, ref)
 * keys × 21-42 KB: a surge of campaign links with unique `ref` values at ~100 new keys/s in four
 * currencies adds ~2.7 MB/s until the heap passes half its heap limit, where the storefront sheds
 * pages it does not hold (503 OVERLOADED): the campaign visitors, whose pages always miss, get
 * errors; the regulars' warm pages are still served. The same release has the memory guard turn
 * away only `shedPercent` (75) of those pages: one in four is still rendered and cached, so past
 * half the heap the cache grows four times slower but does not stop. Nobody acting, the heap
 * reaches its limit: GC takes the process over, then V8 aborts it (the report's "the server became
 * unresponsive"); the supervisor starts it again, empty, and the surge fills it again. Only this
 * release changes the guard: incident 3's leak still meets a guard that sheds every uncached page. Rolling back, or setting a limit again
 * (`ops set storefront pageCache.maxEntries=500`), bounds it at once: unlike the leaks, a cache
 * setting takes effect immediately (the cache shrinks back to it).
 */
/** The documented arithmetic above, for tests and benchmarks. */
export const SESSION_BYTES_PER_CALL = 5_000 * 8 + 1_700;
export function pageBytesPerKey(currency: Currency): number {
  return currency === 'EUR' ? 42_300 : 21_300;
}

/** A page cache limit above this is no limit in practice: the cause is still there. */
const SANE_PAGE_CACHE_ENTRIES = 10_000;

export const storefrontFaults = {
  'recommendation-sessions': deliverFault({
    description: 'Personalised recommendations for rolloutPercent of users; each call leaks a library session (~41 KB)',
    params: recommendationSessionsParams,
    arrives: { release: { version: '3.9.0', changelog: 'similarity-reco sessions: recommendations personalised from what the shopper just looked at' } },
    changes: ({ rolloutPercent }) => ({ 'recommendations.personalisedPercent': rolloutPercent }),
    paramKeys: { rolloutPercent: 'recommendations.personalisedPercent' },
    present: (c) => Number(c['recommendations.personalisedPercent']) > 0,
  }),
  'page-cache-unbounded': deliverFault({
    description: 'The product page cache stops evicting (maxEntries 0 = no limit, no expiry)',
    params: pageCacheUnboundedParams,
    arrives: { release: { version: '3.10.0', changelog: 'Campaign landing pages stay cached for the whole campaign; fewer of them turned away under memory pressure' } },
    changes: ({ maxEntries, shedPercent }) => ({ 'pageCache.maxEntries': maxEntries, 'pageCache.ttlMs': 0, 'memory.shedPercent': shedPercent }),
    paramKeys: { maxEntries: 'pageCache.maxEntries', shedPercent: 'memory.shedPercent' },
    present: (c) => c['pageCache.maxEntries'] === 0 || Number(c['pageCache.maxEntries']) > SANE_PAGE_CACHE_ENTRIES,
  }),
};
