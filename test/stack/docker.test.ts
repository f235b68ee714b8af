import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import {
  COMPOSE_PROJECT_LABEL,
  COMPOSE_SERVICE_LABEL,
  createDockerClient,
  type ContainerClient,
} from '../../lab/container-client';
import { AdminClient } from '../../lab/admin-client';
import { RUN_RECORD_FILE, runRecordSchema } from '../../scenarios/run-record';
import { chartsWithoutData } from '../../scenarios/report/debrief-charts';
import { CLI } from '../support/lab-cli';
import { ComposeStack, composeCommand, dockerEngine } from './compose-stack';
import { GRAFANA_DIR, NODE_SERVICES, readYaml, RULES_DIR } from './stack-files';

/**
 * The classroom stack for real: build the image, `compose up` everything but Grafana (it has no
 * offline stand-in), wait for health, check Prometheus scrapes every target and has the rules,
 * run every dashboard query, and watch containers die of memory through the ContainerClient.
 * Skipped, with the reason, when no Docker engine answers (CI has none).
 */

const STACK_SERVICES = [...Object.keys(NODE_SERVICES), 'postgres', 'postgres-exporter', 'prometheus', 'alertmanager'];
const ADMIN_TOKEN = `stack-test-${process.pid}`;
const IMAGE_TAG = 'stack-test';
const IMAGE = `outage-lab/services:${IMAGE_TAG}`;
const MiB = 1024 ** 2;
/** The Node services' container memory limit, from the compose file ("320m"). */
const SERVICE_MEMORY = Number(/^(\d+)m$/.exec(readYaml<{ services: Record<string, { mem_limit: string }> }>('docker-compose.yml').services['widget-api']!.mem_limit)![1]) * MiB;

function skipReason(): string | null {
  const engine = dockerEngine();
  if (!engine.ok) return `no Docker engine answers (${engine.reason})`;
  if (!composeCommand()) return 'neither `docker compose` nor `docker-compose` is installed';
  // Images other than the one built here must be present or pullable; this machine pulls nothing.
  const compose = readYaml<{ services: Record<string, { image: string }> }>('docker-compose.yml');
  const missing = ['postgres', 'postgres-exporter', 'prometheus', 'alertmanager']
    .map((s) => compose.services[s]!.image)
    .filter((image) => spawnSync('docker', ['image', 'inspect', image], { encoding: 'utf8' }).status !== 0);
  if (missing.length > 0) {
    return `images not present: ${missing.join(', ')} (docker compose pull; offline: shared/tools/offline-images --from-compose docker-compose.yml)`;
  }
  return null;
}

const reason = skipReason();
if (reason) console.warn(`SKIPPED the Docker stack test: ${reason}`);
const describeDocker = reason ? describe.skip : describe;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

interface PromResult {
  metric: Record<string, string>;
  value: [number, string];
}

describeDocker('the classroom stack in Docker', () => {
  const project = `outagelabtest${process.pid}`;
  let stack: ComposeStack;
  let client: ContainerClient;
  let docker: Docker;
  let prometheus: string;
  const url: Record<string, string> = {};
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    stack = await ComposeStack.create(project, composeCommand()!, { LAB_ADMIN_TOKEN: ADMIN_TOKEN, OUTAGE_LAB_TAG: IMAGE_TAG });
    client = createDockerClient({ project });
    docker = new Docker();
    // One image for all services: build it once, through one of them.
    let start = Date.now();
    stack.run(['build', 'partner-api'], 600_000);
    figures['image build (s)'] = ((Date.now() - start) / 1000).toFixed(1);
    const image = await docker.getImage(IMAGE).inspect();
    figures['image size (MB)'] = (image.Size / 1e6).toFixed(0);

    start = Date.now();
    stack.run(['up', '-d', ...STACK_SERVICES]);
    await waitFor('every container healthy', 180_000, async () => {
      const containers = await client.list();
      return containers.length === STACK_SERVICES.length && containers.every((c) => c.health === 'healthy') ? true : undefined;
    });
    figures['up to all healthy (s)'] = ((Date.now() - start) / 1000).toFixed(1);

    prometheus = `http://127.0.0.1:${await client.hostPort('prometheus', 9090)}`;
    url.alertmanager = `http://127.0.0.1:${await client.hostPort('alertmanager', 9093)}`;
    for (const [name, port] of Object.entries(NODE_SERVICES)) url[name] = `http://127.0.0.1:${await client.hostPort(name, port)}`;
  }, 900_000);

  afterAll(async () => {
    console.log(`stack figures: ${JSON.stringify(figures, null, 1)}`);
    for (const probe of ['heap-probe', 'oom-probe']) {
      await docker?.getContainer(`${project}-${probe}`).remove({ force: true }).catch(() => undefined);
    }
    stack?.down();
    await docker?.getImage(IMAGE).remove().catch(() => undefined);
  }, 180_000);

  async function query(expr: string): Promise<PromResult[]> {
    const { body } = await getJson<{ status: string; data: { result: PromResult[] }; error?: string }>(
      `${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data.result;
  }

  test('the ContainerClient finds every service by its compose labels, with its limits', async () => {
    const containers = await client.list();
    expect(containers.map((c) => c.service).sort()).toEqual([...STACK_SERVICES].sort());
    for (const name of Object.keys(NODE_SERVICES)) {
      const container = await client.find(name);
      expect(container).toMatchObject({ project, service: name, status: 'running', health: 'healthy', restartCount: 0, oomKilled: false });
      expect(container.memoryLimitBytes).toBe(SERVICE_MEMORY);
      const memory = await client.memory(name);
      expect(memory.limitBytes).toBe(SERVICE_MEMORY);
      expect(memory.usageBytes).toBeGreaterThan(10 * MiB);
      expect(memory.usageBytes).toBeLessThan(memory.limitBytes);
      figures[`${name} memory at rest (MiB)`] = (memory.usageBytes / MiB).toFixed(0);
    }
  }, 60_000);

  test('Prometheus scrapes every target (up = 1) and has the rules loaded', async () => {
    const up = await waitFor('all targets up', 60_000, async () => {
      const result = await query('up');
      return result.length === 7 && result.every((r) => r.value[1] === '1') ? result : undefined;
    });
    expect(up.map((r) => r.metric.service).sort()).toEqual(
      ['alertmanager', 'partner-api', 'postgres', 'prometheus', 'storefront', 'widget-api', 'widgetify'].sort(),
    );
    const { body } = await getJson<{ data: { groups: Array<{ name: string; rules: Array<{ type: string; health: string }> }> } }>(
      `${prometheus}/api/v1/rules`,
    );
    const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules.yml'));
    const expectedRules = ruleFiles.flatMap((f) => readYaml<{ groups: Array<{ rules: unknown[] }> }>('prometheus', 'rules', f).groups.flatMap((g) => g.rules));
    expect(body.data.groups).toHaveLength(ruleFiles.length);
    const loaded = body.data.groups.flatMap((g) => g.rules);
    expect(loaded).toHaveLength(expectedRules.length);
    await waitFor('every rule evaluated without error', 30_000, async () => {
      const { body: again } = await getJson<{ data: { groups: Array<{ rules: Array<{ health: string }> }> } }>(`${prometheus}/api/v1/rules`);
      return again.data.groups.flatMap((g) => g.rules).every((r) => r.health === 'ok') ? true : undefined;
    });
    // Both views of PostgreSQL's connections are there, and the limit is the compose file's.
    expect((await query('pg_settings_max_connections'))[0]?.value[1]).toBe('30');
    expect(Number((await query('sum(pg_stat_activity_count)'))[0]?.value[1])).toBeGreaterThan(0);
    // V8's heap limit follows NODE_OPTIONS (192 MiB old space, plus the young generation).
    const heapLimit = await query('nodejs_heap_size_limit_bytes');
    expect(heapLimit).toHaveLength(4);
    for (const r of heapLimit) expect(Number(r.value[1]) / MiB).toBeGreaterThanOrEqual(192);
    for (const r of heapLimit) expect(Number(r.value[1]) / MiB).toBeLessThan(224);
    // HeapNearLimit's denominator: the flag itself, read from NODE_OPTIONS.
    const oldSpace = await query('nodejs_heap_old_space_limit_bytes');
    expect(oldSpace.map((r) => Number(r.value[1]) / MiB)).toEqual([192, 192, 192, 192]);
  }, 120_000);

  test('the admin API takes both tokens from the environment and refuses requests without one', async () => {
    for (const name of Object.keys(NODE_SERVICES)) {
      const denied = await fetch(`${url[name]}/__lab/deployment`, { signal: AbortSignal.timeout(10_000) });
      expect(denied.status).toBe(401);
      const learner = await fetch(`${url[name]}/__lab/deployment`, { headers: { authorization: 'Bearer classroom-learner-token' }, signal: AbortSignal.timeout(10_000) });
      expect(learner.status).toBe(403);
      const releases = await fetch(`${url[name]}/__lab/ops/releases`, { headers: { authorization: 'Bearer classroom-learner-token' }, signal: AbortSignal.timeout(10_000) });
      expect(releases.status).toBe(200);
      const faults = await new AdminClient(name, url[name]!, ADMIN_TOKEN).listFaults();
      figures[`${name} faults`] = faults.map((f) => f.name).join(', ') || 'none';
    }
  }, 60_000);

  test('every Grafana panel query returns data once there is traffic', async () => {
    const paths: Record<string, string[]> = {
      'widget-api': ['/widgets', '/widgets/1', '/widgets/2/render', '/widgets/3/quote'],
      // (a page that does not exist: the error-share panel draws only non-2xx answers)
      storefront: ['/products', '/products/1', '/products/2/recommendations', '/no-such-page'],
      widgetify: ['/widgets', '/widgets/search?q=a'],
    };
    const until = Date.now() + 12_000; // bounded: about two scrapes' worth of traffic
    while (Date.now() < until) {
      await Promise.all(
        Object.entries(paths).flatMap(([service, list]) =>
          list.map((p) => fetch(`${url[service]}${p}`, { signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer())),
        ),
      );
    }
    const dir = path.join(GRAFANA_DIR, 'dashboards');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
      for (const panel of dashboard.panels) {
        for (const { expr } of panel.targets) {
          // the day before's traffic: only in a Prometheus backfilled with it (a run's own), never in a fresh stack
          if (/\boffset 1d\b/.test(expr)) continue;
          const result = await waitFor(`data for "${panel.title}" (${file}): ${expr}`, 30_000, async () => {
            const r = await query(expr);
            return r.length > 0 ? r : undefined;
          });
          expect(result.length).toBeGreaterThan(0);
        }
      }
    }
  }, 240_000);

  test('a leak fault makes the heap climb until V8 stops the service, Docker restarts it and the alerts say so', async () => {
    // widget-api's timer-driven leak (incident 2), sped up: ~2.5 MB/s kept instead of ~0.6.
    const fault = 'insights-retention';
    const admin = new AdminClient('widget-api', url['widget-api']!, ADMIN_TOKEN);
    expect((await admin.listFaults()).map((f) => f.name)).toContain(fault);
    const enabledAt = new Date(Date.now() - 1000);
    expect((await admin.enableFault(fault, { intervalMs: 250, batchSize: 2000 })).enabled).toBe(true);

    let peak = 0;
    let heapNearLimitSeen = false;
    const restarted = await waitFor('widget-api to die and run again', 300_000, async () => {
      const container = await client.find('widget-api');
      if (container.status === 'running' && container.restartCount === 0) {
        peak = Math.max(peak, (await client.memory('widget-api')).usageBytes);
        if (!heapNearLimitSeen) {
          const alerts = await query('ALERTS{alertname="HeapNearLimit",service="widget-api"}');
          heapNearLimitSeen = alerts.length > 0;
        }
      }
      return container.restartCount >= 1 && container.status === 'running' ? container : undefined;
    }, 2000);
    const events = await client.events('widget-api', { since: enabledAt });
    const death = events.find((e) => e.action === 'die');
    expect(death).toBeDefined();
    figures['leak fault: enabled to death (s)'] = ((death!.time.getTime() - enabledAt.getTime()) / 1000).toFixed(1);
    figures['leak fault: peak container memory seen (MiB)'] = (peak / MiB).toFixed(0);
    // V8 reached its heap limit (exit 134 through init), before the container's memory limit.
    expect(death!.exitCode).toBe(134);
    expect(events.some((e) => e.action === 'oom')).toBe(false);
    expect(peak).toBeGreaterThan(150 * MiB);
    expect(restarted.restartCount).toBe(1);
    // HeapNearLimit was at least pending before the end (HeapGrowing cannot be: it waits for 3
    // minutes of uptime, and this container is younger when it dies).
    expect(heapNearLimitSeen).toBe(true);
    const heapPeak = await query('max_over_time(nodejs_heap_size_used_bytes{service="widget-api"}[5m])');
    figures['leak fault: heap used peak (MiB)'] = (Number(heapPeak[0]?.value[1]) / MiB).toFixed(0);

    await waitFor('ServiceRestarted firing for widget-api', 90_000, async () => {
      const alerts = await query('ALERTS{alertname="ServiceRestarted",alertstate="firing",service="widget-api"}');
      return alerts.length > 0 ? true : undefined;
    });
    await waitFor('widget-api healthy again', 90_000, async () => ((await client.find('widget-api')).health === 'healthy' ? true : undefined));
    // An ephemeral host port (this test's) changes when the container restarts; the compose file's fixed ones do not.
    url['widget-api'] = `http://127.0.0.1:${await client.hostPort('widget-api', NODE_SERVICES['widget-api']!)}`;
    // The release is still deployed in the container (STATE_DIR), as after a real crash: the climb starts again.
    const again = new AdminClient('widget-api', url['widget-api'], ADMIN_TOKEN);
    expect((await again.listFaults()).find((f) => f.name === fault)?.enabled).toBe(true);
    expect((await again.disableFault(fault)).enabled).toBe(false);
  }, 420_000);

  test('a scenario run with --target docker: the leak takes widget-api to its heap limit, and the record has the death, the restart and Prometheus\'s alerts', async () => {
    // Incident 2's arc at speed 3 (3 minutes), with the leak turned up (~1.9 MB/s: 250 ms, 1,500 rows)
    // so that it reaches the limit within the fault window, slowly enough for HeapNearLimit's 15 s.
    const out = mkdtempSync(path.join(tmpdir(), 'outage-lab-docker-run-'));
    const env = { ...process.env, COMPOSE_PROJECT_NAME: project, PROMETHEUS_URL: prometheus, LAB_ADMIN_TOKEN: ADMIN_TOKEN };
    const args = ['scenario', 'run', 'feature-background-leak', '--speed', '3', '--target', 'docker', '--no-progress', '--out', out];
    const intensity = ['--fault-param', 'intervalMs=250', '--fault-param', 'batchSize=1500'];
    const started = Date.now();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args, ...intensity], { env, timeout: 330_000, maxBuffer: 16 * MiB });
      figures['docker scenario run (s)'] = ((Date.now() - started) / 1000).toFixed(1);
      const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(out, RUN_RECORD_FILE), 'utf8')));
      expect(record).toMatchObject({ status: 'completed', target: 'docker', service: 'widget-api' });
      expect(record.fault.params).toMatchObject({ intervalMs: 250, batchSize: 1500 });
      // Died of its heap (read from the engine's events), restarted by Docker, then by the runbook's reboot.
      expect(record.resources.oomKills).toBeGreaterThanOrEqual(1);
      expect(record.resources.restarts).toBeGreaterThanOrEqual(2);
      expect(record.resources.events!.map((e) => e.kind)).toEqual(expect.arrayContaining(['out-of-memory', 'restart']));
      // The container's memory, sampled from the engine, climbed towards the limit.
      const memory = record.samples.filter((s) => s.service === 'widget-api').map((s) => s.values.container_memory_usage_bytes ?? 0);
      figures['docker scenario: peak container memory sampled (MiB)'] = (Math.max(...memory) / MiB).toFixed(0);
      expect(Math.max(...memory)).toBeGreaterThan(150 * MiB);
      expect(record.resources.peakHeapUsedBytes).toBeGreaterThan(150 * MiB);
      // The alerts are the stack's Prometheus's, as the learners see them.
      expect(record.monitoring).toMatchObject({ alertSource: 'prometheus', prometheusUrl: prometheus });
      expect(record.firstAlert?.source).toBe('prometheus');
      const names = record.alerts.map((a) => a.name);
      figures['docker scenario: alerts'] = [...new Set(names)].join(', ');
      expect(names).toContain('HeapNearLimit');
      expect(Date.parse(record.alerts.find((a) => a.name === 'HeapNearLimit')!.at)).toBeGreaterThanOrEqual(Date.parse(record.faultWindow.start!));
      expect(stdout).toMatch(/restarts [2-9]\d*, out-of-memory deaths [1-9]/); // the summary says it too
      expect(existsSync(path.join(out, 'report.html'))).toBe(true);
      // Every debrief chart has data, PostgreSQL's (read through the stack's Prometheus) included.
      expect(chartsWithoutData(record)).toEqual([]);
      // Only the run's own alerts: its service's, its red herring's (partner-api) and PostgreSQL's, none before its start.
      for (const alert of record.alerts) {
        expect(['widget-api', 'partner-api', 'postgres']).toContain(alert.service);
        expect(Date.parse(alert.at)).toBeGreaterThanOrEqual(Date.parse(record.startedAt));
      }
      // And the run leaves the faults off.
      for (const service of ['widget-api', 'partner-api']) {
        expect((await new AdminClient(service, url[service]!, ADMIN_TOKEN).listFaults()).filter((f) => f.enabled)).toEqual([]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 400_000);

  test("a restart asked for is rolling inside the container (its supervisor): no request refused, the container keeps running", async () => {
    const before = await client.find('partner-api');
    const startTime = async (): Promise<string | undefined> => {
      const text = await (await fetch(`${url['partner-api']}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
      return /^process_start_time_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
    };
    const first = await startTime();
    expect(first).toBeDefined();
    let ok = 0;
    const failed: string[] = [];
    const until = Date.now() + 8_000; // bounded: the restart and a few seconds after it
    setTimeout(() => void client.signal('partner-api', 'SIGHUP'), 1_000);
    while (Date.now() < until) {
      await fetch(`${url['partner-api']}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
        (r) => (r.ok ? ok++ : failed.push(String(r.status))),
        (err: Error) => failed.push(err.message),
      );
    }
    // (a request on a keep-alive connection the old process closes may fail: one, not seconds' worth)
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(ok).toBeGreaterThan(50);
    expect(await startTime()).not.toBe(first); // a new process serves
    const after = await client.find('partner-api');
    expect(after).toMatchObject({ status: 'running', restartCount: 0 });
    expect(after.startedAt).toEqual(before.startedAt); // the same container, not restarted
    figures['rolling restart: requests ok / failed'] = `${ok} / ${failed.length}`;
  }, 60_000);

  /** A container like the compose file's Node services (same image, limits, init), in the test's project. */
  async function startProbe(name: string, script: string, options: { memory: number; restart: boolean }): Promise<Date> {
    const container = await docker.createContainer({
      name: `${project}-${name}`,
      Image: IMAGE,
      Cmd: ['node', '-e', script],
      Env: ['NODE_OPTIONS=--max-old-space-size=192'],
      Labels: { [COMPOSE_PROJECT_LABEL]: project, [COMPOSE_SERVICE_LABEL]: name },
      HostConfig: {
        Memory: options.memory,
        MemorySwap: options.memory,
        Init: true,
        RestartPolicy: { Name: options.restart ? 'unless-stopped' : 'no' },
      },
    });
    const started = new Date(Date.now() - 1000);
    await container.start();
    return started;
  }

  test('a heap that grows to its V8 limit ends in an abort (not the OOM killer), and the container restarts', async () => {
    // About 8 MB of JS arrays a second (10 x 800 KB), kept forever: the shape of the lab's leaks, faster.
    const leak = 'const kept=[];setInterval(()=>kept.push(new Array(1e5).fill(Math.random())),100)';
    const started = await startProbe('heap-probe', leak, { memory: SERVICE_MEMORY, restart: true });
    let peak = 0;
    const restarted = await waitFor('the heap probe to die and restart', 180_000, async () => {
      const probe = await client.find('heap-probe');
      if (probe.status === 'running' && probe.restartCount === 0) {
        peak = Math.max(peak, (await client.memory('heap-probe')).usageBytes);
      }
      // The engine counts the restart before it starts the container again: wait for both.
      return probe.restartCount >= 1 && probe.status === 'running' ? probe : undefined;
    });
    const events = await client.events('heap-probe', { since: started });
    const death = events.find((e) => e.action === 'die');
    expect(death).toBeDefined();
    figures['heap probe: time to death (s)'] = ((death!.time.getTime() - started.getTime()) / 1000).toFixed(1);
    figures['heap probe: peak memory seen (MiB)'] = (peak / MiB).toFixed(0);
    // V8's "heap out of memory" aborts: 128 + SIGABRT through the init process. No kernel OOM kill.
    expect(death!.exitCode).toBe(134);
    expect(events.some((e) => e.action === 'oom')).toBe(false);
    expect(peak).toBeGreaterThan(150 * MiB);
    expect(peak).toBeLessThan(SERVICE_MEMORY);
    expect(restarted.restartCount).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.action === 'start').length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  test('memory outside the V8 heap (buffers) reaches the container limit: the kernel OOM-kills it', async () => {
    const leak = 'const kept=[];setInterval(()=>kept.push(Buffer.alloc(8<<20,1)),100)';
    const started = await startProbe('oom-probe', leak, { memory: 128 * MiB, restart: false });
    const dead = await waitFor('the OOM probe to exit', 120_000, async () => {
      const probe = await client.find('oom-probe');
      return probe.status === 'exited' ? probe : undefined;
    });
    expect(dead).toMatchObject({ oomKilled: true, exitCode: 137, memoryLimitBytes: 128 * MiB });
    const events = await client.events('oom-probe', { since: started });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['oom', 'die']));
    figures['oom probe: time to OOM kill (s)'] = ((dead.finishedAt!.getTime() - dead.startedAt!.getTime()) / 1000).toFixed(1);
  }, 180_000);

  test('restarting a service through the ContainerClient raises ServiceRestarted in Prometheus and Alertmanager', async () => {
    const before = await client.find('storefront');
    const restartedAt = new Date(Date.now() - 1000);
    await client.restart('storefront', { timeoutSeconds: 10 });
    const after = await client.find('storefront');
    expect(after.startedAt!.getTime()).toBeGreaterThan(before.startedAt!.getTime());
    const events = await client.events('storefront', { since: restartedAt });
    // A clean stop: SIGTERM, drained, exit 0 (not a kill after the grace period).
    expect(events.find((e) => e.action === 'die')?.exitCode).toBe(0);

    const start = Date.now();
    await waitFor('ServiceRestarted firing for storefront', 90_000, async () => {
      const alerts = await query('ALERTS{alertname="ServiceRestarted",alertstate="firing"}');
      return alerts.some((a) => a.metric.service === 'storefront') ? true : undefined;
    });
    figures['restart to alert firing (s)'] = ((Date.now() - start) / 1000).toFixed(1);
    await waitFor('the alert in Alertmanager', 60_000, async () => {
      const { body } = await getJson<Array<{ labels: Record<string, string> }>>(`${url.alertmanager}/api/v2/alerts`);
      return body.some((a) => a.labels.alertname === 'ServiceRestarted' && a.labels.service === 'storefront') ? true : undefined;
    });
  }, 180_000);
});
