import { parseMetricsText, sumOf } from '../../lab/metrics-text';
import { Client } from 'pg';
import { scrapeValue } from '../support/metrics';
import { startService, type RunningService } from '../support/service-process';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

/** Concurrent load for `ms`, sampling PostgreSQL's connection count; returns statuses and the peak. */
async function load(service: RunningService, pgUrl: string, ms: number): Promise<{ statuses: Map<number, number>; peak: number }> {
  const statuses = new Map<number, number>();
  const until = Date.now() + ms;
  let peak = 0;
  const monitor = new Client({ connectionString: pgUrl });
  await monitor.connect();
  const sampler = setInterval(() => {
    monitor
      .query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend'")
      .then((r) => (peak = Math.max(peak, Number(r.rows[0]!.n))))
      .catch(() => undefined);
  }, 100);
  await Promise.all(
    Array.from({ length: 40 }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        const res = await fetch(`${service.url}/widgets/${1 + ((w * 31 + i) % 1000)}`).catch(() => undefined);
        const status = res?.status ?? 0;
        await res?.arrayBuffer();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 20));
      }
    }),
  );
  clearInterval(sampler);
  await monitor.end();
  return { statuses, peak };
}

describe('widgetify pool-unbounded against a throwaway PostgreSQL', () => {
  let pg: ThrowawayPostgres;
  let service: RunningService;

  beforeAll(async () => {
    pg = await startThrowawayPostgres(20);
    service = await startService('widgetify', { DATABASE_URL: pg.url, DB_POOL_MAX: '5' });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await pg?.stop();
  });

  it('off: the pool stays within its maximum and every request succeeds', async () => {
    const { statuses, peak } = await load(service, pg.url, 3_000);
    expect(statuses.get(503) ?? 0).toBe(0);
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(peak).toBeLessThanOrEqual(5 + 2); // the pool, plus the monitor
  });

  it('on: connections climb to max_connections, PostgreSQL refuses, requests get 503 with a clear code', async () => {
    await service.admin.enableFault('pool-unbounded', { max: 500, holdMs: 400 });
    const { statuses, peak } = await load(service, pg.url, 4_000);
    expect(peak).toBeGreaterThanOrEqual(pg.maxConnections - 3); // reserved slots aside, the server is full
    expect(statuses.get(503) ?? 0).toBeGreaterThan(20);
    const res = await fetch(`${service.url}/widgets/1`);
    if (res.status === 503) expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^DB_(UNAVAILABLE|TIMEOUT)$/);
    const total = (await scrapeValue(service.url, 'db_pool_connections', { pool: 'widgetify' })) ?? 0;
    expect(total).toBeGreaterThan(5);

    await service.admin.disableFault('pool-unbounded');
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await load(service, pg.url, 1_500);
    expect(after.statuses.get(503) ?? 0).toBe(0);
    const samples = parseMetricsText(await (await fetch(`${service.url}/metrics`)).text());
    expect(sumOf(samples, 'db_pool_connections', { pool: 'widgetify' })).toBeLessThanOrEqual(5);
  });
});
