import type { FiredAlert } from './runner-alerts';

interface ApiAlert {
  labels: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  activeAt?: string;
}

/**
 * Polls a Prometheus's /api/v1/alerts and reports each alert (name and service) when it is first
 * seen firing, at the time it was seen; it fires again only after it has stopped.
 */
export class PrometheusAlerts {
  private readonly firing = new Set<string>();
  lastError: string | undefined;

  constructor(readonly url: string) {}

  async poll(now = Date.now()): Promise<FiredAlert[]> {
    let alerts: ApiAlert[];
    try {
      const response = await fetch(`${this.url}/api/v1/alerts`, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      alerts = ((await response.json()) as { data: { alerts: ApiAlert[] } }).data.alerts;
      this.lastError = undefined;
    } catch (err) {
      this.lastError = (err as Error).message;
      return [];
    }
    const seen = new Set<string>();
    const fired: FiredAlert[] = [];
    for (const alert of alerts) {
      if (alert.state !== 'firing') continue;
      const name = alert.labels.alertname ?? 'unnamed';
      const service = alert.labels.service ?? alert.labels.job ?? '';
      const key = `${name}/${service}`;
      seen.add(key);
      if (this.firing.has(key)) continue;
      this.firing.add(key);
      const since = alert.activeAt ? Date.parse(alert.activeAt) : NaN;
      fired.push({ name, service, at: now, ...(Number.isFinite(since) ? { since } : {}) });
    }
    for (const key of this.firing) if (!seen.has(key)) this.firing.delete(key);
    return fired;
  }
}
