import { createServiceApp } from '../../services/kit/service-app';
import { getJson, serve, testKit } from '../support/app-server';

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, refuses new connections, then closes resources', async () => {
    const kit = testKit('drain-test');
    const app = createServiceApp(kit, (router) =>
      router.get('/slow', async (_req, res) => {
        await new Promise((r) => setTimeout(r, 400));
        res.json({ done: true });
      }),
    );
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
