import { setTimeout as sleep } from 'node:timers/promises';
import type { PlannedPhase } from '../run-plan';
import type { PhaseRecord } from '../run-record';
import type { PhaseAction } from '../scenario-schema';
import type { RunContext } from './run-context';

/**
 * What a run switches on is held by a lease it renews (LEASE_RENEW_MS): should the runner die
 * (kill -9), the service takes its change back by itself within FAULT_LEASE_SECONDS. Long enough
 * for a renewal to miss a beat while the service restarts or collects garbage hard.
 */
export const FAULT_LEASE_SECONDS = 20;
export const LEASE_RENEW_MS = 4_000;
const ACTION_ATTEMPTS = 3;
const ACTION_RETRY_MS = 2_000;

/**
 * Plays the plan's phases on time: records each phase and does its actions (the fault on and off,
 * restarts, red herrings planted and removed). It keeps the fault's state, which the collectors
 * read: whether it is on, the fault window, the runner's own last restart.
 */
export class PhasePlayer {
  faultOn = false;
  faultStartMs: number | undefined;
  faultEndMs: number | undefined;
  /** When the runner last restarted the service itself (a stop-gap, the fix's deploy). */
  lastRunnerRestartMs: number | undefined;
  currentPhase: PlannedPhase | undefined;
  private actionsRunning = 0;
  private readonly planted = new Map<string, { service: string; fault: string }>();

  constructor(private readonly run: RunContext) {}

  /** Whether a phase's actions are under way (a restart among them: the collectors leave the fault to them). */
  get acting(): boolean {
    return this.actionsRunning > 0;
  }

  /** Every phase at its time, then the end of the arc; `afterPhase` after each phase's actions. */
  async play(afterPhase: () => Promise<void>): Promise<void> {
    const { plan, record, clock, progress, stop } = this.run;
    for (const phase of plan.phases) {
      if (!(await this.run.waitUntil(this.run.t0 + phase.startMs))) return;
      this.closePhase();
      this.currentPhase = phase;
      const phaseRecord: PhaseRecord = { name: phase.spec.name, kind: phase.spec.kind, start: clock.now(), end: null, actions: [] };
      record.phases.push(phaseRecord);
      progress.event(`phase ${phase.index + 1}/${plan.phases.length}: ${phase.spec.name} (${phase.spec.kind}) — ${phase.spec.description}`);
      this.actionsRunning++;
      try {
        for (const action of phase.spec.actions) {
          if (stop.signal.aborted) break;
          phaseRecord.actions.push(await this.act(action));
        }
      } finally {
        this.actionsRunning--;
      }
      await afterPhase();
    }
    await this.run.waitUntil(this.run.t0 + plan.totalMs);
  }

  /** The last phase ends now (if it has not). */
  closePhase(): void {
    const last = this.run.record.phases[this.run.record.phases.length - 1];
    if (last && last.end === null) last.end = this.run.clock.now();
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
        if (attempt >= ACTION_ATTEMPTS || this.run.stop.signal.aborted) throw err;
        this.run.progress.event(`${action.do} failed (${(err as Error).message}); trying again`);
        await sleep(ACTION_RETRY_MS);
      }
    }
  }

  private async actOnce(action: PhaseAction): Promise<string> {
    const { scenario, target, plan, record, clock } = this.run;
    const { service, fault } = scenario;
    switch (action.do) {
      case 'fault-on': {
        await target.admin(service).enableFault(fault.name, plan.faultParams, { leaseSeconds: FAULT_LEASE_SECONDS });
        this.faultOn = true;
        this.faultStartMs ??= Date.now();
        record.faultWindow.start ??= clock.iso(this.faultStartMs);
        return `fault on: ${service} ${fault.name} ${JSON.stringify(plan.faultParams)} (${action.note})`;
      }
      case 'fault-off': {
        await target.admin(service).disableFault(fault.name);
        this.faultOn = false;
        this.faultEndMs = Date.now();
        record.faultWindow.end = clock.iso(this.faultEndMs);
        return `fault off: ${service} ${fault.name} (${action.note})`;
      }
      case 'restart': {
        this.lastRunnerRestartMs = Date.now();
        this.run.progress.event(`restarting ${service}: ${action.note}`);
        await target.restart(service);
        // The bug is in the code that is deployed: a restart frees the memory, not the fault.
        if (this.faultOn) await this.ensureFaultOn();
        return `restart ${service} (${action.note})${this.faultOn ? '; the fault is still deployed' : ''}`;
      }
      case 'red-herring': {
        const herring = scenario.redHerrings.find((h) => h.id === action.id)!;
        if (herring.plant) {
          await target.admin(herring.plant.service).enableFault(herring.plant.fault, herring.plant.params, { leaseSeconds: FAULT_LEASE_SECONDS });
          this.planted.set(herring.id, { service: herring.plant.service, fault: herring.plant.fault });
        }
        record.redHerrings.push({ kind: herring.kind, description: herring.description, at: clock.now() });
        return herring.plant
          ? `red herring planted: ${herring.kind} (${herring.plant.service} ${herring.plant.fault} ${JSON.stringify(herring.plant.params)})`
          : `red herring offered: ${herring.kind}`;
      }
      case 'red-herring-off': {
        const planted = this.planted.get(action.id);
        if (planted) {
          await target.admin(planted.service).disableFault(planted.fault);
          this.planted.delete(action.id);
        }
        return `red herring removed: ${action.id}`;
      }
    }
  }

  /**
   * A drill: the learners took the cause away (a rollback, a setting), seen at `atMs`. The fault
   * window closes there; the record's phase says who did it.
   */
  causeGone(atMs: number): void {
    const { record, clock } = this.run;
    this.faultOn = false;
    this.faultEndMs = atMs;
    record.faultWindow.end = clock.iso(atMs);
  }

  /**
   * A drill's time limit: the runner plays the scenario's fix itself (its fault off, the red
   * herrings it planted taken away), as a phase of its own.
   */
  async playFix(): Promise<void> {
    const { plan, record, clock, progress } = this.run;
    this.closePhase();
    const phaseRecord: PhaseRecord = { name: 'fix by the runner', kind: 'resolution', start: clock.now(), end: null, actions: [] };
    record.phases.push(phaseRecord);
    progress.event('time limit: the cause is still there; the runner plays the fix');
    this.actionsRunning++;
    try {
      for (const action of plan.drill?.fix ?? []) phaseRecord.actions.push(await this.act(action));
    } finally {
      this.actionsRunning--;
    }
    this.closePhase();
  }

  /** Re-enables the fault after the process restarted (a crash and the supervisor, or a restart). */
  async ensureFaultOn(): Promise<void> {
    const { scenario, target, plan } = this.run;
    const admin = target.admin(scenario.service);
    const state = (await admin.listFaults()).find((f) => f.name === scenario.fault.name);
    if (state && !state.enabled) await admin.enableFault(scenario.fault.name, plan.faultParams, { leaseSeconds: FAULT_LEASE_SECONDS });
  }

  /** Renews the leases of what this run holds on (its fault while on, the red herrings it planted). */
  async renewLeases(): Promise<void> {
    const { scenario, target, progress } = this.run;
    const held = new Map<string, string>();
    if (this.faultOn) held.set(scenario.service, scenario.fault.name);
    for (const planted of this.planted.values()) held.set(planted.service, planted.fault);
    await Promise.all(
      [...held].map(([service, fault]) =>
        target
          .admin(service)
          .renewFaultLease(fault, FAULT_LEASE_SECONDS)
          .catch((err: unknown) => {
            // Nothing held any more (a drill's learners rolled it back): nothing to renew.
            if (!/LEASE_NOT_HELD/.test((err as Error).message)) progress.event(`${service}: the run's lease could not be renewed (${(err as Error).message.split('\n')[0]})`);
          }),
      ),
    );
  }

  /** Whatever happened: the scenario's fault and the planted red herrings off; the fault window closed. */
  async switchOff(): Promise<void> {
    const { scenario, target, record, clock, progress } = this.run;
    const errors: string[] = [];
    for (const [id, planted] of this.planted) {
      await target
        .admin(planted.service)
        .disableFault(planted.fault)
        .then(() => this.planted.delete(id))
        .catch((err: unknown) => errors.push(`${planted.service} ${planted.fault}: ${(err as Error).message}`));
    }
    await target
      .admin(scenario.service)
      .disableFault(scenario.fault.name)
      .catch((err: unknown) => errors.push(`${scenario.service} ${scenario.fault.name}: ${(err as Error).message}`));
    if (this.faultOn || (this.faultStartMs !== undefined && this.faultEndMs === undefined)) {
      this.faultOn = false;
      this.faultEndMs = Date.now();
      record.faultWindow.end = clock.iso(this.faultEndMs);
    }
    if (errors.length > 0) progress.event(`could not switch off: ${errors.join('; ')}`);
  }
}
