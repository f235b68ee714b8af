import type { Express } from 'express';
import { z } from 'zod';
import { sliceFor } from '../kit/client-gone';
import type { Database } from '../kit/database';
import { AppError } from '../kit/errors';
import { MemoryGuard } from '../kit/memory-guard';
import { ReadThroughCache, type CacheSettings } from '../kit/read-through-cache';
import { createServiceApp } from '../kit/service-app';
import type { ServiceKit } from '../kit/service-kit';
import { parse } from '../kit/validation';
import { CURRENCIES, renderProductPage, type ProductPage } from './product-page';
import { ProductRepository } from './product-repository';
import type { Recommendations } from './recommendations';
import { CATEGORIES } from './schema';
import { deployStorefront } from './deployment';

export interface StorefrontDeps {
  kit: ServiceKit;
  db: Database;
  recommendations: Recommendations;
  pageCache?: CacheSettings;
  /** Above this share of the heap limit, pages not in the cache are not rendered (503 OVERLOADED). */
  shedAboveHeapShare?: number;
}

// Of --max-old-space-size (192 MB): a healthy storefront used 13-18% of it in prometheus-lab's
// baseline, plus up to ~21 MB for a full page cache (500 pages × 42 KB in euros); half leaves a margin.
export const DEFAULT_SHED_ABOVE_HEAP_SHARE = 0.5;

/** Bounded: the most requested pages stay in memory, the rest are rendered again. */
export const DEFAULT_PAGE_CACHE: CacheSettings = { maxEntries: 500, ttlMs: 5 * 60_000 };

const idParams = z.object({ id: z.coerce.number().int().positive() });
const cartParams = z.object({ cartId: z.string().regex(/^[\w-]{1,64}$/) });
const listQuery = z.object({
  category: z.enum(CATEGORIES).optional(),
  q: z.string().trim().min(2).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(24),
  page: z.coerce.number().int().min(0).max(1_000).default(0),
});
const pageQuery = z.object({
  currency: z.enum(CURRENCIES).default('EUR'),
  ref: z.string().regex(/^[\w.-]{1,64}$/).optional(),
});
const addItemBody = z.object({ productId: z.number().int().positive(), quantity: z.number().int().min(1).max(99).default(1) });
const checkoutBody = z.object({ cartId: z.string().regex(/^[\w-]{1,64}$/) });

/** The storefront: catalogue, product pages through an in-process cache, recommendations, carts and checkout. */
export function createApp({ kit, db, recommendations, pageCache = DEFAULT_PAGE_CACHE, shedAboveHeapShare = DEFAULT_SHED_ABOVE_HEAP_SHARE }: StorefrontDeps): Express {
  const products = new ProductRepository(db);
  // Under memory pressure the storefront keeps serving the pages it holds and sheds new renders.
  const memory = new MemoryGuard(shedAboveHeapShare);
  // Keyed by everything that changes the page: product, currency and campaign reference.
  const pages = new ReadThroughCache<ProductPage>(kit.registry, 'product-pages', pageCache, async (key) => {
    memory.admit();
    const [id, currency, ref] = key.split('|') as [string, (typeof CURRENCIES)[number], string];
    const product = await products.byId(Number(id));
    if (!product) throw new AppError('NOT_FOUND', `No product ${id}`);
    return renderProductPage(product, currency, ref || undefined);
  });
  kit.readiness.push({ name: 'database', check: () => db.ping() });
  deployStorefront(kit, { db, pages, recommendations, memory });

  return createServiceApp(kit, (router) => {
    router.get('/products', async (req, res) => {
      const { category, q, limit, page } = parse(listQuery, req.query);
      const items = q ? await products.search(q, limit) : await products.page(category, limit, page * limit);
      res.json({ products: items.map(({ description: _d, ...rest }) => rest), page, limit });
    });

    router.get('/products/:id', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const { currency, ref } = parse(pageQuery, req.query);
      res.json(await pages.get(`${id}|${currency}|${ref ?? ''}`));
    });

    router.get('/products/:id/recommendations', async (req, res) => {
      const { id } = parse(idParams, req.params);
      const product = await products.byId(id);
      if (!product) throw new AppError('NOT_FOUND', `No product ${id}`);
      res.json({ productId: id, recommendations: await recommendations.forProduct(id, req.get('x-user-id'), { slicer: sliceFor(res, kit.lifecycle) }) });
    });

    router.get('/carts/:cartId', async (req, res) => {
      const { cartId } = parse(cartParams, req.params);
      const items = await products.cart(cartId);
      res.json({ cartId, items, totalCents: items.reduce((s, i) => s + i.priceCents * i.quantity, 0) });
    });

    router.post('/carts/:cartId/items', async (req, res) => {
      const { cartId } = parse(cartParams, req.params);
      const { productId, quantity } = parse(addItemBody, req.body);
      if (!(await products.byId(productId))) throw new AppError('NOT_FOUND', `No product ${productId}`);
      await products.addToCart(cartId, productId, quantity);
      res.status(201).json({ cartId, productId, quantity });
    });

    router.post('/checkout', async (req, res) => {
      const { cartId } = parse(checkoutBody, req.body);
      const userId = req.get('x-user-id');
      const order = await products.checkout(cartId, userId);
      if (!order) throw new AppError('CONFLICT', 'The cart is empty');
      const { productIds, ...summary } = order;
      // The order is placed: a draining process still answers it, without the suggestions.
      const alsoBought = await recommendations
        .forProduct(productIds[0]!, userId, { recent: productIds, limit: 4, slicer: sliceFor(res, kit.lifecycle) })
        .catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'SHUTTING_DOWN') return [];
          throw err;
        });
      res.status(201).json({ ...summary, alsoBought });
    });
  });
}
