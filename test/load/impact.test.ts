import { measureImpact } from '../../load/impact';
import type { RequestRecord } from '../../load/request-record';

const rec = (t: number, userId: string, status: number, latencyMs: number, error?: RequestRecord['error']): RequestRecord => ({
  t,
  userId,
  route: 'GET /x',
  stage: 'steady',
  status,
  latencyMs,
  ...(error ? { error } : {}),
});

test('shares of requests and users over the objective or failed, within a window', () => {
  const records = [
    rec(0, 'u1', 200, 50), // before the window
    rec(100, 'u1', 200, 50),
    rec(110, 'u1', 200, 900), // slow
    rec(120, 'u2', 503, 10), // error status
    rec(130, 'u3', 0, 1000, 'timeout'),
    rec(140, 'u4', 200, 20),
    rec(150, 'u5', 0, 30, 'cancelled'), // unknown outcome: left out
    rec(160, 'u6', 0, 600, 'cancelled'), // already slower than the objective
    rec(500, 'u7', 500, 1), // after the window
  ];
  const impact = measureImpact(records, { latencyObjectiveMs: 500, from: 100, to: 500 });
  expect(impact.requests).toEqual({ total: 6, affected: 4, share: 4 / 6 });
  expect(impact.users).toEqual({ total: 5, affected: 4, share: 4 / 5 });
  expect(impact.errorShare).toBeCloseTo(2 / 6);
  expect(measureImpact([], { latencyObjectiveMs: 500 }).requests.share).toBe(0);
});
