import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureImpact } from '../../load/impact';
import type { RequestRecord } from '../../load/request-record';
import { runLoad, type LoadResult } from '../../load/run-load';
import { PrometheusAlerts } from '../alerts/prometheus-alerts';
import { findPrometheusBinary, startPrivatePrometheus, type PrivatePrometheus } from '../alerts/private-prometheus';
import { RunnerAlerts, type FiredAlert } from '../alerts/runner-alerts';
import { renderBrief } from '../brief';
import { writeDebriefReport } from '../report/debrief-report';
import { RunClock } from '../run-clock';
import { planRun, type PlannedPhase, type RunPlan } from '../run-plan';
import { RUN_RECORD_SCHEMA_VERSION, type PhaseRecord, type RunRecord } from '../run-record';
import type { PhaseAction, Scenario } from '../scenario-schema';
import type { LabTarget, ProcessHistory } from '../targets/lab-target';
import { writeCurrentRun } from './current-run';
import { firstSloBreach, impactBySegment } from './impact-analysis';
import { RecordFile } from './record-file';
import { silentProgress, type RunProgress } from './run-progress';
import { Scraper } from './scraper';

export interface ScenarioRunOptions {
  scenario: Scenario;
  target: LabTarget;
  speed: number;
  quick: boolean;
  /** fault parameters set by hand, over the definition's (see RunOptions) */
  faultParams?: Record<string, number>;
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
}

const DEFAULT_SAMPLE_INTERVAL_MS = 2_000;
const RECORD_WRITE_INTERVAL_MS = 5_000;
const RECENT_MS = 5_000;
const ACTION_ATTEMPTS = 3;
const ACTION_RETRY_MS = 2_000;
/** ServiceRestarted looks back this far (changes(process_start_time_seconds[5m])). */
const RESTART_ALERT_WINDOW_MS = 5 * 60_000;

/** Runs one scenario against a lab target and returns its record (also written to the run folder, with report.html). */
export async function runScenario(options: ScenarioRunOptions): Promise<RunRecord> {
  return new ScenarioRun(options).run();
}

class ScenarioRun {
  private readonly scenario: Scenario;
  private readonly target: LabTarget;
  private readonly clock: RunClock;
  private readonly progress: RunProgress;
  private readonly plan: RunPlan;
  private readonly file: RecordFile;
  private readonly record: RunRecord;
  private readonly requests: RequestRecord[] = [];
  private readonly recent: RequestRecord[] = [];
  private readonly stop = new AbortController();
  private readonly runnerAlerts = new RunnerAlerts();
  private readonly sampleIntervalMs: number;
  private prometheusAlerts: PrometheusAlerts | undefined;
  private privatePrometheus: PrivatePrometheus | undefined;
  private requestLog: WriteStream | undefined;
  private faultOn = false;
  private faultStartMs: number | undefined;
  private faultEndMs: number | undefined;
  private readonly planted = new Map<string, { service: string; fault: string }>();
  private actionsRunning = 0;
  private startHistory: ProcessHistory | undefined;
  private lastHistory: ProcessHistory | undefined;
  private runnerRestarts = 0;
  private lastRunnerRestartMs: number | undefined;
  private lastDeathMs: number | undefined;
  private lastStartTime: number | undefined;
  private currentPhase: PlannedPhase | undefined;
  private lastWrite = 0;
  private t0 = 0;

  constructor(private readonly options: ScenarioRunOptions) {
    this.scenario = options.scenario;
    this.target = options.target;
    this.clock = options.clock ?? new RunClock();
    this.progress = options.progress ?? silentProgress;
    this.plan = planRun(this.scenario, { speed: options.speed, quick: options.quick, faultParams: options.faultParams });
    this.file = new RecordFile(options.outDir);
    this.sampleIntervalMs = options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
    const now = Date.now();
    this.record = {
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      runId: path.basename(options.outDir),
      scenario: this.scenario.name,
      title: this.scenario.title,
      service: this.scenario.service,
      fault: { name: this.scenario.fault.name, class: this.scenario.fault.class, params: this.plan.faultParams },
      target: this.target.kind,
      speed: options.speed,
      quick: options.quick,
      seed: options.seed,
      timezone: this.clock.timezone,
      status: 'running',
      startedAt: this.clock.iso(now),
      endedAt: null,
      faultWindow: { start: null, end: null },
      phases: [],
      firstSloBreach: null,
      firstAlert: null,
      alerts: [],
      slo: { latencyObjectiveMs: this.scenario.slo.latencyObjectiveMs, errorStatuses: '5xx and no response' },
      impact: { requests: { total: 0, affected: 0, share: 0 }, users: { total: 0, affected: 0, share: 0 }, errorShare: 0 },
      redHerrings: [],
      resources: { peakHeapUsedBytes: 0, peakRssBytes: 0, restarts: 0, oomKills: 0, events: [] },
      samples: [],
      loadSummaries: [],
    };
  }

  async run(): Promise<RunRecord> {
    const onAbort = (): void => this.stop.abort();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.options.signal?.aborted) this.stop.abort();
    let failure: unknown;
    let sampling: Promise<void> | undefined;
    let loads: Promise<LoadResult[]> | undefined;
    try {
      await mkdir(this.options.outDir, { recursive: true });
      await writeFile(path.join(this.options.outDir, 'brief.md'), renderBrief(this.scenario));
      await this.prepare();
      await this.startMonitoring();
      this.record.startedAt = this.clock.now();
      await this.file.write(this.record);
      await writeCurrentRun(this.options.labFolder, { runFolder: path.resolve(this.options.outDir), scenario: this.scenario.name, startedAt: this.record.startedAt });
      this.requestLog = createWriteStream(path.join(this.options.outDir, 'requests.jsonl'));

      this.t0 = Date.now();
      loads = this.startLoads();
      sampling = this.sampleLoop();
      await this.runPhases();
    } catch (err) {
      failure = err;
      this.stop.abort();
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
    }
    // Stop everything, switch the faults off whatever happened, then write the final record.
    try {
      const results = loads ? await loads.catch((err: unknown) => ((failure ??= err), [] as LoadResult[])) : [];
      this.stop.abort();
      await sampling;
      await this.cleanup();
      await this.finish(results, failure);
    } finally {
      await this.privatePrometheus?.stop().catch(() => undefined);
      this.progress.done();
    }
    if (failure && !this.interrupted) throw failure;
    return this.record;
  }

  private get interrupted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  /** A clean slate: every fault of the services involved off, and (by default) a fresh process. */
  private async prepare(): Promise<void> {
    const services = new Set([this.scenario.service, ...this.scenario.redHerrings.flatMap((h) => (h.plant ? [h.plant.service] : []))]);
    for (const service of services) {
      const admin = this.target.admin(service);
      for (const fault of await admin.listFaults()) if (fault.enabled) await admin.disableFault(fault.name);
    }
    if (this.options.fresh ?? true) {
      this.progress.event(`restarting ${this.scenario.service} so the run starts from a fresh process`);
      await this.target.restart(this.scenario.service);
    }
    this.startHistory = await this.target.processHistory(this.scenario.service);
    this.lastHistory = this.startHistory;
  }

  private async startMonitoring(): Promise<void> {
    let url = this.target.prometheusUrl;
    let ruleFiles: string[] = [];
    if (!url && this.options.prometheus === 'auto') {
      const binary = await findPrometheusBinary();
      if (binary) {
        const services = ['widget-api', 'storefront', 'widgetify', 'partner-api'];
        const targets = services.map((service) => ({ service, url: this.target.serviceUrl(service) }));
        if (this.target.databaseMetricsUrl) targets.push({ service: 'postgres', url: this.target.databaseMetricsUrl });
        this.privatePrometheus = await startPrivatePrometheus({
          binary,
          targets,
          dir: path.join(this.options.outDir, 'prometheus'),
          port: this.options.prometheusPort ?? 0,
        });
        url = this.privatePrometheus.url;
        ruleFiles = this.privatePrometheus.ruleFiles;
        this.progress.event(`Prometheus (private to this run) at ${url}`);
      }
    }
    if (url && this.options.prometheus === 'auto') this.prometheusAlerts = new PrometheusAlerts(url);
    this.record.monitoring = {
      alertSource: this.prometheusAlerts ? 'prometheus' : 'runner',
      prometheusUrl: this.prometheusAlerts ? url : null,
      ruleFiles,
      sampleIntervalMs: this.sampleIntervalMs,
    };
  }

  private startLoads(): Promise<LoadResult[]> {
    const baseUrl = this.target.serviceUrl(this.scenario.service);
    return Promise.all(
      this.plan.loads.map((load, i) =>
        runLoad({
          baseUrl,
          shape: load.shape,
          segments: load.segments,
          users: load.users,
          userIdPrefix: load.userIdPrefix,
          seed: this.options.seed * 31 + i,
          timeoutMs: this.scenario.requestTimeoutMs,
          signal: this.stop.signal,
          allowHosts: this.target.allowHosts,
          progress: false,
          onRequest: (r) => {
            this.requests.push(r);
            this.recent.push(r);
            this.requestLog?.write(JSON.stringify(r) + '\n');
          },
        }),
      ),
    );
  }

  private async runPhases(): Promise<void> {
    for (const phase of this.plan.phases) {
      if (!(await this.waitUntil(this.t0 + phase.startMs))) return;
      this.closePhase();
      this.currentPhase = phase;
      const record: PhaseRecord = { name: phase.spec.name, kind: phase.spec.kind, start: this.clock.now(), end: null, actions: [] };
      this.record.phases.push(record);
      this.progress.event(`phase ${phase.index + 1}/${this.plan.phases.length}: ${phase.spec.name} (${phase.spec.kind}) — ${phase.spec.description}`);
      this.actionsRunning++;
      try {
        for (const action of phase.spec.actions) {
          if (this.stop.signal.aborted) break;
          record.actions.push(await this.act(action));
        }
      } finally {
        this.actionsRunning--;
      }
      await this.writeRecord(true);
    }
    await this.waitUntil(this.t0 + this.plan.totalMs);
  }

  private closePhase(): void {
    const last = this.record.phases[this.record.phases.length - 1];
    if (last && last.end === null) last.end = this.clock.now();
  }

  /**
   * Does one phase action (retrying a few times: the service may be between two processes after a
   * crash); returns what was done, for the record.
   */
  private async act(action: PhaseAction): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.actOnce(action);
      } catch (err) {
        if (attempt >= ACTION_ATTEMPTS || this.stop.signal.aborted) throw err;
        this.progress.event(`${action.do} failed (${(err as Error).message}); trying again`);
        await sleep(ACTION_RETRY_MS);
      }
    }
  }

  private async actOnce(action: PhaseAction): Promise<string> {
    const { service, fault } = this.scenario;
    switch (action.do) {
      case 'fault-on': {
        await this.target.admin(service).enableFault(fault.name, this.plan.faultParams);
        this.faultOn = true;
        this.faultStartMs ??= Date.now();
        this.record.faultWindow.start ??= this.clock.iso(this.faultStartMs);
        return `fault on: ${service} ${fault.name} ${JSON.stringify(this.plan.faultParams)} (${action.note})`;
      }
      case 'fault-off': {
        await this.target.admin(service).disableFault(fault.name);
        this.faultOn = false;
        this.faultEndMs = Date.now();
        this.record.faultWindow.end = this.clock.iso(this.faultEndMs);
        return `fault off: ${service} ${fault.name} (${action.note})`;
      }
      case 'restart': {
        this.runnerRestarts++;
        this.lastRunnerRestartMs = Date.now();
        this.progress.event(`restarting ${service}: ${action.note}`);
        await this.target.restart(service);
        // The bug is in the code that is deployed: a restart frees the memory, not the fault.
        if (this.faultOn) await this.ensureFaultOn();
        return `restart ${service} (${action.note})${this.faultOn ? '; the fault is still deployed' : ''}`;
      }
      case 'red-herring': {
        const herring = this.scenario.redHerrings.find((h) => h.id === action.id)!;
        if (herring.plant) {
          await this.target.admin(herring.plant.service).enableFault(herring.plant.fault, herring.plant.params);
          this.planted.set(herring.id, { service: herring.plant.service, fault: herring.plant.fault });
        }
        this.record.redHerrings.push({ kind: herring.kind, description: herring.description, at: this.clock.now() });
        return herring.plant
          ? `red herring planted: ${herring.kind} (${herring.plant.service} ${herring.plant.fault} ${JSON.stringify(herring.plant.params)})`
          : `red herring offered: ${herring.kind}`;
      }
      case 'red-herring-off': {
        const planted = this.planted.get(action.id);
        if (planted) {
          await this.target.admin(planted.service).disableFault(planted.fault);
          this.planted.delete(action.id);
        }
        return `red herring removed: ${action.id}`;
      }
    }
  }

  /** Re-enables the fault after the process restarted (a crash and the supervisor, or a restart). */
  private async ensureFaultOn(): Promise<void> {
    const admin = this.target.admin(this.scenario.service);
    const state = (await admin.listFaults()).find((f) => f.name === this.scenario.fault.name);
    if (state && !state.enabled) await admin.enableFault(this.scenario.fault.name, this.plan.faultParams);
  }

  private async sampleLoop(): Promise<void> {
    const service = this.scenario.service;
    const planted = new Set(this.scenario.redHerrings.flatMap((h) => (h.plant && h.plant.service !== service ? [h.plant.service] : [])));
    const scrapers = [new Scraper(service, this.target.serviceUrl(service)), ...[...planted].map((s) => new Scraper(s, this.target.serviceUrl(s)))];
    if (this.target.databaseMetricsUrl) scrapers.push(new Scraper('postgres', this.target.databaseMetricsUrl));
    let next = Date.now();
    for (;;) {
      await this.sampleOnce(scrapers).catch((err: unknown) => this.progress.event(`sampling failed: ${(err as Error).message}`));
      if (this.stop.signal.aborted) return;
      next += this.sampleIntervalMs;
      if (!(await this.waitUntil(next))) {
        // one last sample, so the record ends with the state at the end
        await this.sampleOnce(scrapers).catch(() => undefined);
        return;
      }
    }
  }

  private async sampleOnce(scrapers: Scraper[]): Promise<void> {
    const service = this.scenario.service;
    const results = await Promise.all(scrapers.map(async (s) => ({ service: s.service, ...(await s.scrape()) })));
    for (const { service: name, snapshot, values } of results) {
      if (name === service) Object.assign(values, await this.target.extraValues(service).catch(() => ({})));
      this.record.samples.push({ at: this.clock.iso(snapshot.at), service: name, values, up: snapshot.up });
      this.runnerAlerts.observe(name, snapshot);
      if (name !== service) continue;
      const r = this.record.resources;
      r.peakHeapUsedBytes = Math.max(r.peakHeapUsedBytes, values.nodejs_heap_size_used_bytes ?? 0);
      r.peakRssBytes = Math.max(r.peakRssBytes, values.process_resident_memory_bytes ?? values.container_memory_usage_bytes ?? 0);
      if (snapshot.up && snapshot.startTimeSeconds !== undefined) {
        const restarted = this.lastStartTime !== undefined && snapshot.startTimeSeconds !== this.lastStartTime;
        this.lastStartTime = snapshot.startTimeSeconds;
        if (restarted && this.faultOn && this.actionsRunning === 0) {
          await this.ensureFaultOn().catch((err: unknown) => this.progress.event(`could not switch the fault on again: ${(err as Error).message}`));
        }
      }
    }
    await this.trackProcess();
    await this.collectAlerts();
    this.reportStatus();
    await this.writeRecord(false);
  }

  private async trackProcess(): Promise<void> {
    const service = this.scenario.service;
    const history = await this.target.processHistory(service).catch(() => undefined);
    if (!history || !this.startHistory || !this.lastHistory) return;
    const events = this.record.resources.events!;
    for (const death of history.deaths.slice(this.lastHistory.deaths.length)) {
      this.lastDeathMs = Date.parse(death.at);
      const kind = death.outOfMemory ? 'out-of-memory' : 'crash';
      events.push({ at: this.clock.iso(Date.parse(death.at)), kind, service, detail: death.outOfMemory ? 'reached the V8 heap limit and died' : 'died' });
      this.progress.event(`${service} ${death.outOfMemory ? 'ran out of memory and died' : 'died'}; it is being restarted`);
    }
    if (history.restarts > this.lastHistory.restarts) {
      events.push({ at: this.clock.now(), kind: 'restart', service, detail: `started again (${history.restarts - this.lastHistory.restarts})` });
    }
    this.lastHistory = history;
    this.record.resources.restarts = Math.max(0, history.restarts - this.startHistory.restarts);
    this.record.resources.oomKills = Math.max(0, history.oomKills - this.startHistory.oomKills);
  }

  private async collectAlerts(): Promise<void> {
    const now = Date.now();
    const fromRunner = this.runnerAlerts.evaluate(now);
    const fired: FiredAlert[] = this.prometheusAlerts ? await this.prometheusAlerts.poll(now) : fromRunner;
    const source = this.prometheusAlerts ? 'prometheus' : 'runner';
    for (const alert of fired) {
      const entry = { name: alert.name, at: this.clock.iso(alert.at), source, service: alert.service } as const;
      this.record.alerts.push(entry);
      if (this.faultStartMs !== undefined && alert.at >= this.faultStartMs && !this.record.firstAlert && !this.causedByRunner(alert)) {
        this.record.firstAlert = entry;
      }
      this.progress.event(`ALERT ${alert.name}${alert.service ? ` (${alert.service})` : ''}`);
    }
  }

  /**
   * A restart alert that only reports the runner's own restart (the stop-gap, the fix's deploy) is
   * not a detection of the incident; one after the service died is.
   */
  private causedByRunner(alert: FiredAlert): boolean {
    if (alert.name !== 'ServiceRestarted' || alert.service !== this.scenario.service || this.lastRunnerRestartMs === undefined) return false;
    const recentRunnerRestart = alert.at - this.lastRunnerRestartMs <= RESTART_ALERT_WINDOW_MS;
    const recentDeath = this.lastDeathMs !== undefined && alert.at - this.lastDeathMs <= RESTART_ALERT_WINDOW_MS;
    return recentRunnerRestart && !recentDeath;
  }

  private reportStatus(): void {
    const now = Date.now();
    while (this.recent.length > 0 && this.recent[0]!.t < now - RECENT_MS) this.recent.shift();
    const answered = this.recent.filter((r) => r.error !== 'cancelled');
    const latencies = answered.map((r) => r.latencyMs).sort((a, b) => a - b);
    const failed = answered.filter((r) => r.status === 0 || r.status >= 500).length;
    const last = [...this.record.samples].reverse().find((s) => s.service === this.scenario.service && s.up);
    this.progress.status({
      phase: this.currentPhase?.spec.name ?? 'preparing',
      phaseIndex: this.currentPhase?.index ?? 0,
      phaseCount: this.plan.phases.length,
      elapsedMs: now - this.t0,
      totalMs: this.plan.totalMs,
      heapUsedBytes: last?.values.nodejs_heap_size_used_bytes,
      heapLimitBytes: last?.values.nodejs_heap_old_space_limit_bytes ?? last?.values.nodejs_heap_size_limit_bytes,
      p95Ms: latencies.length > 0 ? latencies[Math.ceil(0.95 * latencies.length) - 1] : undefined,
      errorRate: answered.length > 0 ? failed / answered.length : undefined,
      restarts: this.record.resources.restarts,
    });
  }

  private async writeRecord(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastWrite < RECORD_WRITE_INTERVAL_MS) return;
    this.lastWrite = now;
    this.updateImpact(now);
    await this.file.write(this.record);
  }

  /** Impact and first breach over the fault window so far (or whole, at the end). */
  private updateImpact(now: number): void {
    if (this.faultStartMs === undefined) return;
    const from = this.faultStartMs;
    const to = this.faultEndMs ?? now + 1;
    const { latencyObjectiveMs, errorObjective } = this.scenario.slo;
    const impact = measureImpact(this.requests, { latencyObjectiveMs, from, to });
    this.record.impact = { ...impact, bySegment: impactBySegment(this.scenario, this.requests, from, to) };
    const breach = firstSloBreach(this.requests, { from, to, windowMs: this.breachWindowMs(), latencyObjectiveMs, errorObjective });
    this.record.firstSloBreach = breach ? { at: this.clock.iso(breach.at), detail: breach.detail } : null;
  }

  private breachWindowMs(): number {
    return Math.max(2_000, Math.round((this.options.quick ? 5_000 : 10_000) / this.options.speed));
  }

  /** Whatever happened: the scenario's fault and the planted red herrings off. */
  private async cleanup(): Promise<void> {
    const errors: string[] = [];
    for (const [id, planted] of this.planted) {
      await this.target
        .admin(planted.service)
        .disableFault(planted.fault)
        .then(() => this.planted.delete(id))
        .catch((err: unknown) => errors.push(`${planted.service} ${planted.fault}: ${(err as Error).message}`));
    }
    await this.target
      .admin(this.scenario.service)
      .disableFault(this.scenario.fault.name)
      .catch((err: unknown) => errors.push(`${this.scenario.service} ${this.scenario.fault.name}: ${(err as Error).message}`));
    if (this.faultOn || (this.faultStartMs !== undefined && this.faultEndMs === undefined)) {
      this.faultOn = false;
      this.faultEndMs = Date.now();
      this.record.faultWindow.end = this.clock.iso(this.faultEndMs);
    }
    if (errors.length > 0) this.progress.event(`could not switch off: ${errors.join('; ')}`);
  }

  private async finish(results: LoadResult[], failure: unknown): Promise<void> {
    const now = Date.now();
    this.closePhase();
    if (this.requestLog) {
      this.requestLog.end();
      await once(this.requestLog, 'close').catch(() => undefined);
    }
    this.record.loadSummaries = results.map((result, i) => ({ population: this.plan.loads[i]!.population, ...result.summary }));
    this.updateImpact(now);
    this.record.endedAt = this.clock.iso(now);
    this.record.status = this.interrupted ? 'interrupted' : failure ? 'failed' : 'completed';
    if (failure && !this.interrupted) this.record.error = (failure as Error).message ?? String(failure);
    await this.file.write(this.record);
    await writeDebriefReport(this.options.outDir, this.record, this.scenario).catch((err: unknown) =>
      this.progress.event(`the debrief report could not be written: ${(err as Error).message}`),
    );
  }

  /** Sleeps until `at` (epoch ms); false when the run was stopped first. */
  private async waitUntil(at: number): Promise<boolean> {
    if (this.stop.signal.aborted) return false;
    const ms = at - Date.now();
    if (ms <= 0) return true;
    try {
      await sleep(ms, undefined, { signal: this.stop.signal });
      return true;
    } catch {
      return false;
    }
  }
}
