import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import { ADMIN_TOKEN, LEARNER_TOKEN, startService, type RunningService } from './helpers/service-under-test';

/** GET /__lab/heap-snapshot on a real service process (the leaky fixture, built on the service kit). */
describe('heap snapshot endpoint', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService('test/heap/fixtures/leaky-service.js');
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('refuses a request without a token', async () => {
    const res = await fetch(`${service.url}/__lab/heap-snapshot`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it("streams a complete V8 heap snapshot, to a learner's token too, with its size and how long the service paused", async () => {
    const res = await fetch(`${service.url}/__lab/heap-snapshot`, { headers: { authorization: `Bearer ${LEARNER_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="leaky-fixture-.+\.heapsnapshot"/);
    expect(res.headers.get('server-timing')).toMatch(/^snapshot;dur=\d+, scrub;dur=\d+$/);
    const body = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    const snapshot = JSON.parse(body) as { snapshot: { node_count: number }; nodes: number[]; strings: string[] };
    expect(snapshot.snapshot.node_count).toBeGreaterThan(10_000);
    expect(snapshot.strings).toContain('OrderArchive');
  });

  it('holds neither token nor the Authorization header it was asked with, and no fault name', async () => {
    await service.faults.enable('order-archive');
    const res = await service.admin('GET', '/heap-snapshot');
    const text = await res.text();
    for (const secret of [ADMIN_TOKEN, LEARNER_TOKEN, 'Bearer ', 'order-archive', 'report-listeners']) expect(text).not.toContain(secret);
    const { strings } = JSON.parse(text) as { strings: string[] };
    expect(strings).toContain('[redacted]');
    await service.faults.disable('order-archive');
  });

  it('refuses a second snapshot while one is being sent, keeps serving meanwhile, and frees the lock when the client goes away', async () => {
    // A client that starts receiving a snapshot and stops reading: the transfer stalls half way.
    const { request, response } = await openStalledSnapshot(service.url);
    try {
      const second = await service.admin('GET', '/heap-snapshot');
      expect(second.status).toBe(409);
      expect(((await second.json()) as { error: { code: string } }).error.code).toBe('SNAPSHOT_IN_PROGRESS');

      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
      const order = await fetch(`${service.url}/orders/7`);
      expect(((await order.json()) as { orderId: number }).orderId).toBe(7);
    } finally {
      response.destroy();
      request.destroy();
    }
    // The service notices the closed connection and releases the lock.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      const again = await service.admin('GET', '/heap-snapshot');
      status = again.status;
      await again.arrayBuffer();
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});

function openStalledSnapshot(baseUrl: string): Promise<{ request: ClientRequest; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/__lab/heap-snapshot`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
      response.pause();
      resolve({ request, response });
    });
    request.on('error', reject);
  });
}
