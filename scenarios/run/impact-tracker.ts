import { measureImpact } from '../../load/impact';
import type { RequestRecord } from '../../load/request-record';
import { firstSloBreach, impactBySegment } from './impact-analysis';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';

/** Every request the simulated users made, and what the fault window did to them: the record's impact and first SLO breach. */
export class ImpactTracker {
  private readonly requests: RequestRecord[] = [];

  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
  ) {}

  add(request: RequestRecord): void {
    this.requests.push(request);
  }

  /** Impact and first breach over the fault window so far (or whole, at the end). */
  update(now: number): void {
    const { scenario, record, clock } = this.run;
    if (this.player.faultStartMs === undefined) return;
    const from = this.player.faultStartMs;
    const to = this.player.faultEndMs ?? now + 1;
    const { latencyObjectiveMs, errorObjective } = scenario.slo;
    const impact = measureImpact(this.requests, { latencyObjectiveMs, from, to });
    record.impact = { ...impact, bySegment: impactBySegment(scenario, this.requests, from, to) };
    const breach = firstSloBreach(this.requests, { from, to, windowMs: this.breachWindowMs(), latencyObjectiveMs, errorObjective });
    record.firstSloBreach = breach ? { at: clock.iso(breach.at), detail: breach.detail } : null;
  }

  private breachWindowMs(): number {
    const { speed, quick } = this.run.plan.options;
    return Math.max(2_000, Math.round((quick ? 5_000 : 10_000) / speed));
  }
}
