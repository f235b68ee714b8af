import type { FaultRegistry } from '../kit/fault-registry';
import type { CacheSettings, ReadThroughCache } from '../kit/read-through-cache';
import type { ProductPage } from './product-page';
import type { Recommendations } from './recommendations';

export interface StorefrontParts {
  pages: ReadThroughCache<ProductPage>;
  recommendations: Recommendations;
  pageCache: CacheSettings;
}

/** The storefront's lab faults (issue 3). */
export function registerStorefrontFaults(_faults: FaultRegistry, _parts: StorefrontParts): void {}
