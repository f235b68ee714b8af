import { bucketDelta, histogramQuantile } from '../../scenarios/metrics/histogram';
import { snapshotOf } from '../../scenarios/metrics/metrics-snapshot';
import { sampleValues } from '../../scenarios/metrics/sample-values';

function metricsText(o: { fast: number; slow: number; errors: number; heap: number; start: number; gc: number }): string {
  // fast requests in the 0.05 s bucket, slow ones in the 1 s bucket; errors are slow 503s
  const b = (route: string, status: string, le: string, n: number) =>
    `http_request_duration_seconds_bucket{method="GET",route="${route}",status_code="${status}",le="${le}",service="x"} ${n}`;
  const lines = [
    '# HELP nodejs_heap_size_used_bytes x',
    `nodejs_heap_size_used_bytes{service="x"} ${o.heap}`,
    `nodejs_heap_size_limit_bytes{service="x"} 200000000`,
    `process_start_time_seconds{service="x"} ${o.start}`,
    `nodejs_gc_duration_seconds_sum{kind="major",service="x"} ${o.gc}`,
    `db_pool_connections{pool="w",state="active",service="x"} 3`,
    `db_pool_connections{pool="w",state="idle",service="x"} 2`,
    `cache_entries{cache="product-pages",service="x"} 42`,
  ];
  for (const [le, fastN, slowN] of [
    ['0.05', o.fast, 0],
    ['1', o.fast, o.slow],
    ['+Inf', o.fast, o.slow],
  ] as const) {
    lines.push(b('/a', '200', le, fastN), b('/b', '503', le, slowN));
    lines.push(b('/metrics', '200', le, 1000)); // not users' traffic
  }
  lines.push(`http_request_duration_seconds_count{method="GET",route="/a",status_code="200",service="x"} ${o.fast}`);
  lines.push(`http_request_duration_seconds_count{method="GET",route="/b",status_code="503",service="x"} ${o.slow}`);
  lines.push(`http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200",service="x"} 1000`);
  return lines.join('\n');
}

test('histogram quantiles interpolate within buckets like histogram_quantile', () => {
  const buckets = new Map([
    [0.1, 50],
    [0.5, 90],
    [1, 100],
    [Infinity, 100],
  ]);
  expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
  expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.75);
  expect(histogramQuantile(0.95, new Map([[Infinity, 0]]))).toBeUndefined();
  expect(histogramQuantile(0.99, new Map([[0.1, 1], [Infinity, 10]]))).toBe(0.1);
  // a reset (restarted process) makes the delta the new counts alone
  expect(bucketDelta(new Map([[1, 5]]), new Map([[1, 9]])).get(1)).toBe(5);
  expect(bucketDelta(new Map([[1, 15]]), new Map([[1, 9]])).get(1)).toBe(6);
});

test('a sample holds the gauges, and rates, error share and p95 over the interval, users routes only', () => {
  const first = snapshotOf(metricsText({ fast: 100, slow: 0, errors: 0, heap: 50e6, start: 1000, gc: 1 }), 0);
  const second = snapshotOf(metricsText({ fast: 190, slow: 10, errors: 10, heap: 60e6, start: 1000, gc: 1.5 }), 10_000);
  const v = sampleValues(second, first);
  expect(v.nodejs_heap_size_used_bytes).toBe(60e6);
  expect(v['db_pool_connections{state="active"}']).toBe(3);
  expect(v.db_pool_connections).toBe(5);
  expect(v['cache_entries{cache="product-pages"}']).toBe(42);
  expect(v.http_requests_per_second).toBeCloseTo(10); // 100 requests in 10 s, /metrics left out
  expect(v.http_errors_ratio).toBeCloseTo(0.1);
  // 90 fast (≤ 50 ms) and 10 slow (≤ 1 s): p95 lies among the slow ones
  expect(v.http_request_duration_p95_seconds).toBeGreaterThan(0.05);
  expect(v['http_request_duration_p95_seconds{route="/a"}']).toBeLessThanOrEqual(0.05);
  expect(v.nodejs_gc_seconds_per_second).toBeCloseTo(0.05);
});

test('after a restart the counters start again from zero instead of going negative', () => {
  const before = snapshotOf(metricsText({ fast: 1000, slow: 0, errors: 0, heap: 150e6, start: 1000, gc: 9 }), 0);
  const after = snapshotOf(metricsText({ fast: 20, slow: 0, errors: 0, heap: 30e6, start: 2000, gc: 0.1 }), 5_000);
  const v = sampleValues(after, before);
  expect(v.http_requests_per_second).toBeCloseTo(4);
  expect(v.nodejs_gc_seconds_per_second).toBeCloseTo(0.02);
});
