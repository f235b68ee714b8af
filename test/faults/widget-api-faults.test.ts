import { insightsRetentionBytesPerSecond, renderRetentionBytesPerRender } from '../../services/widget-api/faults';
import { drive, startService, type RunningService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const MB = 1024 * 1024;
const complex = (i: number): string => `/widgets/${5 * (1 + (i % 40))}/render`;
const simple = (i: number): string => `/widgets/${1 + (i % 4) + 5 * (i % 40)}/render`;

/** Heap growth (after forced GC) while `work` runs. */
async function growth(service: RunningService, work: () => Promise<unknown>): Promise<number> {
  const before = await service.heapAfterGc();
  await work();
  return (await service.heapAfterGc()) - before;
}

describe('widget-api faults against the real process', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('wafaults');
    service = await startService('widget-api', { DATABASE_URL: database.url, PARTNER_URL: 'http://127.0.0.1:9' });
    // Warm every widget and the healthy series memo so later growth is only what a fault keeps.
    await drive(service.url, 200, complex);
    await drive(service.url, 200, simple);
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('render-retention: complex renders retain close to the configured bytes; simple renders and the fault off retain nothing', async () => {
    const renders = 400;
    const off = await growth(service, () => drive(service.url, renders, complex));
    expect(off).toBeLessThan(1 * MB);

    await service.admin.enableFault('render-retention', { historyPoints: 32 });
    const simpleOn = await growth(service, () => drive(service.url, renders, simple));
    expect(simpleOn).toBeLessThan(1 * MB);
    const on = await growth(service, () => drive(service.url, renders, complex));
    const expected = renders * renderRetentionBytesPerRender(32);
    expect(on).toBeGreaterThan(0.75 * expected);
    expect(on).toBeLessThan(1.25 * expected);

    // Off stops further damage; what was retained stays until restart.
    await service.admin.disableFault('render-retention');
    const after = await growth(service, () => drive(service.url, renders, complex));
    expect(after).toBeLessThan(1 * MB);
    expect(after).toBeGreaterThan(-1 * MB);
  });

  it('insights-retention: memory grows with time at flat (zero) traffic, near the configured rate', async () => {
    const params = { intervalMs: 200, batchSize: 1_000 };
    const seconds = 3;
    await service.admin.enableFault('insights-retention', params);
    const start = await service.heapAfterGc();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const on = (await service.heapAfterGc()) - start;
    await service.admin.disableFault('insights-retention');
    const expected = seconds * insightsRetentionBytesPerSecond(params);
    expect(on).toBeGreaterThan(0.6 * expected);
    expect(on).toBeLessThan(1.4 * expected);

    const idle = await growth(service, () => new Promise((r) => setTimeout(r, 1_500)));
    expect(idle).toBeLessThan(0.5 * MB);
  });
});
