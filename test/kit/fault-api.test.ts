import { z } from 'zod';
import { createServiceApp } from '../../services/kit/service-app';
import { getJson, serve, testKit, TEST_TOKEN } from '../support/app-server';
import type { RunningServer } from '../../services/kit/service-server';

describe('fault control API', () => {
  let server: RunningServer;
  const calls: string[] = [];
  const ticks = { count: 0 };

  beforeAll(async () => {
    const kit = testKit('test-service');
    kit.faults.define({
      name: 'slow-thing',
      description: 'test fault',
      params: z.object({ rate: z.number().positive().max(100).default(5), mode: z.enum(['a', 'b']).default('a') }),
      enable: (params, hooks) => {
        calls.push(`on:${params.rate}:${params.mode}`);
        hooks.every(10, () => ticks.count++);
      },
      disable: () => {
        calls.push('off');
      },
    });
    const app = createServiceApp(kit, (router) => router.get('/ping', (_req, res) => res.json({ ok: true })));
    server = await serve(app, kit);
  });
  afterAll(() => server.shutdown());

  const auth = { authorization: `Bearer ${TEST_TOKEN}` };
  const put = (body: unknown, headers: Record<string, string> = auth) =>
    getJson(`${server.url}/__lab/faults/slow-thing`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses a missing token, a wrong token and a malformed header with 401', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token' }, { authorization: TEST_TOKEN }, { authorization: `Basic ${TEST_TOKEN}` }]) {
      const res = await getJson(`${server.url}/__lab/faults`, { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await put({}, {})).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('lists faults with their parameter schema', async () => {
    const res = await getJson(`${server.url}/__lab/faults`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.body.faults).toHaveLength(1);
    expect(res.body.faults[0]).toMatchObject({ name: 'slow-thing', enabled: false, params: { rate: 5, mode: 'a' } });
    expect(res.body.faults[0].paramsSchema.properties.rate.type).toBe('number');
  });

  it('answers 400 with the reason for bad parameters, and changes nothing', async () => {
    const res = await put({ params: { rate: -3, mode: 'z' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/rate/);
    expect(res.body.error.message).toMatch(/mode/);
    expect(calls).toEqual([]);
    const bad = await getJson(`${server.url}/__lab/faults/slow-thing`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers 404 for an unknown fault', async () => {
    const res = await getJson(`${server.url}/__lab/faults/no-such-fault`, { method: 'PUT', headers: auth });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('FAULT_NOT_FOUND');
  });

  it('switches a fault on with parameters, runs its timer, and switches it off', async () => {
    const on = await put({ params: { rate: 7, mode: 'b' } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, params: { rate: 7, mode: 'b' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(ticks.count).toBeGreaterThan(2);
    const off = await getJson(`${server.url}/__lab/faults/slow-thing`, { method: 'DELETE', headers: auth });
    expect(off.body.enabled).toBe(false);
    const after = ticks.count;
    await new Promise((r) => setTimeout(r, 60));
    expect(ticks.count).toBe(after);
    expect(calls).toEqual(['on:7:b', 'off']);
  });
});
