import type { RequestRecord } from '../../load/request-record';
import { firstHeldWithin } from './impact-analysis';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';

/**
 * Decides when a drill is over. The runner never takes the fault away in a drill: the referee
 * watches the service's deployment for the cause to go (a learner's rollback or setting), then
 * the users' requests for the objective to hold again for the plan's hold time; then the incident
 * is over and the run stops. The time limit is the phase player's (the plan ends there).
 */
export class DrillReferee {
  /** When the cause was first seen gone (epoch ms). */
  causeGoneMs: number | undefined;
  /** When the objective had held for the hold time since the cause went (epoch ms): the incident is over. */
  heldMs: number | undefined;
  /** Where that stretch within objective began (epoch ms). */
  heldFromMs: number | undefined;
  private readonly requests: RequestRecord[] = [];
  private mitigated: number | undefined;

  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
  ) {}

  add(request: RequestRecord): void {
    if (this.player.faultStartMs !== undefined) this.requests.push(request);
  }

  /** Every sample interval: is the cause still there; has the objective held long enough since it went. */
  async check(now = Date.now()): Promise<void> {
    const { scenario, target, plan, progress, stop } = this.run;
    const drill = plan.drill;
    if (!drill || this.heldMs !== undefined) return;
    if (this.causeGoneMs === undefined) {
      if (!this.player.faultOn || this.player.acting) return;
      const state = (await target.admin(scenario.service).listFaults()).find((f) => f.name === scenario.fault.name);
      if (!state || state.enabled) return;
      this.causeGoneMs = now;
      this.player.causeGone(now);
      progress.event(`the cause is gone (a learner's change); the incident ends once the objective holds for ${Math.round(drill.holdMs / 1000)} s`);
      return;
    }
    const held = firstHeldWithin(this.requests, {
      from: this.causeGoneMs,
      to: now,
      windowMs: this.windowMs(),
      holdMs: drill.holdMs,
      latencyObjectiveMs: scenario.slo.latencyObjectiveMs,
      errorObjective: scenario.slo.errorObjective,
    });
    if (held === null) return;
    this.heldMs = now;
    this.heldFromMs = held;
    progress.event('the objective held again: the incident is over, resolved by the learners');
    stop.abort();
  }

  /**
   * The start of the first stretch back within objective, for the drill's hold time, after the
   * first SLO breach (`breachMs`); null until there is one. Once found it stays: later requests
   * only add windows after it.
   */
  mitigatedMs(breachMs: number | undefined, now = Date.now()): number | null {
    const drill = this.run.plan.drill;
    if (this.mitigated !== undefined) return this.mitigated;
    if (!drill || breachMs === undefined) return null;
    const { latencyObjectiveMs, errorObjective } = this.run.scenario.slo;
    const aligned = firstHeldWithin(this.requests, { from: breachMs, to: now, windowMs: this.windowMs(), holdMs: drill.holdMs, latencyObjectiveMs, errorObjective });
    // The referee's own stretch (its windows start where the cause went) counts too: the windows
    // counted from the breach may straddle its start and see one window fewer.
    const candidates = [aligned, this.heldFromMs ?? null].filter((t): t is number => t !== null && t >= breachMs);
    if (candidates.length === 0) return null;
    this.mitigated = Math.min(...candidates);
    return this.mitigated;
  }

  /** The objective is judged over windows this long (as the first breach is). */
  windowMs(): number {
    const { speed, quick } = this.run.plan.options;
    return Math.max(2_000, Math.round((quick ? 5_000 : 10_000) / speed));
  }
}
