import { Database } from '../../services/kit/database';
import type { RunningServer } from '../../services/kit/service-server';
import { createApp } from '../../services/widgetify/app';
import { prepareSchema } from '../../services/widgetify/schema';
import { getJson, serve, testKit } from '../support/app-server';
import { createTestDatabase } from '../support/test-database';
import { scrapeValue } from '../support/metrics';

describe('widgetify routes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase('widgetify');
    const kit = testKit('widgetify');
    db = new Database({ connectionString: database.url, name: 'widgetify', max: 4, connectionTimeoutMillis: 500 }, kit.registry);
    await prepareSchema(db);
    server = await serve(createApp({ kit, db }), kit, () => db.close());
  });
  afterAll(async () => {
    await server.shutdown();
    await database.drop();
  });

  it('lists, reads, searches and creates widgets', async () => {
    expect((await getJson(`${server.url}/widgets?limit=3`)).body.widgets).toHaveLength(3);
    expect((await getJson(`${server.url}/widgets/2`)).body).toMatchObject({ id: 2 });
    expect((await getJson(`${server.url}/widgets/123456`)).status).toBe(404);
    const found = await getJson(`${server.url}/widgets/search?q=Gadget`);
    expect(found.body.widgets.length).toBeGreaterThan(0);
    expect(found.body.widgets.every((w: { name: string }) => w.name.startsWith('gadget'))).toBe(true);
    const created = await getJson(`${server.url}/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'test widget', color: 'red', priceCents: 999 }),
    });
    expect(created.status).toBe(201);
    expect((await getJson(`${server.url}/widgets/${created.body.id}`)).body.name).toBe('test widget');
    const invalid = await getJson(`${server.url}/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', color: 'purple' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/color/);
  });

  it('exports the pool counters', async () => {
    expect(await scrapeValue(server.url, 'db_pool_connections', { pool: 'widgetify', state: 'idle' })).toBeGreaterThanOrEqual(1);
    expect(await scrapeValue(server.url, 'db_pool_waiting_clients', { pool: 'widgetify' })).toBe(0);
    // the configured maximum, not what the pool holds now (4 here)
    expect(await scrapeValue(server.url, 'db_pool_max_connections', { pool: 'widgetify' })).toBe(4);
    expect(await scrapeValue(server.url, 'db_query_duration_seconds_count', { query: 'widgets.by_id', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
  });

  it('answers 503 DB_TIMEOUT when no connection frees up in time', async () => {
    // Hold every connection of the pool, as a stuck dependency would.
    const held = await Promise.all([1, 2, 3, 4].map(() => db.connect()));
    try {
      const res = await getJson(`${server.url}/widgets/1`);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('DB_TIMEOUT');
      expect((await getJson(`${server.url}/readyz`)).status).toBe(503);
    } finally {
      for (const c of held) c.release();
    }
    expect((await getJson(`${server.url}/widgets/1`)).status).toBe(200);
  });
});
