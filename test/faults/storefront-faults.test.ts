import { pageBytesPerKey, SESSION_BYTES_PER_CALL } from '../../services/storefront/faults';
import { scrapeValue } from '../support/metrics';
import { drive, startService, type RunningService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const MB = 1024 * 1024;
const BOUND = 300;

describe('storefront faults against the real process', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: RunningService;
  let seq = 0;
  const distinctPage = (i: number): string => `/products/${1 + (i % 5000)}?ref=c${seq++}`;
  const recommendations = (i: number): string => `/products/${1 + ((i * 37) % 5000)}/recommendations`;

  beforeAll(async () => {
    database = await createTestDatabase('sffaults');
    service = await startService('storefront', { DATABASE_URL: database.url, PAGE_CACHE_MAX_ENTRIES: String(BOUND) });
    await drive(service.url, BOUND * 2, distinctPage);
    await drive(service.url, 100, recommendations, { 'x-user-id': 'u1' });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('recommendation-sessions: each personalised call retains ~41 KB inside the library; off retains nothing', async () => {
    const calls = 300;
    const heapOff0 = await service.heapAfterGc();
    await drive(service.url, calls, recommendations, { 'x-user-id': 'u1' });
    expect((await service.heapAfterGc()) - heapOff0).toBeLessThan(1 * MB);

    await service.admin.enableFault('recommendation-sessions', { rolloutPercent: 100 });
    const heapOn0 = await service.heapAfterGc();
    await drive(service.url, calls, recommendations, { 'x-user-id': 'u1' });
    const on = (await service.heapAfterGc()) - heapOn0;
    await service.admin.disableFault('recommendation-sessions');
    expect(on).toBeGreaterThan(0.8 * calls * SESSION_BYTES_PER_CALL);
    expect(on).toBeLessThan(1.2 * calls * SESSION_BYTES_PER_CALL);
  });

  it('page-cache-unbounded: with many distinct keys the cache goes far past its bound, and only with the fault on', async () => {
    // (few enough that the heap stays under the storefront's shedding threshold, half its limit)
    const keys = BOUND * 2;
    await drive(service.url, keys, distinctPage);
    expect(await scrapeValue(service.url, 'cache_entries', { cache: 'product-pages' })).toBe(BOUND);

    await service.admin.enableFault('page-cache-unbounded', {});
    const before = await service.heapAfterGc();
    await drive(service.url, keys, distinctPage);
    const entries = await scrapeValue(service.url, 'cache_entries', { cache: 'product-pages' });
    expect(entries).toBeGreaterThanOrEqual(BOUND + keys);
    const grown = (await service.heapAfterGc()) - before;
    // distinctPage asks for the default currency, euros
    console.log(`page-cache-unbounded: ${Math.round(grown / keys)} B retained per new euro key`);
    expect(grown).toBeGreaterThan(0.6 * keys * pageBytesPerKey('EUR'));
    expect(grown).toBeLessThan(1.6 * keys * pageBytesPerKey('EUR'));

    // Steady traffic over a few keys does not grow it, fault on or not.
    const steady = await scrapeValue(service.url, 'cache_entries', { cache: 'product-pages' });
    await drive(service.url, 300, (i) => `/products/${1 + (i % 20)}`);
    expect((await scrapeValue(service.url, 'cache_entries', { cache: 'product-pages' }))! - steady!).toBeLessThanOrEqual(20);

    await service.admin.disableFault('page-cache-unbounded');
    expect(await scrapeValue(service.url, 'cache_entries', { cache: 'product-pages' })).toBe(BOUND);
  });
});
