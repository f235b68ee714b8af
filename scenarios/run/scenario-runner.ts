import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { runLoad, type LoadResult } from '../../load/run-load';
import { renderBrief } from '../brief';
import { writeDebriefReport } from '../report/debrief-report';
import { RunClock } from '../run-clock';
import type { RunPlan } from '../run-plan';
import type { RunRecord } from '../run-record';
import type { Scenario } from '../scenario-schema';
import type { LabTarget } from '../targets/lab-target';
import { AlertCollector } from './alert-collector';
import { writeCurrentRun } from './current-run';
import { writePlayedScenario } from './played-scenario';
import { writeReleasedHints } from './released-hints';
import { DeathCollector } from './death-collector';
import { ActionCollector } from './action-collector';
import { DrillReferee } from './drill-referee';
import { ResponseTracker } from './response-tracker';
import { ImpactTracker } from './impact-tracker';
import { startMonitoring, type Monitoring } from './monitoring';
import { LEASE_RENEW_MS, PhasePlayer } from './phase-player';
import { initialRecord, RecordWriter } from './record-writer';
import { RunContext } from './run-context';
import { silentProgress, type RunProgress } from './run-progress';
import { checkMachine, loadAverageNow } from './machine-check';
import { SampleCollector } from './sample-collector';
import { StatusLine } from './status-line';

export interface ScenarioRunOptions {
  scenario: Scenario;
  /** the scenario laid out for a speed and mode (run-plan.ts's planRun), built once by the caller */
  plan: RunPlan;
  target: LabTarget;
  seed: number;
  /** the run folder (created) */
  outDir: string;
  /** the lab folder, where the pointer to the latest run is kept for `outage-lab hint` */
  labFolder: string;
  /** 'auto': the target's Prometheus, else a private one when the binary is installed, else the runner's own rules */
  prometheus: 'auto' | 'off';
  prometheusPort?: number;
  /** restart the service before the baseline, so the run starts from a fresh process (default true) */
  fresh?: boolean;
  /** Ctrl-C: faults off, a valid partial record with status `interrupted` */
  signal?: AbortSignal;
  progress?: RunProgress;
  sampleIntervalMs?: number;
  clock?: RunClock;
  /** the scenario's file as played (a built-in's or an instructor's): kept in the run folder for its hints and debrief */
  scenarioText?: string;
}

const DEFAULT_SAMPLE_INTERVAL_MS = 2_000;
/**
 * What the run does about a slower or busier machine: nothing is scaled; the mechanisms that hurt
 * a segment wait on timer ticks between slices of their work rather than on CPU, so a busy core
 * changes their timing little (the record keeps the load and the CPU probe to judge by).
 */
const CPU_ADJUSTMENT =
  "none to the mechanisms: the leaks pace their walks with timer ticks (margins, not CPU-scaled); latencies are judged without the load generator's own stalls (generatorStalls)";

/** The load generator's stalls over every load of the run, and how many judged requests they touched. */
function generatorStalls(results: LoadResult[]): NonNullable<RunRecord['machine']>['generatorStalls'] {
  const stats = results.map((r) => r.summary.generatorStalls).filter((s) => s !== undefined);
  return {
    count: stats.reduce((n, s) => n + s.count, 0),
    totalMs: stats.reduce((n, s) => n + s.totalMs, 0),
    longestMs: Math.max(0, ...stats.map((s) => s.longestMs)),
    requestsTouched: results.reduce((n, r) => n + r.records.filter((q) => q.generatorStallMs !== undefined).length, 0),
  };
}

/**
 * Runs one scenario against a lab target and returns its record (also written to the run folder,
 * with report.html). This file puts the run together; each part has its own: the phase player,
 * the collectors (samples, alerts, deaths), the impact, the record writer, the status line.
 */
export async function runScenario(options: ScenarioRunOptions): Promise<RunRecord> {
  const clock = options.clock ?? new RunClock();
  const record = initialRecord({ ...options, clock });
  const run = new RunContext(options.scenario, options.plan, options.target, clock, options.progress ?? silentProgress, record);
  const player = new PhasePlayer(run);
  const deaths = new DeathCollector(run);
  const impact = new ImpactTracker(run, player);
  const status = new StatusLine(run, player);
  const referee = options.plan.drill ? new DrillReferee(run, player) : undefined;
  const response = referee ? new ResponseTracker(run, player, referee) : undefined;
  const actions = new ActionCollector(run);
  const writer = new RecordWriter(options.outDir, record, impact);
  const sampleIntervalMs = options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  const interrupted = (): boolean => options.signal?.aborted ?? false;

  const onAbort = (): void => run.stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) run.stop.abort();
  let failure: unknown;
  let monitoring: Monitoring | undefined;
  let sampling: Promise<void> | undefined;
  let loads: Promise<LoadResult[]> | undefined;
  let requestLog: WriteStream | undefined;
  try {
    await mkdir(options.outDir, { recursive: true });
    await writeFile(path.join(options.outDir, 'brief.md'), renderBrief(options.scenario));
    if (options.scenarioText !== undefined) await writePlayedScenario(options.outDir, options.scenarioText);
    await prepare(run, options.fresh ?? true);
    record.machine = checkMachine(CPU_ADJUSTMENT);
    await deaths.begin();
    monitoring = await startMonitoring(run, { mode: options.prometheus, outDir: options.outDir, prometheusPort: options.prometheusPort, sampleIntervalMs });
    const alerts = new AlertCollector(run, player, deaths, monitoring.prometheusAlerts);
    const samples = new SampleCollector(run, player, alerts);
    record.startedAt = clock.now();
    await writer.now();
    await writeCurrentRun(options.labFolder, { runFolder: path.resolve(options.outDir), scenario: options.scenario.name, startedAt: record.startedAt });
    await writeReleasedHints(options.labFolder, { runStartedAt: record.startedAt, hints: [] });
    const log = (requestLog = createWriteStream(path.join(options.outDir, 'requests.jsonl')));

    run.t0 = Date.now();
    loads = startLoads(run, options.seed, (r) => {
      impact.add(r);
      status.add(r);
      referee?.add(r);
      log.write(JSON.stringify(r) + '\n');
    });
    // Every sample interval: scrape, follow the process, collect alerts, show the line, write the record.
    sampling = every(run, sampleIntervalMs, async () => {
      await samples.collect();
      await deaths.collect();
      // (the operations first: a restart someone asked for is not the incident's detection)
      await actions.collect();
      await alerts.collect();
      await referee?.check();
      response?.update();
      status.show();
      await writer.update(false);
    });
    // The service takes the run's changes back by itself unless the run keeps renewing them.
    const renewing = setInterval(() => void player.renewLeases(), LEASE_RENEW_MS);
    try {
      await player.play(() => writer.update(true));
    } finally {
      clearInterval(renewing);
    }
    // A drill that reached its time limit with the cause still there: the runner plays the fix.
    if (referee && !run.stop.signal.aborted && referee.causeGoneMs === undefined) await player.playFix();
  } catch (err) {
    failure = err;
    run.stop.abort();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  // Stop everything, switch the faults off whatever happened, then write the final record.
  try {
    const results = loads ? await loads.catch((err: unknown) => ((failure ??= err), [] as LoadResult[])) : [];
    run.stop.abort();
    await sampling;
    await player.switchOff();
    const now = Date.now();
    player.closePhase();
    if (requestLog) {
      requestLog.end();
      await once(requestLog, 'close').catch(() => undefined);
    }
    record.loadSummaries = results.map((result, i) => ({ population: run.plan.loads[i]!.population, ...result.summary }));
    impact.update(now);
    record.endedAt = clock.iso(now);
    if (record.machine) {
      record.machine.loadAverage1m.end = loadAverageNow();
      record.machine.generatorStalls = generatorStalls(results);
    }
    record.status = interrupted() ? 'interrupted' : failure ? 'failed' : 'completed';
    await actions.collect().catch((err: unknown) => run.progress.event(`the operations logs could not be read: ${(err as Error).message}`));
    if (referee) closeDrill(record, referee, record.status === 'completed');
    response?.update(true);
    if (failure && !interrupted()) record.error = (failure as Error).message ?? String(failure);
    await writer.now();
    await writeDebriefReport(options.outDir, record, options.scenario).catch((err: unknown) =>
      run.progress.event(`the debrief report could not be written: ${(err as Error).message}`),
    );
  } finally {
    await monitoring?.privatePrometheus?.stop().catch(() => undefined);
    run.progress.done();
  }
  if (failure && !interrupted()) throw failure;
  return record;
}

/** How a drill ended, in its record: whether the learners took the cause away, and what ended it. */
function closeDrill(record: RunRecord, referee: DrillReferee, completed: boolean): void {
  const drill = record.drill!;
  drill.outcome = referee.causeGoneMs !== undefined ? 'resolved' : completed ? 'unresolved' : 'interrupted';
  drill.endedBy = !completed ? 'interrupted' : referee.heldMs !== undefined ? 'objective-held' : 'time-limit';
}

/** A clean slate: every fault of the services involved off, and (by default) a fresh process. */
async function prepare(run: RunContext, fresh: boolean): Promise<void> {
  const { scenario, target, progress } = run;
  for (const service of run.involvedServices()) {
    const admin = target.admin(service);
    for (const fault of await admin.listFaults()) if (fault.enabled) await admin.disableFault(fault.name);
  }
  if (fresh) {
    progress.event(`restarting ${scenario.service} so the run starts from a fresh process`);
    await target.restart(scenario.service);
  }
}

/** The simulated users of every population, as the plan shapes them, until the arc ends or the run stops. */
function startLoads(run: RunContext, seed: number, onRequest: Parameters<typeof runLoad>[0]['onRequest']): Promise<LoadResult[]> {
  const { scenario, target, plan, stop } = run;
  const baseUrl = target.serviceUrl(scenario.service);
  return Promise.all(
    plan.loads.map((load, i) =>
      runLoad({
        baseUrl,
        shape: load.shape,
        segments: load.segments,
        users: load.users,
        userIdPrefix: load.userIdPrefix,
        seed: seed * 31 + i,
        timeoutMs: scenario.requestTimeoutMs,
        signal: stop.signal,
        allowHosts: target.allowHosts,
        progress: false,
        onRequest,
      }),
    ),
  );
}

/** `tick` now and every `intervalMs` until the run stops, then once more so the record ends with the state at the end. */
async function every(run: RunContext, intervalMs: number, tick: () => Promise<void>): Promise<void> {
  const guarded = (): Promise<void> => tick().catch((err: unknown) => run.progress.event(`sampling failed: ${(err as Error).message}`));
  let next = Date.now();
  for (;;) {
    await guarded();
    if (run.stop.signal.aborted) return;
    next += intervalMs;
    if (!(await run.waitUntil(next))) {
      await tick().catch(() => undefined);
      return;
    }
  }
}
