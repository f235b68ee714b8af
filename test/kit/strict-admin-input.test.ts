import { z } from 'zod';
import { AdminClient } from '../../lab/admin-client';
import { deliverFault } from '../../catalogue/fault-delivery';
import { FaultSwitch } from '../../lab/faults/fault-switch';
import { createServiceApp } from '../../services/kit/service-app';
import { declareDeployment } from '../../services/kit/service-kit';
import type { RunningServer } from '../../services/kit/service-server';
import { getJson, serve, testKit, TEST_LEARNER_TOKEN, TEST_TOKEN } from '../support/app-server';

const testFault = deliverFault({
  description: 'test fault',
  params: z.strictObject({ historyPoints: z.number().int().min(2).max(4_096).default(8), mode: z.enum(['a', 'b']).default('a') }),
  arrives: { release: { version: '2.0.0', changelog: 'the new thing' } },
  changes: ({ historyPoints, mode }) => ({ 'thing.points': historyPoints, 'thing.mode': mode }),
  paramKeys: { historyPoints: 'thing.points', mode: 'thing.mode' },
  present: (c) => c['thing.mode'] !== 'off',
});

/**
 * The admin API takes JSON or nothing, names every unknown or invalid field, setting and fault
 * parameter, and holds what a run deployed by a lease when asked: each case with its status and
 * the one line a caller reads.
 */
describe('strict admin input', () => {
  let server: RunningServer;
  let faults: FaultSwitch;
  const instructor = { authorization: `Bearer ${TEST_TOKEN}` };
  const learner = { authorization: `Bearer ${TEST_LEARNER_TOKEN}` };

  beforeAll(async () => {
    const kit = testKit('strict-service');
    declareDeployment(
      kit,
      {
        'cache.maxEntries': { description: 'entries kept', schema: z.number().int().min(1).max(1_000), default: 100 },
        'cache.policy': { description: 'which entries go first', schema: z.enum(['lru', 'lfu']), default: 'lru' },
        'thing.points': { kind: 'code', description: 'points', schema: z.number().int(), default: 8 },
        'thing.mode': { kind: 'code', description: 'mode', schema: z.enum(['a', 'b', 'off']), default: 'off' },
      },
      [{ version: '1.0.0', changelog: 'first', daysAgo: 3 }],
    );
    server = await serve(createServiceApp(kit, () => undefined), kit);
    faults = new FaultSwitch('strict-service', new AdminClient('strict-service', server.url, TEST_TOKEN), { 'slow-thing': testFault });
  });
  afterAll(() => server.shutdown());
  afterEach(() => call('POST', '/deployment/reset', undefined, undefined, instructor));

  const call = (method: string, path: string, body?: string, type = 'application/json', headers: Record<string, string> = instructor) =>
    getJson(`${server.url}/__lab${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': type } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
  const JSON_TYPE = 'application/json';
  const refusals: Array<[string, string, string, string, string, number, string, string]> = [
    ['a text/plain body', 'PATCH', '/ops/settings', '{"cache.maxEntries":5}', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (content-type: application/json), not "text/plain"'],
    ['a form body', 'PATCH', '/deployment/config', 'changes=1', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (content-type: application/json), not "application/x-www-form-urlencoded"'],
    ['an unknown setting', 'PATCH', '/ops/settings', '{"bogus":1}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'unknown setting "bogus" (known: cache.maxEntries, cache.policy)'],
    ['a wrongly cased setting', 'PATCH', '/ops/settings', '{"cache.maxentries":3}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'unknown setting "cache.maxentries" (did you mean "cache.maxEntries"?)'],
    ['two problems at once', 'PATCH', '/ops/settings', '{"bogus":1,"cache.maxEntries":9999}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'unknown setting "bogus" (known: cache.maxEntries, cache.policy); cache.maxEntries must be at most 1000 (got 9999)'],
    ['a value below range', 'PATCH', '/ops/settings', '{"cache.maxEntries":0}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'cache.maxEntries must be at least 1 (got 0)'],
    ['a fraction for a whole number', 'PATCH', '/ops/settings', '{"cache.maxEntries":2.5}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'cache.maxEntries must be a whole number (got 2.5)'],
    ['a string for a number', 'PATCH', '/ops/settings', '{"cache.maxEntries":"8"}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'cache.maxEntries must be a number (got "8")'],
    ['a value outside a choice', 'PATCH', '/ops/settings', '{"cache.policy":"fifo"}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'cache.policy must be one of "lru", "lfu" (got "fifo")'],
    ['a list instead of an object', 'PATCH', '/ops/settings', '[1,2]', JSON_TYPE, 400, 'VALIDATION_FAILED', 'the settings must be a JSON object of name: value, not a list'],
    ['nothing to set', 'PATCH', '/ops/settings', '{}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'no setting given: key=value, for example pool.max=10'],
    ['an unknown field in a rollback', 'POST', '/ops/rollback', '{"to":"1.0.0"}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'unknown field "to" (known: version)'],
    ['an unknown field beside changes', 'PATCH', '/deployment/config', '{"changes":{},"lease":5}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'unknown field "lease" (known: changes, note, leaseSeconds)'],
    ['a lease too short', 'POST', '/deployment/releases', '{"version":"3.0.0","changelog":"x","leaseSeconds":1}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'leaseSeconds must be at least 5 (got 1)'],
    ['a lease too long', 'POST', '/deployment/releases', '{"version":"3.0.0","changelog":"x","leaseSeconds":86400}', JSON_TYPE, 400, 'VALIDATION_FAILED', 'leaseSeconds must be at most 3600 (got 86400)'],
    ['renewing when nothing is held by a lease', 'PUT', '/deployment/lease', '{}', JSON_TYPE, 409, 'LEASE_NOT_HELD', 'strict-service holds no change under a lease'],
    ['a text/plain body on DELETE', 'DELETE', '/deployment/releases/1.0.0', 'x', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (content-type: application/json), not "text/plain"'],
  ];

  it.each(refusals)('refuses %s', async (_case, method, path, body, type, status, code, message) => {
    const res = await call(method, path, body, type, path.startsWith('/ops') ? learner : instructor);
    expect({ status: res.status, code: res.body.error.code, message: res.body.error.message }).toEqual({ status, code, message });
    expect(message).not.toContain('\n');
    expect((await call('GET', '/deployment')).body).toMatchObject({ version: '1.0.0', effective: { 'cache.maxEntries': 100 } });
  });

  it('answers 401 before looking at the body', async () => {
    expect((await call('PATCH', '/ops/settings', 'x', 'text/plain', {})).status).toBe(401);
  });

  it.each([
    ['an unknown parameter', { bogus: 1 }, 'unknown parameter "bogus" (known: historyPoints, mode)'],
    ['a wrongly cased parameter', { historypoints: 3 }, 'unknown parameter "historypoints" (did you mean "historyPoints"?)'],
    ['a value out of range', { historyPoints: 1 }, 'historyPoints must be at least 2 (got 1)'],
  ])('refuses a fault with %s, and deploys nothing', async (_case, params, message) => {
    await expect(faults.enable('slow-thing', params)).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message });
    expect((await faults.get('slow-thing')).enabled).toBe(false);
  });

  it("holds a fault's release by a lease: renewed, it stays; switched on again without one, nothing holds it", async () => {
    const on = await faults.enable('slow-thing', { historyPoints: 3 }, { leaseSeconds: 5 });
    expect(on).toMatchObject({ enabled: true, params: { historyPoints: 3, mode: 'a' } });
    const first = Date.parse(on.leaseExpiresAt!);
    expect(first - Date.now()).toBeGreaterThan(3_000);
    await new Promise((r) => setTimeout(r, 50));
    const renewed = await faults.renewLease('slow-thing', 60);
    expect(Date.parse(renewed.leaseExpiresAt!) - first).toBeGreaterThan(50_000);
    expect((await faults.enable('slow-thing')).leaseExpiresAt).toBeNull();
    await expect(faults.renewLease('slow-thing')).rejects.toMatchObject({ status: 409, code: 'LEASE_NOT_HELD' });
  });

  it('takes back a release and a configuration change by itself when their lease is not renewed (5 s)', async () => {
    await faults.enable('slow-thing', {}, { leaseSeconds: 5 });
    await call('PATCH', '/deployment/config', JSON.stringify({ changes: { 'cache.maxEntries': 7 }, leaseSeconds: 5 }));
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await faults.get('slow-thing')).enabled).toBe(true);
    await new Promise((r) => setTimeout(r, 2_600));
    expect(await faults.get('slow-thing')).toMatchObject({ enabled: false, leaseExpiresAt: null });
    const view = (await call('GET', '/deployment')).body;
    expect(view).toMatchObject({ version: '1.0.0', effective: { 'cache.maxEntries': 100 } });
    const log = (await call('GET', '/ops/log')).body.entries as Array<{ action: string; detail: string }>;
    expect(log.filter((e) => e.action === 'lease-expired').map((e) => e.detail)).toEqual(
      expect.arrayContaining(['release 2.0.0 rolled back', 'configuration change of cache.maxEntries undone']),
    );
  }, 15_000);
});
