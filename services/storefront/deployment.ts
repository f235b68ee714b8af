import { z } from 'zod';
import type { Database } from '../kit/database';
import type { Deployment } from '../kit/deployment/deployment';
import type { MemoryGuard } from '../kit/memory-guard';
import type { ReadThroughCache } from '../kit/read-through-cache';
import { declareDeployment, type ServiceKit } from '../kit/service-kit';
import type { ProductPage } from './product-page';
import type { Recommendations } from './recommendations';

export interface StorefrontComponents {
  db: Database;
  pages: ReadThroughCache<ProductPage>;
  recommendations: Recommendations;
  memory: MemoryGuard;
}

/** What went out before: the history `ops releases storefront` starts with. */
export const STOREFRONT_RELEASES = [
  { version: '3.6.0', changelog: 'Product pages in euros, dollars, pounds and yen', daysAgo: 36 },
  { version: '3.7.0', changelog: 'Recommendations from similarity-reco 2.3', daysAgo: 19 },
  { version: '3.7.1', changelog: 'Carts keep their items for 30 days', daysAgo: 10 },
  { version: '3.8.0', changelog: 'Picture galleries with responsive image sizes', daysAgo: 3 },
];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The storefront's settings and code paths, each applied to the component that uses it. */
export function deployStorefront(kit: ServiceKit, { db, pages, recommendations, memory }: StorefrontComponents): Deployment {
  const cache = pages.currentSettings;
  const deployment = declareDeployment(
    kit,
    {
      'pageCache.maxEntries': { description: 'Product pages kept in memory, least recently used go first (0: no limit)', schema: int(0, 1_000_000), default: cache.maxEntries },
      'pageCache.ttlMs': { description: 'How long a cached page stays fresh (0: until evicted)', schema: int(0, 86_400_000), default: cache.ttlMs },
      'recommendations.personalisedPercent': { kind: 'code', description: 'Shoppers who get recommendations from their own session', schema: int(0, 100), default: recommendations.currentSettings.rolloutPercent },
      'memory.shedAboveHeapShare': { description: 'Past this share of the heap limit, pages not in the cache are not rendered (503)', schema: z.number().gt(0).max(1), default: memory.maxHeapShare },
      'memory.shedPercent': { description: 'Past that share, the percent of pages not in the cache refused (503); the rest are rendered', schema: int(0, 100), default: memory.shedPercent },
      'pool.max': { description: 'Most database connections the pool opens', schema: int(1, 1_000), default: db.poolSettings.max },
    },
    STOREFRONT_RELEASES,
  );
  deployment.bind(['pageCache.maxEntries', 'pageCache.ttlMs'], (c) => pages.configure({ maxEntries: c.number('pageCache.maxEntries'), ttlMs: c.number('pageCache.ttlMs') }));
  deployment.bind(['recommendations.personalisedPercent'], (c) => recommendations.configure({ rolloutPercent: c.number('recommendations.personalisedPercent') }));
  deployment.bind(['memory.shedAboveHeapShare'], (c) => (memory.maxHeapShare = c.number('memory.shedAboveHeapShare')));
  deployment.bind(['memory.shedPercent'], (c) => (memory.shedPercent = c.number('memory.shedPercent')));
  deployment.bind(['pool.max'], (c) => db.reconfigure({ max: c.number('pool.max') }));
  return deployment;
}
