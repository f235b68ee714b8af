import { RunnerAlerts } from '../../scenarios/alerts/runner-alerts';
import { downSnapshot, type MetricsSnapshot } from '../../scenarios/metrics/metrics-snapshot';

function snapshot(at: number, o: { heap?: number; count?: number; slowCount?: number; errors?: number; start?: number; pg?: number }): MetricsSnapshot {
  const count = o.count ?? 0;
  const slow = o.slowCount ?? 0;
  return {
    at,
    up: true,
    gauges: {
      nodejs_heap_size_used_bytes: o.heap ?? 50e6,
      // heap_size_limit adds the young generation's reserve to the old-space limit (240 MiB for 192)
      nodejs_heap_size_limit_bytes: 250e6,
      nodejs_heap_old_space_limit_bytes: 200e6,
      ...(o.pg !== undefined ? { pg_stat_activity_count: o.pg, pg_settings_max_connections: 40 } : {}),
    },
    requests: { buckets: new Map([[0.1, count - slow], [1, count], [Infinity, count]]), count, errors: o.errors ?? 0, byRoute: new Map() },
    dbQueries: new Map(),
    externalRequests: new Map(),
    gcSeconds: 0,
    startTimeSeconds: o.start ?? 1,
  };
}

test('HighLatency fires once p95 over a minute has been above 300 ms for 30 s, once per episode', () => {
  const alerts = new RunnerAlerts();
  const fired: Array<{ name: string; at: number }> = [];
  for (let t = 0; t <= 240_000; t += 2_000) {
    const slowNow = t >= 60_000 && t < 200_000;
    // 10 req/s; from 60 s to 200 s every new request takes up to a second
    const previous = t / 2_000;
    alerts.observe('svc', snapshot(t, { count: previous * 20, slowCount: slowNow ? previous * 20 - 600 : t >= 200_000 ? 1_400 : 0 }));
    fired.push(...alerts.evaluate(t).filter((a) => a.name === 'HighLatency'));
  }
  expect(fired).toHaveLength(1);
  // pending from when the 1-minute window shows it (more than 5% slow: a few seconds), firing 30 s later
  expect(fired[0]!.at).toBeGreaterThanOrEqual(90_000);
  expect(fired[0]!.at).toBeLessThan(130_000);
});

test('heap near its limit, a restart, a target down and a full database each raise their alert', () => {
  const alerts = new RunnerAlerts();
  const names = new Set<string>();
  // (the database's alert holds for 2 minutes)
  for (let t = 0; t <= 130_000; t += 2_000) {
    alerts.observe('svc', t < 50_000 ? snapshot(t, { heap: 180e6, start: 1 }) : t < 60_000 ? downSnapshot(t) : snapshot(t, { heap: 30e6, start: 2 }));
    alerts.observe('postgres', snapshot(t, { pg: 38 }));
    for (const a of alerts.evaluate(t)) names.add(`${a.name}/${a.service}`);
  }
  expect([...names].sort()).toEqual(['DatabaseConnectionsNearLimit/postgres', 'HeapNearLimit/svc', 'ServiceRestarted/svc']);

  const down = new RunnerAlerts();
  const downNames: string[] = [];
  for (let t = 0; t <= 40_000; t += 2_000) {
    down.observe('svc', downSnapshot(t));
    downNames.push(...down.evaluate(t).map((a) => a.name));
  }
  expect(downNames).toEqual(['TargetDown']);
});

test('a heap that climbs steadily raises HeapGrowing after its 2 minutes, past the 3-minute warm-up; a flat one and a warm-up do not', () => {
  const growing = new RunnerAlerts();
  const flat = new RunnerAlerts();
  const warming = new RunnerAlerts();
  const fired: Array<{ name: string; at: number }> = [];
  for (let t = 0; t <= 360_000; t += 2_000) {
    growing.observe('svc', snapshot(t, { heap: 40e6 + t * 300 })); // 300 KB/s from the start
    flat.observe('svc', snapshot(t, { heap: 40e6 + (t % 20_000) * 300 })); // sawtooth
    warming.observe('svc', snapshot(t, { heap: 17e6 + Math.min(t, 75_000) * 300 })); // a fresh process's first 75 s, then flat
    fired.push(
      ...growing.evaluate(t).map((a) => ({ name: `grow:${a.name}`, at: a.at })),
      ...flat.evaluate(t).map((a) => ({ name: `flat:${a.name}`, at: a.at })),
      ...warming.evaluate(t).map((a) => ({ name: `warm:${a.name}`, at: a.at })),
    );
  }
  const names = fired.map((a) => a.name);
  expect(names).toContain('grow:HeapGrowing');
  // the process started at 1 s: pending from 3 minutes of uptime, firing 2 minutes later
  expect(fired.find((a) => a.name === 'grow:HeapGrowing')!.at).toBeGreaterThanOrEqual(301_000);
  expect(names).not.toContain('flat:HeapGrowing');
  expect(names).not.toContain('warm:HeapGrowing');
});
