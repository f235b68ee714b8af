import os from 'node:os';
import path from 'node:path';
import type { RunClock } from '../run-clock';
import type { RunPlan } from '../run-plan';
import { RUN_RECORD_SCHEMA_VERSION, type ResponseRecord, type RunRecord } from '../run-record';
import type { Scenario } from '../scenario-schema';
import type { LabTarget } from '../targets/lab-target';
import type { ImpactTracker } from './impact-tracker';
import { RecordFile } from './record-file';

/** How often the record is written as the run goes (a phase change writes it at once). */
const RECORD_WRITE_INTERVAL_MS = 5_000;

/** The record of a run that has not started: what it plays, where, and nothing measured yet. */
export function initialRecord(o: { scenario: Scenario; plan: RunPlan; target: LabTarget; seed: number; outDir: string; clock: RunClock }): RunRecord {
  const { scenario, plan, clock } = o;
  return {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: path.basename(o.outDir),
    scenario: scenario.name,
    title: scenario.title,
    service: scenario.service,
    fault: {
      name: scenario.fault.name,
      class: scenario.fault.class,
      params: plan.faultParams,
      ...(plan.options.faultParams && Object.keys(plan.options.faultParams).length > 0 ? { setByHand: { ...plan.options.faultParams } } : {}),
    },
    target: o.target.kind,
    speed: plan.options.speed,
    quick: plan.options.quick,
    seed: o.seed,
    timezone: clock.timezone,
    status: 'running',
    runner: { pid: process.pid, host: os.hostname() },
    startedAt: clock.iso(Date.now()),
    endedAt: null,
    faultWindow: { start: null, end: null },
    phases: [],
    firstSloBreach: null,
    firstAlert: null,
    alerts: [],
    slo: { latencyObjectiveMs: scenario.slo.latencyObjectiveMs, errorStatuses: '5xx and no response' },
    impact: { requests: { total: 0, affected: 0, share: 0 }, users: { total: 0, affected: 0, share: 0 }, errorShare: 0 },
    redHerrings: [],
    resources: { peakHeapUsedBytes: 0, peakRssBytes: 0, restarts: 0, oomKills: 0, events: [] },
    samples: [],
    loadSummaries: [],
    grading: { culprit: scenario.culprit, serviceTerms: [...scenario.serviceTerms] },
    mode: plan.drill ? 'drill' : 'scripted',
    actions: [],
    ...(plan.drill
      ? {
          drill: { timeLimitMs: plan.drill.timeLimitMs, holdMs: plan.drill.holdMs, outcome: null, endedBy: null },
          response: emptyResponse(),
        }
      : {}),
  };
}

export function emptyResponse(): ResponseRecord {
  return {
    acknowledgedAt: null,
    acknowledgedBy: null,
    mitigatedAt: null,
    resolvedAt: null,
    resolvedBy: 'none',
    resolvedWith: null,
    restarts: 0,
    harmlessRollbacks: 0,
    timeToAcknowledgeMs: null,
    timeToMitigateMs: null,
    timeToResolveMs: null,
  };
}

/** Writes the run folder's run.json as the run goes: every few seconds, and at once when asked; the impact brought up to date first. */
export class RecordWriter {
  private readonly file: RecordFile;
  private lastWrite = 0;

  constructor(
    outDir: string,
    private readonly record: RunRecord,
    private readonly impact: ImpactTracker,
  ) {
    this.file = new RecordFile(outDir);
  }

  /** Writes as it is (the record before the arc starts, the final one). */
  now(): Promise<void> {
    return this.file.write(this.record);
  }

  /** Writes with the impact so far, unless the last write was recent (`force` writes anyway). */
  async update(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastWrite < RECORD_WRITE_INTERVAL_MS) return;
    this.lastWrite = now;
    this.impact.update(now);
    await this.file.write(this.record);
  }
}
