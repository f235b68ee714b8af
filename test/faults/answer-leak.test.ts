import { readFile } from 'node:fs/promises';
import { TEST_LEARNER_TOKEN } from '../support/app-server';
import { drive, startService, type RunningService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

/** Words that would hand a learner the answer: fault names and what they mean. */
const GIVEAWAYS = /render-retention|insights-retention|recommendation-sessions|page-cache-unbounded|pool-unbounded|slow-responses|leak|(?<![Dd]e)fault|retention|unbounded|inject|misconfig|rollout/i;

interface Exposure {
  where: string;
  text: string;
}

/** Everything a learner can see (with their own token, without the instructor's), after some traffic with the fault on. */
async function learnerView(service: RunningService, paths: string[]): Promise<Exposure[]> {
  const seen: Exposure[] = [];
  const asLearner = { authorization: `Bearer ${TEST_LEARNER_TOKEN}` };
  const learnerPaths = ['/__lab/ops/releases', '/__lab/ops/settings', '/__lab/ops/log', '/__lab/deployment'];
  for (const path of [...paths, '/healthz', '/readyz', '/metrics', '/__lab/ops/releases', '/no-such-route', ...learnerPaths]) {
    const res = await fetch(`${service.url}${path}`, { headers: { 'x-user-id': 'u3', ...(learnerPaths.includes(path) ? asLearner : {}) } });
    seen.push({ where: `${path} headers`, text: JSON.stringify([...res.headers.entries()]) });
    seen.push({ where: `${path} body`, text: await res.text() });
  }
  const log = await readFile(service.logFile, 'utf8');
  for (const line of log.split('\n').filter(Boolean)) {
    const level = (JSON.parse(line) as { level: number }).level;
    if (level >= 30) seen.push({ where: 'log', text: line });
  }
  return seen;
}

function leaks(seen: Exposure[]): Exposure[] {
  return seen.filter((e) => GIVEAWAYS.test(e.text));
}

describe('nothing a learner sees names the fault', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const services: RunningService[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('leakcheck');
  });
  afterAll(async () => {
    for (const s of services) await s.stop();
    await database?.drop();
  });

  it('widget-api with render-retention and insights-retention on', async () => {
    const service = await startService('widget-api', { DATABASE_URL: database.url, PARTNER_URL: 'http://127.0.0.1:9' });
    services.push(service);
    await service.admin.enableFault('render-retention');
    await service.admin.enableFault('insights-retention', { intervalMs: 100, batchSize: 100 });
    await drive(service.url, 60, (i) => `/widgets/${5 * (1 + (i % 10))}/render`);
    await new Promise((r) => setTimeout(r, 500));
    const seen = await learnerView(service, ['/widgets', '/widgets/5', '/widgets/5/render', '/insights', '/widgets/5/quote']);
    expect(seen.some((e) => e.where === 'log')).toBe(true);
    expect(leaks(seen)).toEqual([]);
  }, 60_000);

  it('storefront with recommendation-sessions and page-cache-unbounded on', async () => {
    const service = await startService('storefront', { DATABASE_URL: database.url });
    services.push(service);
    await service.admin.enableFault('recommendation-sessions', { rolloutPercent: 100 });
    await service.admin.enableFault('page-cache-unbounded');
    await drive(service.url, 60, (i) => `/products/${i + 1}/recommendations`, { 'x-user-id': 'u3' });
    const seen = await learnerView(service, ['/products?category=books', '/products/7?ref=x1', '/products/7/recommendations', '/carts/c1']);
    expect(leaks(seen)).toEqual([]);
  }, 60_000);

  it('widgetify with pool-unbounded on', async () => {
    const service = await startService('widgetify', { DATABASE_URL: database.url });
    services.push(service);
    await service.admin.enableFault('pool-unbounded', { max: 50, holdMs: 20 });
    await drive(service.url, 60, (i) => `/widgets/${i + 1}`);
    const seen = await learnerView(service, ['/widgets', '/widgets/3', '/widgets/search?q=gad']);
    expect(leaks(seen)).toEqual([]);
  }, 60_000);

  it('the check itself catches a give-away', () => {
    expect(leaks([{ where: 'log', text: '{"msg":"fault render-retention enabled"}' }])).toHaveLength(1);
  });
});
