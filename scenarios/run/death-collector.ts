import type { ProcessHistory } from '../targets/lab-target';
import type { RunContext } from './run-context';

/**
 * Follows the service's process through the run: each death (out of memory or not) and restart
 * goes to the record's events as it is seen, and the record counts restarts and out-of-memory
 * deaths since the run began.
 */
export class DeathCollector {
  /** When the service last died (epoch ms). */
  lastDeathMs: number | undefined;
  private startHistory: ProcessHistory | undefined;
  private lastHistory: ProcessHistory | undefined;

  constructor(private readonly run: RunContext) {}

  /** The history the run's counts start from (after the fresh restart). */
  async begin(): Promise<void> {
    this.startHistory = await this.run.target.processHistory(this.run.scenario.service);
    this.lastHistory = this.startHistory;
  }

  async collect(): Promise<void> {
    const { scenario, target, record, clock, progress } = this.run;
    const service = scenario.service;
    const history = await target.processHistory(service).catch(() => undefined);
    if (!history || !this.startHistory || !this.lastHistory) return;
    const events = record.resources.events!;
    for (const death of history.deaths.slice(this.lastHistory.deaths.length)) {
      this.lastDeathMs = Date.parse(death.at);
      const kind = death.outOfMemory ? 'out-of-memory' : 'crash';
      events.push({ at: clock.iso(Date.parse(death.at)), kind, service, detail: death.outOfMemory ? 'reached the V8 heap limit and died' : 'died' });
      progress.event(`${service} ${death.outOfMemory ? 'ran out of memory and died' : 'died'}; it is being restarted`);
    }
    if (history.restarts > this.lastHistory.restarts) {
      events.push({ at: clock.now(), kind: 'restart', service, detail: `started again (${history.restarts - this.lastHistory.restarts})` });
    }
    this.lastHistory = history;
    record.resources.restarts = Math.max(0, history.restarts - this.startHistory.restarts);
    record.resources.oomKills = Math.max(0, history.oomKills - this.startHistory.oomKills);
  }
}
