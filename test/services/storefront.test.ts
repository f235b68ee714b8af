import { Database } from '../../services/kit/database';
import type { RunningServer } from '../../services/kit/service-server';
import { createApp } from '../../services/storefront/app';
import { ProductRepository } from '../../services/storefront/product-repository';
import { Recommendations } from '../../services/storefront/recommendations';
import { prepareSchema } from '../../services/storefront/schema';
import { getJson, serve, testKit } from '../support/app-server';
import { createTestDatabase } from '../support/test-database';
import { scrapeValue } from '../support/metrics';

describe('storefront routes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase('storefront');
    const kit = testKit('storefront');
    const db = new Database({ connectionString: database.url, name: 'storefront' }, kit.registry);
    await prepareSchema(db);
    const recommendations = new Recommendations();
    recommendations.load(await new ProductRepository(db).all());
    server = await serve(createApp({ kit, db, recommendations, pageCache: { maxEntries: 3, ttlMs: 60_000 } }), kit, () => db.close());
  });
  afterAll(async () => {
    await server.shutdown();
    await database.drop();
  });

  const post = (path: string, body: unknown, user = 'u1') =>
    getJson(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user-id': user }, body: JSON.stringify(body) });

  it('lists products by category and searches them', async () => {
    const books = await getJson(`${server.url}/products?category=books&limit=5`);
    expect(books.status).toBe(200);
    expect(books.body.products).toHaveLength(5);
    expect(books.body.products.every((p: { category: string }) => p.category === 'books')).toBe(true);
    const found = await getJson(`${server.url}/products?q=ultra`);
    expect(found.body.products.length).toBeGreaterThan(0);
    expect(found.body.products.every((p: { name: string }) => /ultra/i.test(p.name))).toBe(true);
    expect((await getJson(`${server.url}/products?category=cars`)).status).toBe(400);
  });

  it('serves product pages through a bounded cache', async () => {
    const page = await getJson(`${server.url}/products/42?currency=USD&ref=spring-sale`);
    expect(page.status).toBe(200);
    expect(page.body.price).toMatch(/^\$/);
    expect(page.body.html).toContain('ref=spring-sale');
    for (const ref of ['a', 'b', 'c', 'd', 'e']) await getJson(`${server.url}/products/42?ref=${ref}`);
    expect(await scrapeValue(server.url, 'cache_entries', { cache: 'product-pages' })).toBe(3);
    expect((await getJson(`${server.url}/products/99999`)).status).toBe(404);
  });

  it('recommends similar products', async () => {
    const res = await getJson(`${server.url}/products/42/recommendations`, { headers: { 'x-user-id': 'u9' } });
    expect(res.status).toBe(200);
    expect(res.body.recommendations).toHaveLength(8);
    expect(res.body.recommendations.map((r: { id: number }) => r.id)).not.toContain(42);
  });

  it('fills a cart and checks it out', async () => {
    const cart = `cart-${Date.now()}`;
    expect((await post(`/carts/${cart}/items`, { productId: 10, quantity: 2 })).status).toBe(201);
    expect((await post(`/carts/${cart}/items`, { productId: 11 })).status).toBe(201);
    const contents = await getJson(`${server.url}/carts/${cart}`);
    expect(contents.body.items).toHaveLength(2);
    const order = await post('/checkout', { cartId: cart });
    expect(order.status).toBe(201);
    expect(order.body.totalCents).toBe(contents.body.totalCents);
    expect(order.body.alsoBought).toHaveLength(4);
    expect((await getJson(`${server.url}/carts/${cart}`)).body.items).toHaveLength(0);
    expect((await post('/checkout', { cartId: cart })).body.error.code).toBe('CONFLICT');
    expect((await post(`/carts/${cart}/items`, { productId: 'x' })).status).toBe(400);
  });
});
