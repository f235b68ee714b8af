import { setTimeout as sleep } from 'node:timers/promises';
import type { RunClock } from '../run-clock';
import type { RunPlan } from '../run-plan';
import type { RunRecord } from '../run-record';
import type { Scenario } from '../scenario-schema';
import type { LabTarget } from '../targets/lab-target';
import type { RunProgress } from './run-progress';

/** What every part of one run shares: the scenario and its plan, the target, the record being written, the clock, the stop signal. */
export class RunContext {
  /** Aborted when the run stops (the arc is over, a failure, Ctrl-C): every wait and load ends. */
  readonly stop = new AbortController();
  /** When the arc started (epoch ms): phases start at t0 + their offset. */
  t0 = 0;

  constructor(
    readonly scenario: Scenario,
    readonly plan: RunPlan,
    readonly target: LabTarget,
    readonly clock: RunClock,
    readonly progress: RunProgress,
    readonly record: RunRecord,
  ) {}

  /** The scenario's service and those its red herrings are planted in. */
  involvedServices(): Set<string> {
    return new Set([this.scenario.service, ...this.scenario.redHerrings.flatMap((h) => (h.plant ? [h.plant.service] : []))]);
  }

  /** Sleeps until `at` (epoch ms); false when the run was stopped first. */
  async waitUntil(at: number): Promise<boolean> {
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
