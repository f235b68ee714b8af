import { z } from 'zod';
import { Database } from '../kit/database';
import { baseConfigSchema, readConfig } from '../kit/service-config';
import { runServiceMain } from '../kit/service-main';
import { createApp, DEFAULT_PAGE_CACHE, DEFAULT_SHED_ABOVE_HEAP_SHARE } from './app';
import { ProductRepository } from './product-repository';
import { Recommendations } from './recommendations';
import { prepareSchema } from './schema';

const config = readConfig(
  baseConfigSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(4102),
    DATABASE_URL: z.string().min(1),
    DB_POOL_MAX: z.coerce.number().int().positive().default(10),
    PAGE_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(DEFAULT_PAGE_CACHE.maxEntries),
    /** Past this share of the V8 heap limit, pages not in the cache are shed (503 OVERLOADED). */
    SHED_ABOVE_HEAP_SHARE: z.coerce.number().gt(0).max(1).default(DEFAULT_SHED_ABOVE_HEAP_SHARE),
  }),
);

void runServiceMain('storefront', config, async (kit) => {
  const db = new Database({ connectionString: config.DATABASE_URL, name: 'storefront', max: config.DB_POOL_MAX }, kit.registry);
  await prepareSchema(db);
  const recommendations = new Recommendations();
  recommendations.load(await new ProductRepository(db).all());
  const pageCache = { ...DEFAULT_PAGE_CACHE, maxEntries: config.PAGE_CACHE_MAX_ENTRIES };
  return { app: createApp({ kit, db, recommendations, pageCache, shedAboveHeapShare: config.SHED_ABOVE_HEAP_SHARE }), close: () => db.close() };
});
