import { distinctKey, intBetween, oneOf, perUser, type DrawContext } from './params';
import type { RouteSpec, Segment } from './route-mix';

/**
 * The default traffic of each lab service: which users call what (the service catalogue names
 * each service's mix). `distinctKeys` draws the cacheable keys from a large key space (what a
 * surge of new keys looks like).
 */

export interface WidgetApiMixOptions {
  /** widget ids (default 1..200) */
  maxId?: number;
  /** which widgets are complex (default id % 5 === 0) */
  isComplex?: (id: number) => boolean;
  /** share of users who render complex widgets (default 0.3) */
  complexUserShare?: number;
  distinctKeys?: boolean;
}

/** widget-api: a share of users render complex widgets; the others only simple ones. */
export function widgetApiMix(o: WidgetApiMixOptions = {}): Segment[] {
  const maxId = o.maxId ?? 200;
  const isComplex = o.isComplex ?? ((id: number) => id % 5 === 0);
  const share = o.complexUserShare ?? 0.3;
  const simpleId = intBetween(1, maxId, (id) => !isComplex(id));
  const complexId = intBetween(1, maxId, isComplex);
  // Only the 200 seeded widgets exist: distinct keys come from the list's pages, not from ids.
  const common: RouteSpec[] = [
    o.distinctKeys
      ? { path: '/widgets?limit=:limit&offset=:offset', weight: 2, params: { limit: intBetween(1, 100), offset: distinctKey(1_000_000) } }
      : { path: '/widgets', weight: 2 },
    { path: '/widgets/:id', weight: 3, params: { id: intBetween(1, maxId) } },
    { path: '/widgets/:id/quote', weight: 1, params: { id: intBetween(1, maxId) } },
    { path: '/insights', weight: 0.5 },
  ];
  return [
    {
      name: 'complex-renderers',
      share,
      mix: [...common, { path: '/widgets/:id/render', weight: 5, params: { id: complexId } }],
    },
    {
      name: 'simple-renderers',
      share: 1 - share,
      mix: [...common, { path: '/widgets/:id/render', weight: 3, params: { id: simpleId } }],
    },
  ];
}

export interface StorefrontMixOptions {
  /** product ids (default 1..5000) */
  maxProductId?: number;
  categories?: string[];
  /** share of users who shop (recommendations, cart, checkout) rather than browse (default 0.4) */
  shopperShare?: number;
  distinctKeys?: boolean;
}

// Categories the storefront knows (services/storefront/schema.ts); others are refused with 400.
export const STOREFRONT_CATEGORIES = ['audio', 'books', 'garden', 'kitchen', 'sports', 'toys'];
export const STOREFRONT_CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'];

/** storefront: browsers list and view products; shoppers also get recommendations, fill a cart and check out. */
export function storefrontMix(o: StorefrontMixOptions = {}): Segment[] {
  const maxId = o.maxProductId ?? 5000;
  const productId = intBetween(1, maxId);
  const listing = {
    path: '/products?category=:category&page=:page',
    weight: 3,
    params: { category: oneOf(o.categories ?? STOREFRONT_CATEGORIES), page: intBetween(0, 20) },
  };
  // The page cache's key is (product, currency, ref): campaign links with unique `ref` values
  // are what brings many distinct keys (only products 1..maxId exist).
  const product: RouteSpec = o.distinctKeys
    ? {
        path: '/products/:id?currency=:currency&ref=:ref',
        weight: 4,
        params: { id: productId, currency: oneOf(STOREFRONT_CURRENCIES), ref: distinctKey(1_000_000_000, 'cmp-') },
      }
    : { path: '/products/:id', weight: 4, params: { id: productId } };
  const cartId = perUser((u) => `cart-u${u}`);
  return [
    {
      name: 'shoppers',
      share: o.shopperShare ?? 0.4,
      mix: [
        listing,
        product,
        { path: '/products/:id/recommendations', weight: 3, params: { id: productId } },
        { path: '/carts/:cartId', weight: 1, params: { cartId } },
        {
          method: 'POST',
          path: '/carts/:cartId/items',
          weight: 1,
          params: { cartId },
          body: ({ rng, userIndex }: DrawContext) => ({
            productId: 1 + Math.floor(rng() * maxId),
            quantity: 1 + (userIndex % 3),
          }),
        },
        { method: 'POST', path: '/checkout', weight: 0.5, body: ({ userIndex }: DrawContext) => ({ cartId: `cart-u${userIndex}` }) },
      ],
    },
    { name: 'browsers', share: 1 - (o.shopperShare ?? 0.4), mix: [listing, product] },
  ];
}

export interface WidgetifyMixOptions {
  /** widget ids (default 1..1000) */
  maxId?: number;
  distinctKeys?: boolean;
}

const SEARCH_TERMS = ['blue', 'red', 'green', 'gear', 'sprocket', 'widget', 'mini', 'max', 'pro', 'eco'];
const COLORS = ['red', 'green', 'blue', 'black', 'white'];

/** widgetify: one population reading, searching and now and then creating widgets. */
export function widgetifyMix(o: WidgetifyMixOptions = {}): Segment[] {
  const maxId = o.maxId ?? 1000;
  return [
    {
      name: 'all',
      share: 1,
      mix: [
        { path: '/widgets', weight: 3 },
        { path: '/widgets/:id', weight: 5, params: { id: intBetween(1, maxId) } },
        { path: '/widgets/search?q=:q', weight: 2, params: { q: o.distinctKeys ? distinctKey(1_000_000, 'w') : oneOf(SEARCH_TERMS) } },
        {
          method: 'POST',
          path: '/widgets',
          weight: 1,
          body: ({ rng }: DrawContext) => ({
            name: `widget-${Math.floor(rng() * 1e6)}`,
            color: COLORS[Math.floor(rng() * COLORS.length)],
            priceCents: 100 + Math.floor(rng() * 9900),
          }),
        },
      ],
    },
  ];
}
