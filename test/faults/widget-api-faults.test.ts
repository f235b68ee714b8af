import { insightsRetentionBytesPerSecond, renderRetentionBytesPerRender } from '../../services/widget-api/faults';
import { drive, startService, type RunningService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const MB = 1024 * 1024;
const complex = (i: number): string => `/widgets/${5 * (1 + (i % 40))}/render`;
const simple = (i: number): string => `/widgets/${1 + (i % 4) + 5 * (i % 40)}/render`;

/** Median latency (ms) of 9 sequential requests. */
async function medianLatency(baseUrl: string, path: (i: number) => string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    await (await fetch(`${baseUrl}${path(i)}`)).arrayBuffer();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[4]!;
}

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

  it('render-retention: complex renders retain close to the configured bytes and slow down with what is kept; simple renders neither leak nor slow', async () => {
    const renders = 150;
    const points = 8;
    const healthyComplex = await medianLatency(service.url, complex);
    const healthySimple = await medianLatency(service.url, simple);
    const off = await growth(service, () => drive(service.url, renders, complex));
    expect(off).toBeLessThan(1 * MB);

    await service.admin.enableFault('render-retention', { historyPoints: points });
    const simpleOn = await growth(service, () => drive(service.url, renders, simple));
    expect(simpleOn).toBeLessThan(1 * MB);
    const on = await growth(service, () => drive(service.url, renders, complex));
    const expected = renders * renderRetentionBytesPerRender(points);
    expect(on).toBeGreaterThan(0.75 * expected);
    expect(on).toBeLessThan(1.25 * expected);

    // The signature: every kept frame is redrawn by later complex renders (~0.8 ms each here, so
    // ~120 ms more after 150), while simple renders do not touch them.
    const slowComplex = await medianLatency(service.url, complex);
    const slowSimple = await medianLatency(service.url, simple);
    expect(slowComplex).toBeGreaterThan(2 * healthyComplex + 30);
    // (a bound with room: beside the heap tests on 2 cores a simple render measured 26 ms once, the
    // complex ones ~120 ms more than healthy)
    expect(slowSimple).toBeLessThan(2 * healthySimple + 40);
    expect(slowSimple).toBeLessThan(slowComplex / 3);

    // Off stops further damage; what was retained stays until restart.
    await service.admin.disableFault('render-retention');
    const after = await growth(service, () => drive(service.url, renders, complex));
    expect(after).toBeLessThan(1 * MB);
    expect(after).toBeGreaterThan(-1 * MB);
  }, 120_000);

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
