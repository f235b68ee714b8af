import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Deployment } from '../../services/kit/deployment/deployment';
import { FileDeploymentStore } from '../../services/kit/deployment/deployment-store';
import { createServiceApp } from '../../services/kit/service-app';
import { declareDeployment } from '../../services/kit/service-kit';
import type { RunningServer } from '../../services/kit/service-server';
import { getJson, serve, testKit, TEST_LEARNER_TOKEN, TEST_TOKEN } from '../support/app-server';

const instructor = { authorization: `Bearer ${TEST_TOKEN}` };
const learner = { authorization: `Bearer ${TEST_LEARNER_TOKEN}`, 'x-learner': 'Ana' };
const json = { 'content-type': 'application/json' };

const SPECS = {
  'cache.maxEntries': { description: 'entries kept', schema: z.number().int().min(1).max(1000), default: 100 },
  'feature.newPath': { kind: 'code' as const, description: 'the new code path', schema: z.boolean(), default: false },
};
const BASELINE = [
  { version: '1.0.0', changelog: 'first', daysAgo: 10 },
  { version: '1.1.0', changelog: 'second', daysAgo: 2 },
];

/**
 * The two roles on a service's admin API, and the on-call's operations, on a service built from the
 * kit (in process: what is checked here is the kit's, shared by every service).
 */
describe('roles and operations on the admin API', () => {
  let server: RunningServer;
  let deployment: Deployment;
  const applied: Array<{ maxEntries: number; newPath: boolean }> = [];
  const restarts: string[] = [];

  beforeAll(async () => {
    const kit = testKit('test-service');
    deployment = declareDeployment(kit, SPECS, BASELINE);
    deployment.bind(['cache.maxEntries', 'feature.newPath'], (c) => applied.push({ maxEntries: c.number('cache.maxEntries'), newPath: c.boolean('feature.newPath') }));
    kit.restarter = { request: (reason) => restarts.push(reason) };
    server = await serve(createServiceApp(kit, (router) => router.get('/ping', (_req, res) => res.json({ ok: true }))), kit);
  });
  afterAll(() => server.shutdown());

  const call = (method: string, route: string, headers: Record<string, string> = {}, body?: unknown) =>
    getJson(`${server.url}/__lab${route}`, { method, headers: { ...headers, ...(body !== undefined ? json : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  const learnerRoutes: Array<[string, string, unknown?]> = [
    ['GET', '/ops/releases'],
    ['GET', '/ops/settings'],
    ['GET', '/ops/log'],
    ['PATCH', '/ops/settings', { 'cache.maxEntries': 50 }],
    ['POST', '/ops/restart'],
    ['POST', '/ops/ack', {}],
    ['GET', '/cpu-profile?seconds=1'],
    ['GET', '/heap-snapshot'],
  ];
  const instructorRoutes: Array<[string, string, unknown?]> = [
    ['GET', '/deployment'],
    ['POST', '/deployment/releases', { version: '9.9.9', changelog: 'x' }],
    ['PATCH', '/deployment/config', { changes: { 'cache.maxEntries': 10 } }],
    ['POST', '/deployment/reset'],
    ['POST', '/gc'],
  ];

  it('answers 401 UNAUTHORIZED without a token, with a wrong one and with a malformed header, everywhere under /__lab', async () => {
    for (const [method, route, body] of [...learnerRoutes, ...instructorRoutes]) {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token' }, { authorization: TEST_TOKEN }, { authorization: `Basic ${TEST_LEARNER_TOKEN}` }]) {
        const res = await call(method, route, headers, body);
        expect([route, res.status, res.body.error.code]).toEqual([route, 401, 'UNAUTHORIZED']);
      }
    }
    expect(applied.at(-1)).toEqual({ maxEntries: 100, newPath: false });
  });

  it("the learner's token opens diagnosis and operations (200), and nothing of the instructor's (403 INSTRUCTOR_ONLY)", async () => {
    for (const [method, route, body] of learnerRoutes) {
      const res = await call(method, route, learner, body);
      expect([route, res.status]).toEqual([route, route === '/ops/restart' ? 202 : 200]);
    }
    for (const [method, route, body] of instructorRoutes) {
      const res = await call(method, route, learner, body);
      expect([route, res.status, res.body.error.code]).toEqual([route, 403, 'INSTRUCTOR_ONLY']);
    }
    // Nothing the instructor's routes would have done happened.
    expect((await call('GET', '/ops/releases', learner)).body.running).toBe('1.1.0');
  }, 30_000);

  it("the instructor's token opens everything", async () => {
    for (const [method, route, body] of [...learnerRoutes, ...instructorRoutes]) {
      const res = await call(method, route, instructor, body);
      expect([route, res.status]).toEqual([route, route === '/ops/restart' ? 202 : route === '/deployment/releases' ? 201 : 200]);
    }
    await call('POST', '/deployment/reset', instructor);
  }, 30_000);

  it('validates a settings change: 400 naming each unknown setting (code paths are not settings) and each bad value; nothing changes', async () => {
    const before = applied.length;
    const unknown = await call('PATCH', '/ops/settings', learner, { 'cache.maxEntries': 5, 'cache.bogus': 1, 'feature.newPath': true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.error.message).toBe('unknown setting "cache.bogus" (known: cache.maxEntries); unknown setting "feature.newPath" (known: cache.maxEntries)');
    const bad = await call('PATCH', '/ops/settings', learner, { 'cache.maxEntries': 5000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.message).toBe('cache.maxEntries must be at most 1000 (got 5000)');
    expect(applied.length).toBe(before);
    const settings = (await call('GET', '/ops/settings', learner)).body.settings;
    expect(settings.map((s: { key: string }) => s.key)).toEqual(['cache.maxEntries']);
  });

  it('rolls back as production does: a harmless latest release changes nothing, going back past the culprit removes it; each redeploys', async () => {
    await call('POST', '/deployment/releases', instructor, { version: '1.2.0', changelog: 'the new path', changes: { 'feature.newPath': true } });
    await call('POST', '/deployment/releases', instructor, { version: '1.2.1', changelog: 'copy changes' });
    expect(applied.at(-1)?.newPath).toBe(true);
    restarts.length = 0;

    const latest = await call('POST', '/ops/rollback', learner, {});
    expect(latest.body).toMatchObject({ from: '1.2.1', to: '1.2.0', rolledBack: ['1.2.1'], restarting: true });
    expect(applied.at(-1)?.newPath).toBe(true);
    const culprit = await call('POST', '/ops/rollback', learner, { version: '1.1.0' });
    expect(culprit.body).toMatchObject({ from: '1.2.0', to: '1.1.0', rolledBack: ['1.2.0'] });
    expect(applied.at(-1)?.newPath).toBe(false);
    expect(restarts).toEqual(['rolled back to 1.2.0', 'rolled back to 1.1.0']);

    const releases = (await call('GET', '/ops/releases', learner)).body;
    expect(releases.running).toBe('1.1.0');
    expect(releases.releases.slice(0, 2)).toMatchObject([
      { version: '1.2.1', status: 'rolled back', rolledBackBy: 'Ana (learner)' },
      { version: '1.2.0', status: 'rolled back' },
    ]);
    // What a release ships is not shown to the on-call: only its version and changelog.
    expect(JSON.stringify(releases)).not.toMatch(/newPath/);
    const again = await call('POST', '/ops/rollback', learner, { version: '1.2.0' });
    expect([again.status, again.body.error.code]).toEqual([409, 'NOTHING_TO_ROLL_BACK']);
    const unknown = await call('POST', '/ops/rollback', learner, { version: '7.0.0' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'RELEASE_NOT_FOUND']);
  });

  it('logs every operation with who did it, refused ones too', async () => {
    const since = new Date().toISOString();
    await call('PATCH', '/ops/settings', learner, { 'cache.maxEntries': 7 });
    await call('PATCH', '/ops/settings', learner, { 'cache.maxEntries': -1 });
    await call('POST', '/ops/restart', { ...instructor, 'x-requested-by': 'runner' });
    const ack = await call('POST', '/ops/ack', learner, {});
    expect(ack.body).toMatchObject({ service: 'test-service', by: 'Ana' });
    const { entries } = (await call('GET', `/ops/log?since=${encodeURIComponent(since)}`, learner)).body;
    expect(entries).toMatchObject([
      { role: 'learner', name: 'Ana', action: 'set', detail: 'cache.maxEntries 100 → 7', result: 'ok', service: 'test-service' },
      { role: 'learner', name: 'Ana', action: 'set', result: expect.stringMatching(/^refused: VALIDATION_FAILED/) },
      { role: 'instructor', via: 'runner', action: 'restart', result: 'ok' },
      { role: 'learner', name: 'Ana', action: 'acknowledge', detail: 'took the incident', result: 'ok', at: ack.body.acknowledgedAt },
    ]);
    const settings = (await call('GET', '/ops/settings', learner)).body.settings;
    expect(settings[0]).toMatchObject({ key: 'cache.maxEntries', value: 7, source: 'ops set by Ana (learner)' });
  });
});

describe('a deployment kept on disk', () => {
  it('is the same in the next process of the service, rollbacks and log included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deployment-'));
    try {
      const first = new Deployment({ service: 's', specs: SPECS, baseline: BASELINE, store: new FileDeploymentStore(dir) });
      first.deploy({ version: '1.2.0', changelog: 'x', changes: { 'feature.newPath': true } });
      first.configure({ 'cache.maxEntries': 3 }, { source: 'config-store', by: { role: 'instructor' } });
      first.record({ role: 'learner', action: 'restart', detail: '', result: 'ok' });
      const next = new Deployment({ service: 's', specs: SPECS, baseline: BASELINE, store: new FileDeploymentStore(dir) });
      expect(next.version).toBe('1.2.0');
      expect(next.value('feature.newPath')).toBe(true);
      expect(next.value('cache.maxEntries')).toBe(3);
      expect(next.log()).toHaveLength(1);
      next.rollback(undefined, { role: 'learner' });
      next.reset();
      expect(new Deployment({ service: 's', specs: SPECS, baseline: BASELINE, store: new FileDeploymentStore(dir) }).version).toBe('1.1.0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
