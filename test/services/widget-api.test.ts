import { Database } from '../../services/kit/database';
import type { RunningServer } from '../../services/kit/service-server';
import { createApp as createPartner } from '../../services/partner-api/app';
import { createApp } from '../../services/widget-api/app';
import { PartnerClient } from '../../services/widget-api/partner-client';
import { prepareSchema } from '../../services/widget-api/schema';
import { UsageInsights } from '../../services/widget-api/usage-insights';
import { getJson, serve, testKit } from '../support/app-server';
import { createTestDatabase } from '../support/test-database';
import { scrapeValue } from '../support/metrics';

describe('widget-api routes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let partner: RunningServer;
  let server: RunningServer;
  let insights: UsageInsights;

  beforeAll(async () => {
    database = await createTestDatabase('widgetapi');
    const partnerKit = testKit('partner-api');
    partner = await serve(createPartner(partnerKit), partnerKit);
    const kit = testKit('widget-api');
    db = new Database({ connectionString: database.url, name: 'widget-api' }, kit.registry);
    await prepareSchema(db);
    await prepareSchema(db); // idempotent
    insights = new UsageInsights(db, kit.logger, { intervalMs: 50, batchSize: 200 });
    server = await serve(createApp({ kit, db, partner: new PartnerClient(partner.url, kit.registry), insights }), kit, () => db.close());
  });
  afterAll(async () => {
    insights.stop();
    await server.shutdown();
    await partner.shutdown();
    await database.drop();
  });

  it('lists widgets with paging and validates the query', async () => {
    const res = await getJson(`${server.url}/widgets?limit=5&offset=10`);
    expect(res.status).toBe(200);
    expect(res.body.widgets.map((w: { id: number }) => w.id)).toEqual([11, 12, 13, 14, 15]);
    const bad = await getJson(`${server.url}/widgets?limit=500`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.message).toMatch(/limit/);
  });

  it('serves a widget definition through the cache, and 404s an unknown one', async () => {
    expect((await getJson(`${server.url}/widgets/7`)).body).toMatchObject({ id: 7, kind: 'simple' });
    expect((await getJson(`${server.url}/widgets/10`)).body).toMatchObject({ id: 10, kind: 'complex' });
    const missing = await getJson(`${server.url}/widgets/9999`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(await scrapeValue(server.url, 'cache_entries', { cache: 'widget-definitions' })).toBe(2);
  });

  it('renders simple and complex widgets with nested parts', async () => {
    const simple = await getJson(`${server.url}/widgets/3/render`);
    const complex = await getJson(`${server.url}/widgets/5/render?locale=de-DE`);
    expect(simple.status).toBe(200);
    expect(simple.body.parts).toBe(4);
    expect(complex.body.parts).toBe(781);
    expect(complex.body.html.length).toBeGreaterThan(50 * simple.body.html.length);
    expect(complex.body.html).toMatch(/€/);
    expect((await getJson(`${server.url}/widgets/5/render?locale=xx`)).status).toBe(400);
  });

  it('quotes a price from the partner, timing the call', async () => {
    const res = await getJson(`${server.url}/widgets/4/quote`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ widgetId: 4, sku: 'QW-4', currency: 'EUR' });
    expect(await scrapeValue(server.url, 'external_request_duration_seconds_count', { dependency: 'partner-pricing', outcome: 'ok' })).toBe(1);
  });

  it('serves insights only while the feature runs', async () => {
    expect((await getJson(`${server.url}/insights`)).body.error.code).toBe('FEATURE_DISABLED');
    insights.start();
    await new Promise((r) => setTimeout(r, 300));
    const res = await getJson(`${server.url}/insights`);
    expect(res.status).toBe(200);
    expect(res.body.eventsProcessed).toBeGreaterThanOrEqual(400);
    expect(res.body.topWidgets.length).toBe(10);
    insights.stop();
  });

  it('is ready while the database answers', async () => {
    expect((await getJson(`${server.url}/readyz`)).body).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect((await getJson(`${server.url}/healthz`)).status).toBe(200);
  });
});
