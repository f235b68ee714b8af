import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readLabState } from '../../lab/lab-state';
import { parseMetricsText } from '../../lab/metrics-text';
import { CLI, startUp, type UpProcess } from '../support/lab-cli';

const run = promisify(execFile);

/** The embedded lab as an instructor starts it: `outage-lab up`, then `fault`, then Ctrl-C. */
describe('outage-lab up (embedded lab)', () => {
  let lab: UpProcess;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let up: UpProcess['process'];

  beforeAll(async () => {
    lab = await startUp(['--max-connections', '30']);
    ({ dir, env, process: up } = lab);
  }, 120_000);

  afterAll(() => {
    if (up.exitCode === null) up.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings every service up and ready, with Node and request metrics', async () => {
    const state = await readLabState(dir);
    expect(state).not.toBeNull();
    expect(lab.output()).toContain(state!.adminToken);
    for (const name of ['widget-api', 'storefront', 'widgetify', 'partner-api']) {
      const url = state!.services[name]!.url;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    }
    await fetch(`${state!.services['widget-api']!.url}/widgets/17/render`);
    await fetch(`${state!.services['widget-api']!.url}/widgets/18/render`);
    const samples = parseMetricsText(await (await fetch(`${state!.services['widget-api']!.url}/metrics`)).text());
    const names = new Set(samples.map((s) => s.name));
    for (const n of ['nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds_count', 'nodejs_active_handles_total']) {
      expect(names).toContain(n);
    }
    const routes = new Set(samples.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes).toContain('/widgets/:id/render');
    expect([...routes].some((r) => /\d/.test(r ?? ''))).toBe(false);
    const db = parseMetricsText(await (await fetch(`${state!.services['lab-exporter']!.url}/metrics`)).text());
    expect(db.find((s) => s.name === 'pg_settings_max_connections')?.value).toBe(30);
    expect(db.filter((s) => s.name === 'pg_stat_activity_count').reduce((a, s) => a + s.value, 0)).toBeGreaterThanOrEqual(3);
  });

  it('switches faults from the command line, with clear errors', async () => {
    const list = await run(process.execPath, [CLI, 'fault', 'list', 'partner-api', '--json'], { env });
    const faults = JSON.parse(list.stdout) as Array<{ name: string; enabled: boolean }>;
    expect(faults.find((f) => f.name === 'slow-responses')?.enabled).toBe(false);
    const on = await run(process.execPath, [CLI, 'fault', 'on', 'partner-api', 'slow-responses', '-p', 'extraMs=40'], { env });
    expect(on.stdout).toMatch(/slow-responses: on .*"extraMs":40/);
    await expect(run(process.execPath, [CLI, 'fault', 'on', 'partner-api', 'slow-responses', '-p', 'extraMs=-1'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/400 VALIDATION_FAILED extraMs/),
    });
    await expect(run(process.execPath, [CLI, 'fault', 'on', 'nowhere', 'x'], { env })).rejects.toMatchObject({
      stderr: expect.stringMatching(/unknown service "nowhere"/),
    });
    const off = await run(process.execPath, [CLI, 'fault', 'off', 'partner-api', '--all'], { env });
    expect(off.stdout).toMatch(/slow-responses: off/);
  });

  it("gives learners a token of their own: diagnosis and operations, nothing about faults or the lab's control", async () => {
    const state = (await readLabState(dir))!;
    expect(lab.output()).toContain(state.learnerToken!);
    expect(statSync(path.join(dir, 'lab.json')).mode & 0o777).toBe(0o600);
    const endpoints = readFileSync(path.join(dir, 'lab-endpoints.json'), 'utf8');
    expect(statSync(path.join(dir, 'lab-endpoints.json')).mode & 0o777).toBe(0o644);
    expect(endpoints).not.toContain(state.adminToken);
    expect(endpoints).not.toContain(state.learnerToken!);
    const learnerEnv = { ...env, OUTAGE_LAB_TOKEN: state.learnerToken! };

    // The lab's control API: faults and restarts are the instructor's.
    const control = state.services['lab-exporter']!.url;
    const call = (method: string, route: string, token?: string) =>
      fetch(`${control}${route}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));
    for (const [method, route] of [['GET', '/lab/faults'], ['PUT', '/lab/faults/widgetify/pool-unbounded'], ['DELETE', '/lab/faults/widgetify/pool-unbounded'], ['GET', '/lab/status'], ['POST', '/lab/services/partner-api/restart']] as const) {
      expect([route, (await call(method, route)).status]).toEqual([route, 401]);
      const asLearner = await call(method, route, state.learnerToken);
      expect([route, asLearner.status, asLearner.body.error?.code]).toEqual([route, 403, 'INSTRUCTOR_ONLY']);
    }
    expect((await call('GET', '/lab/faults', state.adminToken)).status).toBe(200);
    await expect(run(process.execPath, [CLI, 'fault', 'list', 'widgetify'], { env: learnerEnv })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^outage-lab: widgetify: 403 INSTRUCTOR_ONLY/),
    });

    // Operations, with the learner's name in the log.
    const releases = JSON.parse((await run(process.execPath, [CLI, 'ops', 'releases', 'widgetify', '--json'], { env: learnerEnv })).stdout) as { running: string };
    expect(releases.running).toMatch(/^2\./);
    const set = await run(process.execPath, [CLI, 'ops', 'set', 'widgetify', 'pool.max=12', '--as', 'Ana'], { env: learnerEnv });
    expect(set.stdout).toMatch(/widgetify: pool\.max 10 → 12/);
    const settings = JSON.parse((await run(process.execPath, [CLI, 'ops', 'settings', 'widgetify', '--json'], { env: learnerEnv })).stdout) as { settings: Array<{ key: string; value: unknown; source: string }> };
    expect(settings.settings.find((s) => s.key === 'pool.max')).toMatchObject({ value: 12, source: 'ops set by Ana (learner)' });
    await expect(run(process.execPath, [CLI, 'ops', 'set', 'widgetify', 'pool.max=0'], { env: learnerEnv })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^outage-lab: widgetify: 400 VALIDATION_FAILED pool\.max must be at least 1 \(got 0\)/),
    });
    const restart = await run(process.execPath, [CLI, 'ops', 'restart', 'partner-api', '--as', 'Ana'], { env: learnerEnv });
    expect(restart.stdout).toMatch(/partner-api: restarted/);

    // Diagnosis.
    const out = path.join(dir, 'partner.cpuprofile');
    const profile = await run(process.execPath, [CLI, 'profile', 'partner-api', '--seconds', '1', '--out', out], { env: learnerEnv });
    expect(profile.stdout).toMatch(/Top \d+ functions by self time/);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { samples: unknown[] }).samples.length).toBeGreaterThan(100);
  }, 90_000);

  it('refuses what it cannot do, each in one line: unknown services and routes, a lab on other ports, a second lab', async () => {
    const state = (await readLabState(dir))!;
    const control = state.services['lab-exporter']!.url;
    const call = async (method: string, route: string) => {
      const r = await fetch(`${control}${route}`, { method, headers: { authorization: `Bearer ${state.adminToken}` } });
      return { status: r.status, body: (await r.json()) as { error?: { code: string; message: string }; pid?: number } };
    };
    expect(await call('GET', '/lab/status/nope')).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'SERVICE_NOT_FOUND', message: expect.stringMatching(/^the lab runs no service named nope; it runs /) }) } });
    expect((await call('POST', '/lab/services/nope/restart')).body.error?.code).toBe('SERVICE_NOT_FOUND');
    expect(await call('GET', '/lab/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'ROUTE_NOT_FOUND' } } });
    expect(await call('GET', '/lab/status/partner-api')).toMatchObject({ status: 200, body: { pid: state.services['partner-api']!.pid } });

    // A run given --port-base means the lab on those ports: this one is on others (port 0 picked free ones).
    await expect(run(process.execPath, [CLI, 'scenario', 'run', 'db-pool-exhaustion', '--quick', '--port-base', '6190', '--dir', dir, '--no-progress', '--out', path.join(dir, 'runs', 'x')], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^outage-lab: the lab running in this folder \(pid \d+\) is on other ports \(\S+ on \d+, not 619\d\): drop --port-base to use it, or give another --dir for a lab of its own on 6190$/m),
    });
    expect(existsSync(path.join(dir, 'runs', 'x', 'run.json'))).toBe(false);
    await expect(run(process.execPath, [CLI, 'up', '--port-base', '0'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: `outage-lab: a lab is already running (pid ${state.pid}); stop it with Ctrl-C in its terminal or \`outage-lab down\`\n`,
    });
  }, 60_000);

  it('stops everything cleanly on Ctrl-C', async () => {
    const state = await readLabState(dir);
    const pids = Object.values(state!.services).flatMap((s) => (s.pid ? [s.pid] : []));
    expect(pids.length).toBe(4);
    const code = await new Promise<number | null>((resolve) => {
      up.once('exit', resolve);
      up.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(lab.output()).toMatch(/stopped/);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(path.join(dir, 'lab.json'))).toBe(false);
    expect(await readLabState(dir)).toBeNull();
  });
});
