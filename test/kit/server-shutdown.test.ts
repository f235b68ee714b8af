import { createServiceApp } from '../../services/kit/service-app';
import type { ServiceKit } from '../../services/kit/service-kit';
import { getJson, serve, testKit } from '../support/app-server';

/** An app whose GET /slow answers after `ms`: a request still in flight when the shutdown begins. */
function slowApp(kit: ServiceKit, ms: number) {
  return createServiceApp(kit, (router) =>
    router.get('/slow', async (_req, res) => {
      await new Promise((r) => setTimeout(r, ms));
      res.json({ done: true });
    }),
  );
}

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, refuses new connections, then closes resources', async () => {
    const kit = testKit('drain-test');
    const app = slowApp(kit, 400);
    const closed: string[] = [];
    const server = await serve(app, kit, async () => {
      closed.push('pool');
    });

    const inFlight = getJson(`${server.url}/slow`);
    await new Promise((r) => setTimeout(r, 100));
    const ready = await getJson(`${server.url}/readyz`);
    expect(ready.status).toBe(200);

    const stopping = server.shutdown('test');
    expect(kit.lifecycle.shuttingDown).toBe(true);
    expect(closed).toEqual([]);
    await expect(fetch(`${server.url}/slow`)).rejects.toThrow();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
    await stopping;
    expect(closed).toEqual(['pool']);
  });
});

describe('a keep-alive client across a shutdown', () => {
  it('is told to close the connection by the answers still to come, so it never sends on a connection being cut', async () => {
    const kit = testKit('drain-keepalive');
    const app = slowApp(kit, 300);
    const server = await serve(app, kit);
    const before = await getJson(`${server.url}/readyz`);
    expect(before.headers.get('connection')).toBe('keep-alive');

    const inFlight = getJson(`${server.url}/slow`);
    await new Promise((r) => setTimeout(r, 100));
    const stopping = server.shutdown('test');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    await stopping;
  });
});
