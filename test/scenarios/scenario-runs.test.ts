import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { AdminClient } from '../../lab/admin-client';
import { readLabState, type LabState } from '../../lab/lab-state';
import { findScenario } from '../../scenarios/definitions';
import { DEFAULT_PAGE_CACHE } from '../../services/storefront/app';
import { RUN_RECORD_FILE, runRecordSchema, type RunRecord } from '../../scenarios/run-record';
import type { Scenario } from '../../scenarios/scenario-schema';
import { CLI, startUp } from '../support/lab-cli';

/**
 * Every scenario, quick, against one embedded lab (`outage-lab up`), through the CLI as an
 * instructor runs it: the record is complete and valid, the right service degrades for the right
 * reason, the red herrings are there, and Ctrl-C leaves the faults off and a partial record.
 * About a minute per scenario; they run one after the other (the machine has 2 cores).
 */

const run = promisify(execFile);
const MB = 1024 * 1024;
const RUN_TIMEOUT_MS = 200_000;

/** The report's affected share, within this many points (the target). */
const SHARE_TOLERANCE = 0.1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('scenarios against the embedded lab (--quick)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let up: ChildProcess;
  let lab: LabState;

  beforeAll(async () => {
    ({ dir, env, process: up } = await startUp());
    lab = (await readLabState(dir))!;
  }, 120_000);

  afterAll(async () => {
    if (up.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => up.kill('SIGKILL'), 30_000);
        up.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        up.kill('SIGINT');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function runQuick(name: string, extra: string[] = []): Promise<{ record: RunRecord; folder: string; stdout: string }> {
    const folder = path.join(dir, 'runs', name);
    const { stdout } = await run(process.execPath, [CLI, 'scenario', 'run', name, '--quick', '--out', folder, '--no-progress', ...extra], {
      env,
      timeout: RUN_TIMEOUT_MS,
      maxBuffer: 16 * MB,
    });
    const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(folder, RUN_RECORD_FILE), 'utf8')));
    return { record, folder, stdout };
  }

  function values(record: RunRecord, service: string, key: string, from?: string, to?: string): number[] {
    return record.samples
      .filter((s) => s.service === service && s.up && (!from || s.at >= from) && (!to || s.at <= to))
      .map((s) => s.values[key])
      .filter((v): v is number => v !== undefined);
  }

  function phase(record: RunRecord, kind: string) {
    const found = record.phases.find((p) => p.kind === kind);
    if (!found) throw new Error(`no ${kind} phase`);
    return found;
  }

  /** What every run must record, whatever the scenario. */
  function expectComplete(record: RunRecord, scenario: Scenario, folder: string): void {
    expect(record.status).toBe('completed');
    expect(record.scenario).toBe(scenario.name);
    expect(record.service).toBe(scenario.service);
    expect(record.fault.name).toBe(scenario.fault.name);
    expect(record.quick).toBe(true);
    expect(record.phases.map((p) => [p.name, p.kind])).toEqual(scenario.phases.map((p) => [p.name, p.kind]));
    for (const p of record.phases) {
      expect(p.end).not.toBeNull();
      expect(Date.parse(p.end!)).toBeGreaterThanOrEqual(Date.parse(p.start));
    }
    const withOffset = /[+-]\d\d:\d\d$/;
    for (const t of [record.startedAt, record.endedAt!, record.faultWindow.start!, record.faultWindow.end!, ...record.phases.map((p) => p.start)]) {
      expect(t).toMatch(withOffset);
    }
    expect(record.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    // the fault window runs from the trigger's fault-on to the resolution's fault-off
    expect(Date.parse(record.faultWindow.start!)).toBeGreaterThanOrEqual(Date.parse(phase(record, 'trigger').start));
    expect(Date.parse(record.faultWindow.end!)).toBeGreaterThanOrEqual(Date.parse(phase(record, 'resolution').start));
    expect(new Set(record.redHerrings.map((h) => h.kind))).toEqual(new Set(scenario.redHerrings.map((h) => h.kind)));
    expect(values(record, scenario.service, 'nodejs_heap_size_used_bytes').length).toBeGreaterThan(15);
    expect(values(record, 'postgres', 'pg_settings_max_connections').length).toBeGreaterThan(15);
    expect(record.loadSummaries.map((s) => s.population)).toEqual(Object.keys(scenario.populations));
    expect(record.impact.users.total).toBeGreaterThan(0);
    expect(record.impact.bySegment!.map((s) => s.segment)).toEqual(Object.values(scenario.populations).flatMap((p) => p.segments.map((s) => s.name)));
    const html = readFileSync(path.join(folder, 'report.html'), 'utf8');
    expect(html).toContain('uPlot');
    expect(html).toContain(scenario.title);
    expect(readFileSync(path.join(folder, 'brief.md'), 'utf8')).toContain(scenario.brief.headline);
    // the lab is left clean: the scenario's fault is off
  }

  async function expectFaultsOff(service: string): Promise<void> {
    const admin = new AdminClient(service, lab.services[service]!.url, lab.adminToken);
    expect((await admin.listFaults()).filter((f) => f.enabled).map((f) => f.name)).toEqual([]);
  }

  const shares: Array<[string, number, number]> = [];

  afterAll(() => {
    // What this machine measured, for the record of the test run.
    console.log(shares.map(([n, measured, report]) => `${n}: users affected ${(measured * 100).toFixed(1)}% (report ${(report * 100).toFixed(0)}%)`).join('\n'));
  });

  /**
   * The report's share of users is hurt, and they are the right users: nearly every user of the
   * segments the mechanism is meant to hurt, and (nearly) none of the others.
   */
  function expectShare(record: RunRecord, scenario: Scenario): void {
    shares.push([scenario.name, record.impact.users.share, scenario.incident.affectedUsersShare]);
    const segments = record.impact.bySegment!.map((s) => ({ segment: s.segment, expected: s.expected, share: Math.round(s.users.share * 100) / 100 }));
    // (a failure lists the segments whose share is off, with the share measured)
    expect(segments.filter((s) => (s.expected === 'affected' ? s.share < 0.7 : s.share > 0.05))).toEqual([]);
    expect(Math.abs(record.impact.users.share - scenario.incident.affectedUsersShare)).toBeLessThanOrEqual(SHARE_TOLERANCE);
  }

  it(
    'feature-background-leak: the heap grows with time once the feature is on, while traffic rises and the partner slows',
    async () => {
      const scenario = findScenario('feature-background-leak');
      const { record, folder } = await runQuick(scenario.name, ['--prometheus', 'off']);
      expectComplete(record, scenario, folder);
      const heap = values(record, 'widget-api', 'nodejs_heap_size_used_bytes', record.faultWindow.start!, phase(record, 'resolution').start);
      expect(Math.max(...heap) - heap[0]!).toBeGreaterThan(15 * MB);
      // the red herring is real: the partner answers slower once planted, and is back to normal after
      const escalation = phase(record, 'escalation');
      const partnerBefore = values(record, 'partner-api', 'http_request_duration_p95_seconds', undefined, escalation.start);
      const partnerDuring = values(record, 'partner-api', 'http_request_duration_p95_seconds', escalation.start, phase(record, 'resolution').start);
      // (medians of the sampled p95: one busy second can spike a histogram's p95 over a few quotes)
      expect(median(partnerDuring)).toBeGreaterThan(median(partnerBefore) + 0.04);
      expectShare(record, scenario);
      await expectFaultsOff('widget-api');
      await expectFaultsOff('partner-api');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'recommendation-library-leak: the storefront keeps ~40 KB per personalised recommendation',
    async () => {
      const scenario = findScenario('recommendation-library-leak');
      const { record, folder } = await runQuick(scenario.name, ['--prometheus', 'off']);
      expectComplete(record, scenario, folder);
      const requests = readFileSync(path.join(folder, 'requests.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { t: number; route: string; status: number });
      const from = Date.parse(record.faultWindow.start!);
      const to = Date.parse(phase(record, 'resolution').start);
      const personalised = requests.filter(
        (r) => r.t >= from && r.t < to && ((r.route === 'GET /products/:id/recommendations' && r.status === 200) || (r.route === 'POST /checkout' && r.status === 201)),
      ).length;
      const heap = values(record, 'storefront', 'nodejs_heap_size_used_bytes', record.faultWindow.start!, phase(record, 'resolution').start);
      const perCall = (heap[heap.length - 1]! - heap[0]!) / personalised;
      expect(personalised).toBeGreaterThan(300);
      expect(perCall).toBeGreaterThan(15 * 1024);
      expect(perCall).toBeLessThan(90 * 1024);
      expectShare(record, scenario);
      await expectFaultsOff('storefront');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'surge-cache-growth: the page cache passes its bound only when the campaign brings new keys, and shrinks back with the fix',
    async () => {
      const scenario = findScenario('surge-cache-growth');
      const { record, folder } = await runQuick(scenario.name, ['--prometheus', 'off']);
      expectComplete(record, scenario, folder);
      const key = 'cache_entries{cache="product-pages"}';
      const steady = values(record, 'storefront', key, undefined, phase(record, 'escalation').start);
      const surge = values(record, 'storefront', key, phase(record, 'escalation').start, phase(record, 'resolution').start);
      const after = values(record, 'storefront', key, record.faultWindow.end!);
      const bound = DEFAULT_PAGE_CACHE.maxEntries;
      expect(Math.max(...steady)).toBeLessThanOrEqual(bound); // steady traffic looks fine
      // far past the bound it used to have (shedding past 96 MB of heap stops it near 2,700 keys, as CI measured)
      expect(Math.max(...surge)).toBeGreaterThan(4 * bound);
      expect(Math.max(...after)).toBeLessThanOrEqual(bound);
      const heap = values(record, 'storefront', 'nodejs_heap_size_used_bytes', phase(record, 'escalation').start, phase(record, 'resolution').start);
      expect(Math.max(...heap) - Math.min(...heap)).toBeGreaterThan(10 * MB);
      // past half its heap limit the storefront sheds the pages it does not hold: the campaign's
      const campaign = record.loadSummaries.find((l) => l.population === 'campaign')!.statusCounts as Record<string, number>;
      expect(campaign['503']).toBeGreaterThan(100);
      expectShare(record, scenario);
      await expectFaultsOff('storefront');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'db-pool-exhaustion: widgetify fills PostgreSQL\'s connection slots and answers 503, seen by Prometheus',
    async () => {
      const scenario = findScenario('db-pool-exhaustion');
      const { record, folder } = await runQuick(scenario.name);
      expectComplete(record, scenario, folder);
      const peak = phase(record, 'escalation');
      const max = Math.max(...values(record, 'postgres', 'pg_settings_max_connections'));
      const used = values(record, 'postgres', 'pg_stat_activity_count', peak.start, phase(record, 'resolution').start);
      expect(Math.max(...used)).toBeGreaterThanOrEqual(0.85 * max);
      expect(Math.max(...values(record, 'widgetify', 'db_pool_connections', peak.start))).toBeGreaterThan(15);
      expect(record.impact.errorShare).toBeGreaterThan(0.1);
      const statuses = record.loadSummaries.find((s) => s.population === 'morning')!.statusCounts as Record<string, number>;
      expect(statuses['503']).toBeGreaterThan(100);
      // and it recovers once the pool is bounded again
      const lastErrors = values(record, 'widgetify', 'http_errors_ratio', record.faultWindow.end!).slice(-2);
      expect(lastErrors.every((e) => e < 0.02)).toBe(true);
      // a Prometheus of the run's own scraped the lab and raised the database alert
      if (record.monitoring!.alertSource === 'prometheus') {
        expect(record.alerts.map((a) => a.name)).toContain('DatabaseConnectionsNearLimit');
        expect(record.firstAlert!.source).toBe('prometheus');
      }
      expectShare(record, scenario);
      await expectFaultsOff('widgetify');
    },
    RUN_TIMEOUT_MS,
  );

  // Played after the others: its restart in the fault window is what a busy machine hurts most, and by
  // now the other jest worker has finished the light suites (CI measured simple renderers 15% hurt
  // when it ran first, beside them).
  it(
    'widget-render-leak: the widget-api heap climbs with complex renders, a restart gives it back, and it climbs again',
    async () => {
      const scenario = findScenario('widget-render-leak');
      const { record, folder } = await runQuick(scenario.name, ['--prometheus', 'off']);
      expectComplete(record, scenario, folder);
      const trigger = phase(record, 'trigger');
      const stopGap = phase(record, 'stop-gap');
      const before = values(record, 'widget-api', 'nodejs_heap_size_used_bytes', trigger.start, stopGap.start);
      const after = values(record, 'widget-api', 'nodejs_heap_size_used_bytes', stopGap.start, phase(record, 'resolution').start);
      // the kept frames grow the heap (and slow the complex renders: see the segments' shares)
      expect(Math.max(...before) - Math.min(...before)).toBeGreaterThan(30 * MB);
      expect(Math.min(...after)).toBeLessThan(Math.max(...before) / 2); // the restart's relief...
      expect(after[after.length - 1]!).toBeGreaterThan(Math.min(...after)); // ...and the leak is back
      expect(record.resources.restarts).toBeGreaterThanOrEqual(2);
      expect(record.alerts.every((a) => a.source === 'runner')).toBe(true);
      expectShare(record, scenario);
      await expectFaultsOff('widget-api');

      // the debrief can be written again from the folder, and the hints follow the run
      rmSync(path.join(folder, 'report.html'));
      await run(process.execPath, [CLI, 'scenario', 'report', folder], { env });
      expect(existsSync(path.join(folder, 'report.html'))).toBe(true);
      const first = await run(process.execPath, [CLI, 'hint'], { env });
      const second = await run(process.execPath, [CLI, 'hint'], { env });
      expect(first.stdout).toContain(scenario.hints[0]);
      expect(second.stdout).toContain(scenario.hints[1]);
      expect(JSON.parse(readFileSync(path.join(folder, 'hints.json'), 'utf8')).map((h: { tier: number }) => h.tier)).toEqual([1, 2]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'Ctrl-C mid-run switches the fault off and leaves a valid partial record',
    async () => {
      const folder = path.join(dir, 'runs', 'interrupted');
      const child = spawn(process.execPath, [CLI, 'scenario', 'run', 'db-pool-exhaustion', '--quick', '--out', folder, '--no-progress', '--prometheus', 'off'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      // wait until the fault is on (the record says so), then interrupt
      const deadline = Date.now() + 90_000;
      for (;;) {
        const file = path.join(folder, RUN_RECORD_FILE);
        if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).faultWindow.start) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the fault never went on:\n${log}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const admin = new AdminClient('widgetify', lab.services.widgetify!.url, lab.adminToken);
      expect((await admin.listFaults()).find((f) => f.name === 'pool-unbounded')?.enabled).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(folder, RUN_RECORD_FILE), 'utf8')));
      expect(record.status).toBe('interrupted');
      expect(record.faultWindow.end).not.toBeNull();
      expect(record.endedAt).not.toBeNull();
      expect(record.phases.length).toBeLessThan(findScenario('db-pool-exhaustion').phases.length);
      expect(record.phases.every((p) => p.end !== null)).toBe(true);
      expect((await admin.listFaults()).find((f) => f.name === 'pool-unbounded')?.enabled).toBe(false);
      expect(existsSync(path.join(folder, 'report.html'))).toBe(true);
    },
    RUN_TIMEOUT_MS,
  );
});
