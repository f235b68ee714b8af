import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { AdminClient } from '../../lab/admin-client';
import { RUN_RECORD_FILE, runRecordSchema } from '../../scenarios/run-record';
import { CURRENT_RUN_FILE } from '../../scenarios/run/current-run';
import path from 'node:path';
import { readLabState, type LabState } from '../../lab/lab-state';
import { parseMetricsText } from '../../lab/metrics-text';
import { LAB_DATABASE_RESTARTS } from '../../services/kit/metrics/lab-database';
import { CLI, startUp, type UpProcess } from '../support/lab-cli';
import { isRunning, processTable } from '../support/process-table';

const SERVICES = ['widget-api', 'storefront', 'widgetify', 'partner-api'];
const run = promisify(execFile);

/**
 * The lab survives its own faults: real processes killed and stopped as an operator (or the
 * machine) would, one lab shared by the cases to keep CI short. Each case says what recovers and
 * within how long; the bounds are generous (a loaded 2-core CI machine), the recovery bench
 * (`npm run bench -- recovery`) measures the times.
 */
describe('chaos: the lab recovers from what kills its parts', () => {
  let lab: UpProcess;

  beforeAll(async () => {
    lab = await startUp();
  }, 120_000);

  afterAll(async () => {
    if (lab.process.exitCode === null && lab.process.signalCode === null) {
      const exited = new Promise((resolve) => lab.process.once('exit', resolve));
      lab.process.kill('SIGINT');
      await exited;
    }
    rmSync(lab.dir, { recursive: true, force: true });
  }, 60_000);

  /** Every pid the lab's state file ever named: none may outlive the lab. */
  const seen = new Set<number>();
  const state = async (): Promise<LabState> => {
    const s = (await readLabState(lab.dir))!;
    for (const pid of [s.pid, s.databasePid, s.watchdogPid, ...Object.values(s.services).map((x) => x.pid)]) if (pid) seen.add(pid);
    return s;
  };
  /** Processes of this lab still running: the pids it named, and any whose command line names its folder. */
  const labProcesses = (): string[] =>
    processTable()
      .filter((p) => p.state !== 'Z' && (seen.has(p.pid) || p.command.includes(lab.dir)))
      .map((p) => `${p.pid} (parent ${p.ppid}) ${p.command}`);
  // After each case: no fault left on anywhere, no record left `running` (when the lab is up to ask).
  afterEach(async () => {
    const s = await readLabState(lab.dir);
    if (!s) return;
    for (const name of SERVICES) {
      const admin = new AdminClient(name, s.services[name]!.url, s.adminToken);
      let on: string[] = [];
      await waitFor(async () => (on = (await admin.listFaults()).filter((f) => f.enabled).map((f) => f.name)).length === 0, 10_000).catch(() => undefined);
      expect([name, on]).toEqual([name, []]);
    }
    const runs = path.join(lab.dir, 'runs');
    for (const folder of existsSync(runs) ? readdirSync(runs) : []) {
      const file = path.join(runs, folder, RUN_RECORD_FILE);
      if (existsSync(file)) expect([folder, JSON.parse(readFileSync(file, 'utf8')).status]).not.toEqual([folder, 'running']);
    }
  }, 30_000);

  const allReady = async (s: LabState, withinMs: number): Promise<void> => {
    for (const name of SERVICES) await waitFor(async () => (await fetch(`${s.services[name]!.url}/readyz`)).status === 200, withinMs);
  };

  it('kill -9 of the postmaster: reported in one line, started again, every service ready again, counted and logged', async () => {
    const before = await state();
    const postmaster = before.databasePid!;
    expect(postmaster).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(postmaster, 'SIGKILL');

    await waitFor(() => /PostgreSQL \(pid \d+\) exited \(signal SIGKILL\); starting it again in 1 s/.test(lab.output()), 10_000);
    await waitFor(async () => (await state()).databasePid !== postmaster && isAlive((await state()).databasePid!), 30_000);
    await allReady(before, 45_000);
    const recovered = Date.now() - killedAt;
    expect(recovered).toBeLessThan(60_000);
    expect(lab.output()).toMatch(/PostgreSQL is back \(pid \d+\), [\d.]+ s after it died/);
    expect(lab.output().match(/PostgreSQL \(pid \d+\) exited/g)).toHaveLength(1);

    const metrics = parseMetricsText(await (await fetch(`${before.services['lab-exporter']!.url}/metrics`)).text());
    expect(metrics.find((m) => m.name === LAB_DATABASE_RESTARTS)?.value).toBe(1);
    const log = readFileSync(path.join(lab.dir, 'logs', 'postgres.log'), 'utf8');
    expect(log).toMatch(new RegExp(`\\[outage-lab supervisor\\] \\S+ PostgreSQL \\(pid ${postmaster}\\) exited`));
    expect(isAlive(postmaster)).toBe(false);
  }, 120_000);

  it.each(SERVICES)('kill -9 of %s: started again and ready within 20 s, lab.json names the new process', async (name) => {
    const before = await state();
    const pid = before.services[name]!.pid!;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => {
      const now = (await state()).services[name]!.pid;
      return now !== undefined && now !== pid && (await fetch(`${before.services[name]!.url}/readyz`)).status === 200;
    }, 20_000);
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    expect(lab.output()).toMatch(new RegExp(`! ${name} exited \\(code SIGKILL\\); restarting`));
    expect(isRunning(pid)).toBe(false);
  }, 30_000);

  it('SIGSTOP of a service: not answering /healthz for 30 s, it is killed and started again (logged)', async () => {
    const before = await state();
    const pid = before.services['storefront']!.pid!;
    const stoppedAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    await waitFor(async () => {
      const now = (await state()).services['storefront']!.pid;
      return now !== undefined && now !== pid && (await fetch(`${before.services['storefront']!.url}/readyz`)).status === 200;
    }, 70_000);
    const recovered = Date.now() - stoppedAt;
    // 30 s from its last answer to a probe (probes every 5 s), so 25 s at least from the SIGSTOP
    expect(recovered).toBeGreaterThanOrEqual(25_000);
    expect(recovered).toBeLessThan(70_000);
    expect(lab.output()).toContain('! storefront did not answer /healthz for 30 s (stopped or stuck): killed (SIGKILL) and restarting');
    expect(readFileSync(path.join(lab.dir, 'logs', 'storefront.log'), 'utf8')).toMatch(new RegExp(`pid ${pid} has not answered /healthz for \\d+ s: killing it`));
    expect(isRunning(pid)).toBe(false);
  }, 90_000);

  it('PostgreSQL filled from outside: new connections refused while full; every service ready again within 45 s of it freeing up, the server not restarted', async () => {
    const s = await state();
    const clients: Client[] = [];
    let refusal = '';
    try {
      while (clients.length < 100) {
        const client = new Client({ connectionString: s.databaseUrl, connectionTimeoutMillis: 5_000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          clients.push(client);
        } catch (err) {
          refusal = (err as Error).message;
          break;
        }
      }
      expect(refusal).toMatch(/too many clients|remaining connection slots/);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
    const freedAt = Date.now();
    await allReady(s, 45_000);
    expect(Date.now() - freedAt).toBeLessThan(45_000);
    expect((await state()).databasePid).toBe(s.databasePid);
  }, 90_000);

  let abandonedFolder = '';
  it('kill -9 of a scenario runner: its fault off within 30 s (the lease), its Prometheus gone with its data, its record marked abandoned', async () => {
    const s = await state();
    const folder = (abandonedFolder = path.join(lab.dir, 'runs', 'killed'));
    const runner = spawn(process.execPath, [CLI, 'scenario', 'run', 'db-pool-exhaustion', '--quick', '--out', folder, '--no-progress', '--dir', lab.dir], {
      env: lab.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    runner.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const file = path.join(folder, RUN_RECORD_FILE);
    await waitFor(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).faultWindow.start !== null, 90_000).catch(() => {
      throw new Error(`the fault never went on:\n${log}`);
    });
    const admin = new AdminClient('widgetify', s.services.widgetify!.url, s.adminToken);
    const fault = async (): Promise<boolean> => (await admin.listFaults()).find((f) => f.name === 'pool-unbounded')!.enabled;
    expect(await fault()).toBe(true);
    const prometheus = processTable().find((p) => p.command.includes('prometheus') && p.command.includes(folder));
    expect(prometheus).toBeDefined();
    const prometheusData = /--storage\.tsdb\.path=(\S+)/.exec(prometheus!.command)![1]!;

    const killedAt = Date.now();
    runner.kill('SIGKILL');
    await new Promise((resolve) => runner.once('exit', resolve));
    await waitFor(async () => !(await fault()), 35_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000 + 2_000);
    await waitFor(() => !isRunning(prometheus!.pid) && !existsSync(prometheusData), 15_000);
    await allReady(s, 45_000);
    expect(JSON.parse(readFileSync(file, 'utf8')).status).toBe('running');

    // The next command that reads it marks it.
    const report = await run(process.execPath, [CLI, 'scenario', 'report', folder], { env: lab.env });
    expect(report.stderr).toMatch(/^the run killed \(.+\) was left running by a runner that died \(pid \d+\); its record is marked abandoned \(last written \S+\)$/m);
    const record = runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(record.status).toBe('abandoned');
    expect(Date.parse(record.abandoned!.lastWrittenAt)).toBeLessThanOrEqual(killedAt);
    expect(Date.parse(record.abandoned!.lastWrittenAt)).toBeGreaterThan(killedAt - 10_000);
  }, 180_000);

  it('kill -9 of up with its watchdog: the next up clears what the dead lab left (PostgreSQL, the lock) and starts', async () => {
    const before = await state();
    process.kill(before.watchdogPid!, 'SIGKILL');
    lab.process.kill('SIGKILL');
    await new Promise((resolve) => lab.process.once('exit', resolve));
    // The services notice their supervisor is gone (cluster workers exit when their channel closes); PostgreSQL does not.
    await waitFor(() => SERVICES.every((name) => !isRunning(before.services[name]!.pid)), 15_000);
    expect(isRunning(before.databasePid)).toBe(true);

    expect(existsSync(path.join(lab.dir, CURRENT_RUN_FILE))).toBe(true);
    lab = await startUp([], 120_000, { dir: lab.dir });
    expect(lab.output()).toContain(`a lab that died (pid ${before.pid}) left pid ${before.databasePid} running`);
    // The pointer to the abandoned run goes too.
    expect(existsSync(path.join(lab.dir, CURRENT_RUN_FILE))).toBe(false);
    expect(abandonedFolder).not.toBe('');
    expect(isRunning(before.databasePid)).toBe(false);
    const after = await state();
    expect(after.databasePid).not.toBe(before.databasePid);
    await allReady(after, 30_000);
  }, 180_000);

  it('down stops a lab started elsewhere, by its state file, as Ctrl-C does', async () => {
    const before = await state();
    const down = await run(process.execPath, [CLI, 'down'], { env: lab.env });
    expect(down.stdout).toBe(`stopped the lab in ${lab.dir} (pid ${before.pid})\n`);
    expect(lab.process.exitCode ?? (await new Promise((resolve) => lab.process.once('exit', resolve)))).toBe(0);
    expect(lab.output()).toMatch(/\nstopped\n/);
    expect(labProcesses()).toEqual([]);
    expect(existsSync(path.join(lab.dir, 'lab.json'))).toBe(false);
    lab = await startUp([], 120_000, { dir: lab.dir });
  }, 180_000);

  it('kill -9 of up: its watchdog stops every process of the lab within 15 s, none is left to init', async () => {
    const before = await state();
    expect(isRunning(before.watchdogPid)).toBe(true);
    lab.process.kill('SIGKILL');
    await new Promise((resolve) => lab.process.once('exit', resolve));
    await waitFor(() => labProcesses().length === 0, 15_000).catch(() => undefined);
    expect(labProcesses()).toEqual([]);
  }, 30_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet (a refused connection, a state file being rewritten)
    }
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
