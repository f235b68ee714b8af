/**
 * A shared Prometheus (the compose stack's) still holds the alerts of the run before: measured on
 * the stack, a quick feature-background-leak played right after widget-render-leak (both on the
 * widget-api) found HighLatency firing since the earlier run (the p95 over its 1-minute window
 * still held the earlier run's slow requests when the new fault went on), so it never fired anew,
 * and the record, which keeps only alerts that went pending after its start, had no alert at all.
 * The embedded lab's runs each start a Prometheus of their own and never meet this. So before a
 * run on a shared Prometheus starts, it waits for the earlier alerts of the services it touches
 * to clear, as an on-call's board would be clear before an incident.
 */

interface ApiAlert {
  labels: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
}

/** Alerts a run's own start raises: the runner restarts its service for a fresh process. */
const RAISED_BY_THE_START = new Set(['ServiceRestarted']);

/** "HighLatency (widget-api)" for each alert, pending or firing, of these services (and PostgreSQL), but those the run's own start raises. */
export async function earlierAlerts(prometheusUrl: string, services: Iterable<string>): Promise<string[]> {
  const touched = new Set([...services, 'postgres']);
  const response = await fetch(`${prometheusUrl}/api/v1/alerts`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const alerts = ((await response.json()) as { data: { alerts: ApiAlert[] } }).data.alerts;
  const names = alerts
    .filter((a) => a.state !== 'inactive' && !RAISED_BY_THE_START.has(a.labels.alertname ?? '') && touched.has(a.labels.service ?? a.labels.job ?? ''))
    .map((a) => `${a.labels.alertname ?? 'unnamed'} (${a.labels.service ?? a.labels.job})`);
  return [...new Set(names)].sort();
}

/**
 * Waits until none of those alerts is pending or firing, up to `timeoutMs`; resolves with how long
 * it waited and what was still active at the end (empty: it cleared). A Prometheus that does not
 * answer is not waited for (the run says so through its alert collector).
 */
export async function waitForEarlierAlerts(options: {
  prometheusUrl: string;
  services: Iterable<string>;
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onWaiting?: (active: string[]) => void;
}): Promise<{ waitedMs: number; stillActive: string[] }> {
  const started = Date.now();
  const services = [...options.services];
  let told = '';
  for (;;) {
    let active: string[];
    try {
      active = await earlierAlerts(options.prometheusUrl, services);
    } catch {
      return { waitedMs: Date.now() - started, stillActive: [] };
    }
    const waitedMs = Date.now() - started;
    if (active.length === 0 || waitedMs >= options.timeoutMs || options.signal?.aborted) return { waitedMs, stillActive: active };
    if (active.join() !== told) options.onWaiting?.(active);
    told = active.join();
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
}
