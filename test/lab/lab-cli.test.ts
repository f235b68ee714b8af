import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
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
