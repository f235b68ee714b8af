import type { MetricsSnapshot } from '../metrics/metrics-snapshot';
import type { PrometheusAlerts } from '../alerts/prometheus-alerts';
import { RESTART_WINDOW_MS, RunnerAlerts, type FiredAlert } from '../alerts/runner-alerts';
import { alertScope } from '../alerts/alert-scope';
import type { DeathCollector } from './death-collector';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';

/**
 * The alerts as they fire, from the Prometheus watching the lab when there is one, else from the
 * runner's own evaluation of the same rules over its scrapes; the first one after the fault went
 * on (and not about the runner's own restart) is the run's detection.
 */
export class AlertCollector {
  private readonly runnerAlerts = new RunnerAlerts();

  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
    private readonly deaths: DeathCollector,
    private readonly prometheus: PrometheusAlerts | undefined,
  ) {}

  /** A scrape of a watched target (a service, or `postgres`), for the runner's own rules. */
  observe(service: string, snapshot: MetricsSnapshot): void {
    this.runnerAlerts.observe(service, snapshot);
  }

  async collect(): Promise<void> {
    const { record, clock, progress } = this.run;
    const now = Date.now();
    const fromRunner = this.runnerAlerts.evaluate(now);
    const fired: FiredAlert[] = this.prometheus ? await this.prometheus.poll(now) : fromRunner;
    const source = this.prometheus ? 'prometheus' : 'runner';
    const ours = alertScope({ services: this.run.involvedServices(), fromMs: this.run.t0 });
    for (const alert of fired.filter(ours)) {
      const entry = { name: alert.name, at: clock.iso(alert.at), source, service: alert.service } as const;
      record.alerts.push(entry);
      if (this.player.faultStartMs !== undefined && alert.at >= this.player.faultStartMs && !record.firstAlert && !this.askedForRestart(alert)) {
        record.firstAlert = entry;
      }
      progress.event(`ALERT ${alert.name}${alert.service ? ` (${alert.service})` : ''}`);
    }
  }

  /**
   * A restart alert that only reports a restart someone asked for (the runner's stop-gap or fix's
   * deploy, a learner's restart or rollback in a drill) is not a detection of the incident; one
   * after the service died is.
   */
  private askedForRestart(alert: FiredAlert): boolean {
    if (alert.name !== 'ServiceRestarted' || alert.service !== this.run.scenario.service) return false;
    const asked = [
      this.player.lastRunnerRestartMs,
      ...(this.run.record.actions ?? [])
        .filter((a) => a.service === alert.service && a.result === 'ok' && (a.action === 'restart' || a.action === 'rollback'))
        .map((a) => Date.parse(a.at)),
    ].filter((t): t is number => t !== undefined && t <= alert.at);
    if (asked.length === 0) return false;
    const lastRestart = Math.max(...asked);
    const recentRunnerRestart = alert.at - lastRestart <= RESTART_WINDOW_MS;
    const lastDeath = this.deaths.lastDeathMs;
    const recentDeath = lastDeath !== undefined && alert.at - lastDeath <= RESTART_WINDOW_MS;
    return recentRunnerRestart && !recentDeath;
  }
}
