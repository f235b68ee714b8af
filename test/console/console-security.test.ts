import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createConsoleApp } from '../../console/server/console-app';
import { LocalMetrics } from '../../console/metrics/local-metrics';
import { ServiceOps } from '../../console/server/ops/service-ops';
import { tokenRoles } from '../../console/server/roles';
import { RunLauncher } from '../../console/server/runs/run-launcher';
import { SessionStore, IDLE_MS } from '../../console/server/sessions';

const ADMIN = 'admin-token-for-the-test';
const LEARNER = 'learner-token-for-the-test';
const ORIGIN = 'http://console.test';

/** The console's API on its own (no services: the security rules do not need them). */
function consoleApp(now = Date.now) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-sec-'));
  const metrics = new LocalMetrics({ targets: () => [] });
  const app = createConsoleApp({
    lab: { dir, adminToken: ADMIN, services: () => [{ name: 'widget-api', url: 'http://127.0.0.1:9' }], databaseMetricsUrl: null, restart: null },
    roles: tokenRoles({ admin: ADMIN, learner: LEARNER }),
    metrics,
    ops: new ServiceOps({ services: () => [], tokens: { instructor: ADMIN, learner: LEARNER }, restart: null }),
    launcher: new RunLauncher(dir, path.join(dir, 'runs')),
    publicDir: dir,
    sessions: new SessionStore(now),
  });
  return { app, close: () => metrics.close() };
}

async function login(app: ReturnType<typeof consoleApp>['app'], token: string, name?: string): Promise<string> {
  const res = await request(app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token, ...(name ? { name } : {}) });
  expect(res.status).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

describe('console security (direct HTTP)', () => {
  let ctx: ReturnType<typeof consoleApp>;
  beforeAll(() => (ctx = consoleApp()));
  afterAll(() => ctx.close());

  test('a wrong token is refused with 401 and sets no cookie; the session cookie is httpOnly and SameSite=Strict', async () => {
    const wrong = await request(ctx.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token: 'nope', name: 'Eve' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const ok = await request(ctx.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token: LEARNER, name: 'Ada' });
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(ok.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    expect(String(ok.headers['set-cookie'])).not.toContain(LEARNER);
  });

  test('a learner must give a name; the name is checked', async () => {
    const none = await request(ctx.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token: LEARNER });
    expect(none.status).toBe(400);
    const script = await request(ctx.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token: LEARNER, name: '<script>' });
    expect(script.status).toBe(400);
  });

  test('a learner gets 403 on every instructor endpoint; without a session, 401', async () => {
    const cookie = await login(ctx.app, LEARNER, 'Ada');
    const calls: Array<[string, string]> = [
      ['get', '/api/instructor/scenarios'],
      ['post', '/api/instructor/runs'],
      ['get', '/api/instructor/runs/current'],
      ['post', '/api/instructor/runs/current/hints'],
      ['post', '/api/instructor/runs/current/stop'],
      ['post', '/api/instructor/runs/current/close'],
      ['get', '/api/instructor/runs/current/debrief'],
      ['get', '/api/instructor/runs/current/gradebook.csv'],
    ];
    for (const [method, url] of calls) {
      const req = method === 'get' ? request(ctx.app).get(url) : request(ctx.app).post(url).send({});
      const res = await req.set('host', 'console.test').set('origin', ORIGIN).set('cookie', cookie);
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 403, code: 'FORBIDDEN' });
      const anonymous = await (method === 'get' ? request(ctx.app).get(url) : request(ctx.app).post(url).send({})).set('host', 'console.test').set('origin', ORIGIN);
      expect({ url, status: anonymous.status }).toEqual({ url, status: 401 });
    }
    // ...while what a learner may do answers
    const panels = await request(ctx.app).get('/api/panels').set('cookie', cookie);
    expect(panels.status).toBe(200);
  });

  test('the instructor reaches the instructor endpoints', async () => {
    const cookie = await login(ctx.app, ADMIN);
    const res = await request(ctx.app).get('/api/instructor/scenarios').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body.scenarios.length).toBeGreaterThanOrEqual(5);
  });

  test('a state-changing request from another origin, or without one, is refused (CSRF); a form post gets 415', async () => {
    const cookie = await login(ctx.app, ADMIN);
    const cross = await request(ctx.app).post('/api/instructor/runs/current/hints').set('host', 'console.test').set('origin', 'http://evil.test').set('cookie', cookie).send({});
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('CROSS_SITE');
    const bare = await request(ctx.app).post('/api/instructor/runs/current/hints').set('host', 'console.test').set('cookie', cookie).send({});
    expect(bare.status).toBe(403);
    const form = await request(ctx.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).type('form').send('token=x');
    expect(form.status).toBe(415);
  });

  test('strict CSP and no caching of API answers', async () => {
    const res = await request(ctx.app).get('/api/session');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('a session expires after its idle time', async () => {
    let now = Date.now();
    const timed = consoleApp(() => now);
    try {
      const cookie = await login(timed.app, LEARNER, 'Ada');
      expect((await request(timed.app).get('/api/session').set('cookie', cookie)).status).toBe(200);
      now += IDLE_MS + 1;
      expect((await request(timed.app).get('/api/session').set('cookie', cookie)).status).toBe(401);
    } finally {
      await timed.close();
    }
  });

  test('wrong tokens are rate-limited per address', async () => {
    const limited = consoleApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await request(limited.app).post('/api/session').set('host', 'console.test').set('origin', ORIGIN).send({ token: `guess-${i}`, name: 'Eve' })).status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
