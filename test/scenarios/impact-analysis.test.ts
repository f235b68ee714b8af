import type { RequestRecord } from '../../load/request-record';
import { findScenario } from '../../scenarios/definitions';
import { firstHeldWithin, firstSloBreach, impactBySegment, segmentResolver } from '../../scenarios/run/impact-analysis';

const scenario = findScenario('widget-render-leak');

test('user ids resolve to their population and segment, as the load generator splits them', () => {
  const resolve = segmentResolver(scenario);
  const users = scenario.populations.users!.users;
  const complex = Math.round(users * 0.3);
  expect(resolve('users-u1')).toEqual({ population: 'users', segment: 'complex-renderers' });
  expect(resolve(`users-u${complex}`)?.segment).toBe('complex-renderers');
  expect(resolve(`users-u${complex + 1}`)?.segment).toBe('simple-renderers');
  expect(resolve('stranger-u1')).toBeUndefined();
  expect(resolve('u1')).toBeUndefined();
});

test('impact per segment counts slow and failed requests inside the window only', () => {
  const r = (t: number, userId: string, latencyMs: number, status = 200): RequestRecord => ({ t, userId, route: 'GET /x', stage: 's', status, latencyMs });
  const records = [r(5, 'users-u1', 900), r(15, 'users-u1', 900), r(15, 'users-u2', 10), r(15, 'users-u300', 10, 503), r(15, 'users-u301', 20), r(25, 'users-u302', 900)];
  const bySegment = impactBySegment(scenario, records, 10, 20);
  const complex = bySegment.find((s) => s.segment === 'complex-renderers')!;
  const simple = bySegment.find((s) => s.segment === 'simple-renderers')!;
  expect(complex.users).toEqual({ total: 2, affected: 1, share: 0.5 });
  expect(simple.users).toEqual({ total: 2, affected: 1, share: 0.5 });
  expect(complex.expected).toBe('affected');
});

test('the first SLO breach is the first window over the latency or error objective', () => {
  const records: RequestRecord[] = [];
  for (let t = 0; t < 60_000; t += 100) {
    const slow = t >= 32_000 && t % 1000 < 100; // 10% slow from 32 s
    const failed = t >= 45_000 && t % 1000 < 200; // 20% errors from 45 s
    records.push({ t, userId: 'users-u1', route: 'GET /x', stage: 's', status: failed ? 503 : 200, latencyMs: slow ? 800 : 20 });
  }
  const latency = firstSloBreach(records, { from: 0, to: 60_000, windowMs: 10_000, latencyObjectiveMs: 300, errorObjective: 0.05 });
  expect(latency?.at).toBe(40_000);
  expect(latency?.detail).toMatch(/p95 latency 800 ms > 300 ms/);
  const errors = firstSloBreach(records, { from: 0, to: 60_000, windowMs: 10_000, latencyObjectiveMs: 5_000, errorObjective: 0.05 });
  expect(errors?.at).toBe(50_000);
  expect(errors?.detail).toMatch(/failed/);
  expect(firstSloBreach(records.slice(0, 300), { from: 0, to: 60_000, windowMs: 10_000, latencyObjectiveMs: 300, errorObjective: 0.05 })).toBeNull();
});

test('the objective held again: the first stretch of whole windows within objective, from a moment on', () => {
  const r = (t: number, latencyMs: number, status = 200): RequestRecord => ({ t, userId: 'users-u1', route: 'GET /x', stage: 's', status, latencyMs });
  const options = { from: 0, windowMs: 1_000, holdMs: 3_000, latencyObjectiveMs: 300, errorObjective: 0.05 };
  const records: RequestRecord[] = [];
  for (let t = 0; t < 10_000; t += 100) {
    // failing until 2 s, one slow window at 4 s, within objective from 5 s on
    records.push(t < 2_000 ? r(t, 10, 503) : t >= 4_000 && t < 5_000 ? r(t, 900) : r(t, 20));
  }
  expect(firstHeldWithin(records, { ...options, to: 10_000 })).toBe(5_000);
  // not yet: the stretch from 5 s has to end before `to`
  expect(firstHeldWithin(records, { ...options, to: 7_500 })).toBeNull();
  // a window nobody sent a request in does not count as held
  expect(firstHeldWithin(records.filter((x) => x.t < 6_000 || x.t >= 7_000), { ...options, to: 10_000 })).toBe(7_000);
});
