import path from 'node:path';
import { PrometheusAlerts } from '../alerts/prometheus-alerts';
import { waitForEarlierAlerts } from '../alerts/earlier-alerts';
import { findPrometheusBinary, startPrivatePrometheus, type PrivatePrometheus } from '../alerts/private-prometheus';
import { earlierDayOpenMetrics } from '../history/earlier-day';
import type { RunContext } from './run-context';

/**
 * At most this long for an earlier run's alerts to clear (HighLatency clears about 1.5 min after
 * its slowness ends: 1-minute rate window, then an evaluation; the held ones sooner).
 */
const EARLIER_ALERTS_TIMEOUT_MS = 3 * 60_000;

export interface Monitoring {
  /** Where the alerts come from; undefined: the runner evaluates the rules itself. */
  prometheusAlerts: PrometheusAlerts | undefined;
  /** A Prometheus started for this run, to stop after it. */
  privatePrometheus: PrivatePrometheus | undefined;
}

/**
 * Who raises the run's alerts: the target's Prometheus (the compose stack's), else with 'auto' a
 * private one scraping the target's services and PostgreSQL when the binary is installed, else the
 * runner's own rules. Says which in record.monitoring.
 */
export async function startMonitoring(
  run: RunContext,
  o: { mode: 'auto' | 'off'; outDir: string; prometheusPort?: number | undefined; sampleIntervalMs: number },
): Promise<Monitoring> {
  const { target, record, progress } = run;
  let url = target.prometheusUrl;
  let ruleFiles: string[] = [];
  let privatePrometheus: PrivatePrometheus | undefined;
  if (!url && o.mode === 'auto') {
    const binary = await findPrometheusBinary();
    if (binary) {
      const targets = target.services.map((service) => ({ service, url: target.serviceUrl(service) }));
      if (target.databaseMetricsUrl) targets.push({ service: 'postgres', url: target.databaseMetricsUrl });
      privatePrometheus = await startPrivatePrometheus({
        binary,
        targets,
        dir: path.join(o.outDir, 'prometheus'),
        port: o.prometheusPort ?? 0,
        history: dayBefore(run),
      });
      url = privatePrometheus.url;
      ruleFiles = privatePrometheus.ruleFiles;
      progress.event(`Prometheus (private to this run) at ${url}`);
    }
  }
  const prometheusAlerts = url && o.mode === 'auto' ? new PrometheusAlerts(url) : undefined;
  // The target's own Prometheus outlives runs: the earlier run's alerts of these services clear first.
  const earlierAlerts =
    prometheusAlerts && target.prometheusUrl
      ? await waitForEarlierAlerts({
          prometheusUrl: target.prometheusUrl,
          services: run.involvedServices(),
          timeoutMs: EARLIER_ALERTS_TIMEOUT_MS,
          signal: run.stop.signal,
          onWaiting: (active) => progress.event(`waiting for alerts of an earlier run to clear: ${active.join(', ')}`),
        })
      : undefined;
  if (earlierAlerts && earlierAlerts.stillActive.length > 0) progress.event(`still active after ${Math.round(earlierAlerts.waitedMs / 1000)} s, the run starts anyway: ${earlierAlerts.stillActive.join(', ')}`);
  record.monitoring = {
    alertSource: prometheusAlerts ? 'prometheus' : 'runner',
    prometheusUrl: prometheusAlerts ? url : null,
    ruleFiles,
    sampleIntervalMs: o.sampleIntervalMs,
    ...(earlierAlerts ? { earlierAlerts } : {}),
  };
  return { prometheusAlerts, privatePrometheus };
}

/** The day before's traffic (OpenMetrics) when a red herring needs it to be weighed, labelled as the private Prometheus scrapes the service. */
function dayBefore(run: RunContext): string | undefined {
  const { scenario, plan, target } = run;
  if (!scenario.redHerrings.some((h) => h.evidence === 'day-before-traffic')) return undefined;
  const service = scenario.service;
  return earlierDayOpenMetrics({ plan, service, targetLabels: { job: service, instance: new URL(target.serviceUrl(service)).host }, startMs: Date.now() });
}
