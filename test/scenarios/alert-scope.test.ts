import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertScope } from '../../scenarios/alerts/alert-scope';
import { PrometheusAlerts } from '../../scenarios/alerts/prometheus-alerts';

test("a run's record keeps its own services' alerts that went pending after its arc started", () => {
  const start = 1_000_000;
  const ours = alertScope({ services: ['widget-api', 'partner-api'], fromMs: start });
  expect(ours({ name: 'HighLatency', service: 'widget-api', at: start + 60_000, since: start + 30_000 })).toBe(true);
  expect(ours({ name: 'HighLatency', service: 'partner-api', at: start + 60_000, since: start + 30_000 })).toBe(true); // a planted red herring's
  expect(ours({ name: 'DatabaseConnectionsNearLimit', service: 'postgres', at: start + 60_000 })).toBe(true); // shared by every service
  // another service's restart, on a shared stack
  expect(ours({ name: 'ServiceRestarted', service: 'storefront', at: start + 5_000, since: start + 5_000 })).toBe(false);
  // still firing from the run before (pending since before this one started), first seen now
  expect(ours({ name: 'HighLatency', service: 'widget-api', at: start + 2_000, since: start - 40_000 })).toBe(false);
});

test("Prometheus's activeAt is kept as when the alert went pending", async () => {
  const activeAt = '2026-11-22T08:00:00.000Z';
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { alerts: [{ labels: { alertname: 'HighLatency', service: 'widget-api' }, state: 'firing', activeAt }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const alerts = new PrometheusAlerts(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(await alerts.poll(5)).toEqual([{ name: 'HighLatency', service: 'widget-api', at: 5, since: Date.parse(activeAt) }]);
    expect(await alerts.poll(6)).toEqual([]); // reported once per episode
  } finally {
    server.close();
  }
});
