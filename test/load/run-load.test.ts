import net from 'node:net';
import { distinctKey, intBetween, RefusedTargetError, runLoad, type RequestRecord } from '../../load';
import { startTestServer, type TestServer } from './test-server';

// Counts, not timings: the machine is shared and noisy, so every bound below is loose.

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const count = <T>(items: readonly T[], pred: (x: T) => boolean) => items.filter(pred).length;

test('a steady rate is respected; records carry the route template, the user and the status', async () => {
  const seenByCallback: RequestRecord[] = [];
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 20, durationMs: 2000 },
    mix: [
      { path: '/widgets/:id', weight: 3, params: { id: intBetween(1, 50) } },
      { path: '/fail', weight: 1 },
    ],
    users: 30,
    progress: false,
    onRequest: (r) => seenByCallback.push(r),
  });

  expect(records.length).toBeGreaterThanOrEqual(25);
  expect(records.length).toBeLessThanOrEqual(50);
  expect(server.seen).toHaveLength(records.length);
  expect(seenByCallback).toEqual(records);
  expect(summary.requests).toBe(records.length);

  for (const r of records) {
    expect(['GET /widgets/:id', 'GET /fail']).toContain(r.route);
    expect(r.status).toBe(r.route === 'GET /fail' ? 500 : 200);
    expect(r.userId).toMatch(/^u([1-9]|[12]\d|30)$/);
    expect(r.stage).toBe('steady');
  }
  // the server got the same users and concrete paths the records describe
  expect(server.seen.map((s) => s.userId).sort()).toEqual(records.map((r) => r.userId).sort());
  for (const s of server.seen) expect(s.path).toMatch(/^\/(widgets\/([1-9]|[1-4]\d|50)|fail)$/);

  const failures = count(records, (r) => r.route === 'GET /fail');
  expect(failures).toBeGreaterThan(0);
  expect(summary.non2xx).toBe(failures);
  expect(summary.byRoute['GET /fail'].statusCounts).toEqual({ 500: failures });
  expect(summary.errors).toBe(0);
  expect(summary.latencyMs!.p50).toBeGreaterThan(0);
  expect(summary.latencyMs!.p99).toBeGreaterThanOrEqual(summary.latencyMs!.p50);
});

test('a ramp sends more in its second half than in its first', async () => {
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'ramp', from: 4, to: 40, durationMs: 2000 },
    mix: [{ path: '/ok' }],
    progress: false,
  });
  const start = Date.parse(summary.startedAt);
  const firstHalf = count(records, (r) => r.t - start < 1000);
  const secondHalf = records.length - firstHalf;
  // planned: 13 then 31
  expect(secondHalf).toBeGreaterThan(firstHalf * 1.5);
  expect(records.length).toBeGreaterThanOrEqual(30);
  expect(records.length).toBeLessThanOrEqual(55);
});

test('a surge window has more traffic than its baseline, and can bring its own routes', async () => {
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: {
      kind: 'surge',
      rate: 10,
      multiplier: 5,
      durationMs: 3000,
      surgeAtMs: 1000,
      surgeForMs: 1000,
      surgeSegments: [{ share: 1, mix: [{ path: '/keys/:key', params: { key: distinctKey() } }] }],
    },
    mix: [{ path: '/products/:id', params: { id: intBetween(1, 5) } }],
    progress: false,
  });
  const stages = Object.fromEntries(summary.byStage.map((s) => [s.name, s.requests]));
  expect(Object.keys(stages)).toEqual(['before-surge', 'surge', 'after-surge']);
  expect(stages.surge).toBeGreaterThan(2 * stages['before-surge']);
  expect(stages.surge).toBeGreaterThan(2 * stages['after-surge']);

  for (const r of records) expect(r.route).toBe(r.stage === 'surge' ? 'GET /keys/:key' : 'GET /products/:id');
  const surgeKeys = new Set(server.seen.filter((s) => s.path.startsWith('/keys/')).map((s) => s.path));
  expect(surgeKeys.size).toBeGreaterThan(0.9 * stages.surge);
});

test('users are spread over the population and each segment keeps its routes and its share', async () => {
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 100, durationMs: 1500 },
    users: 40,
    segments: [
      { name: 'complex', share: 0.25, mix: [{ path: '/render/:id', params: { id: intBetween(1, 100, (id) => id % 5 === 0) } }] },
      { name: 'simple', share: 0.75, mix: [{ path: '/render/:id', params: { id: intBetween(1, 100, (id) => id % 5 !== 0) } }] },
    ],
    progress: false,
  });
  expect(summary.segments).toEqual([
    { name: 'complex', users: [1, 10] },
    { name: 'simple', users: [11, 40] },
  ]);
  expect(new Set(records.map((r) => r.userId)).size).toBeGreaterThanOrEqual(25);

  const isComplexUser = (userId: string | undefined) => Number(userId?.slice(1)) <= 10;
  for (const s of server.seen) {
    const id = Number(s.path.split('/')[2]);
    expect(id % 5 === 0).toBe(isComplexUser(s.userId));
  }
  const complexShare = count(server.seen, (s) => isComplexUser(s.userId)) / server.seen.length;
  expect(complexShare).toBeGreaterThan(0.1);
  expect(complexShare).toBeLessThan(0.45);
});

test('timeouts and dropped connections are recorded with status 0 and counted as errors', async () => {
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 12, durationMs: 1000 },
    mix: [{ path: '/slow' }, { path: '/drop' }, { path: '/ok' }],
    timeoutMs: 1000,
    // one connection per slice at first: a client sends again after a timeout or a drop
    connections: 1,
    progress: false,
  });
  const byRoute = (route: string) => records.filter((r) => r.route === route);
  const slow = byRoute('GET /slow');
  const timedOut = slow.filter((r) => r.error === 'timeout');
  // the last ones can still be waiting when the load gives up on them: cancelled, never mislabelled
  const cancelled = slow.filter((r) => r.error === 'cancelled');
  expect(timedOut.length).toBeGreaterThan(0);
  expect(timedOut.length + cancelled.length).toBe(slow.length);
  for (const r of slow) expect(r.status).toBe(0);
  for (const r of timedOut) {
    expect(r.latencyMs).toBeGreaterThanOrEqual(900);
    expect(r.latencyMs).toBeLessThan(3000);
  }
  expect(byRoute('GET /drop').length).toBeGreaterThan(0);
  for (const r of byRoute('GET /drop')) expect(r).toMatchObject({ status: 0, error: 'connection' });
  for (const r of byRoute('GET /ok')) expect(r.status).toBe(200);
  expect(summary.timeouts).toBe(timedOut.length);
  expect(summary.cancelled).toBe(cancelled.length);
  expect(summary.errors).toBe(timedOut.length + byRoute('GET /drop').length);
  expect(summary.byRoute['GET /slow'].latencyMs).toBeNull();
});

test('a target that refuses connections gives one connection error per planned request', async () => {
  const port = await closedPort();
  const started = Date.now();
  const { summary, records } = await runLoad({
    baseUrl: `http://127.0.0.1:${port}`,
    shape: { kind: 'steady', rate: 10, durationMs: 1000 },
    mix: [{ path: '/' }],
    progress: false,
  });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(records.length).toBe(summary.planned);
  expect(records.length).toBeGreaterThanOrEqual(5);
  for (const r of records) expect(r).toMatchObject({ status: 0, error: 'connection' });
  expect(summary.errors).toBe(records.length);
});

test('aborting stops promptly and returns what was recorded, in-flight requests as cancelled', async () => {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1500);
  const started = Date.now();
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 20, durationMs: 20_000 },
    mix: [{ path: '/slow?ms=1000' }],
    signal: abort.signal,
    progress: false,
  });
  clearTimeout(timer);
  expect(Date.now() - started).toBeLessThan(3000);
  expect(summary.aborted).toBe(true);
  expect(records.filter((r) => r.status === 200).length).toBeGreaterThan(0);
  const cancelled = records.filter((r) => r.error === 'cancelled');
  expect(cancelled.length).toBeGreaterThan(0);
  for (const r of cancelled) expect(r.status).toBe(0);
  expect(summary.cancelled).toBe(cancelled.length);
  expect(summary.planned).toBeLessThan(60);

  // nothing more goes out once it has returned
  const sent = server.seen.length;
  expect(sent).toBe(records.length);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(server.seen.length).toBe(sent);
});

test('when responses slow down, slices open more connections instead of queueing requests', async () => {
  const { records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 40, durationMs: 2000 },
    mix: [{ path: '/slow?ms=600' }],
    connections: 2,
    progress: false,
  });
  expect(records.length).toBe(80);
  // 2 connections for each of the 8 slices would be 16; once 600 ms latencies are seen,
  // each slice opens one connection per request (10)
  expect(server.connections()).toBeGreaterThan(40);
});

test('slices beyond the connection cap are not sent, and counted as unsent', async () => {
  const { summary, records } = await runLoad({
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 16, durationMs: 1000 },
    mix: [{ path: '/slow?ms=800' }],
    maxConnections: 4,
    progress: false,
  });
  // the first slice holds the 4 connections for 800 ms; the next three find none free
  expect(summary.planned).toBe(16);
  expect(records.length).toBeLessThan(16);
  expect(summary.unsent).toBe(16 - records.length);
  expect(server.seen).toHaveLength(records.length);
});

test('the same seed draws the same users, routes and parameters', async () => {
  const options = {
    baseUrl: server.url,
    shape: { kind: 'steady', rate: 20, durationMs: 1000 } as const,
    mix: [{ path: '/items/:id', params: { id: intBetween(1, 1_000_000) } }, { path: '/other' }],
    seed: 42,
    progress: false,
  };
  await runLoad(options);
  const first = server.seen.map((s) => `${s.userId} ${s.path}`).sort();
  server.seen.length = 0;
  await runLoad(options);
  const second = server.seen.map((s) => `${s.userId} ${s.path}`).sort();
  expect(second).toEqual(first);
  server.seen.length = 0;
  await runLoad({ ...options, seed: 43, shape: { kind: 'steady', rate: 20, durationMs: 250 } });
  expect(server.seen.map((s) => `${s.userId} ${s.path}`)).not.toEqual(first.slice(0, server.seen.length));
});

test('hosts other than this machine are refused before any request', async () => {
  const onRequest = jest.fn();
  for (const baseUrl of ['http://192.0.2.10:4101', 'http://example.com', 'http://10.0.0.1.nip.io']) {
    await expect(
      runLoad({ baseUrl, shape: { kind: 'steady', rate: 5, durationMs: 1000 }, mix: [{ path: '/' }], progress: false, onRequest }),
    ).rejects.toThrow(RefusedTargetError);
  }
  expect(onRequest).not.toHaveBeenCalled();
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
