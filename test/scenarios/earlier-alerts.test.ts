import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { earlierAlerts, waitForEarlierAlerts } from '../../scenarios/alerts/earlier-alerts';

/** A Prometheus's /api/v1/alerts answering what `alerts()` holds at each call. */
async function prometheus(alerts: () => Array<{ labels: Record<string, string>; state: string }>): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => res.end(JSON.stringify({ status: 'success', data: { alerts: alerts() } })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test("an earlier run's alerts of the services a run touches: pending or firing, PostgreSQL's too, not the restart the run's start raises", async () => {
  const stack = await prometheus(() => [
    { labels: { alertname: 'HighLatency', service: 'widget-api' }, state: 'firing' },
    { labels: { alertname: 'HeapNearLimit', service: 'widget-api' }, state: 'pending' },
    { labels: { alertname: 'ServiceRestarted', service: 'widget-api' }, state: 'firing' },
    { labels: { alertname: 'DatabaseConnectionsNearLimit', service: 'postgres' }, state: 'pending' },
    { labels: { alertname: 'HighErrorRate', service: 'widgetify' }, state: 'firing' },
  ]);
  try {
    expect(await earlierAlerts(stack.url, ['widget-api', 'partner-api'])).toEqual([
      'DatabaseConnectionsNearLimit (postgres)',
      'HeapNearLimit (widget-api)',
      'HighLatency (widget-api)',
    ]);
  } finally {
    stack.close();
  }
});

test('a run waits for them to clear, says what it waits for, and gives up at its limit', async () => {
  let calls = 0;
  const stack = await prometheus(() => (++calls <= 2 ? [{ labels: { alertname: 'HighLatency', service: 'widget-api' }, state: 'firing' }] : []));
  const told: string[][] = [];
  try {
    const cleared = await waitForEarlierAlerts({ prometheusUrl: stack.url, services: ['widget-api'], timeoutMs: 10_000, pollMs: 10, onWaiting: (a) => told.push(a) });
    expect(cleared.stillActive).toEqual([]);
    expect(told).toEqual([['HighLatency (widget-api)']]); // said once, not at every poll
    calls = -1_000;
    const gaveUp = await waitForEarlierAlerts({ prometheusUrl: stack.url, services: ['widget-api'], timeoutMs: 50, pollMs: 10 });
    expect(gaveUp.stillActive).toEqual(['HighLatency (widget-api)']);
    expect(gaveUp.waitedMs).toBeGreaterThanOrEqual(50);
  } finally {
    stack.close();
  }
});
