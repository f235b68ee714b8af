import type { MetricsBackend, RangeResult } from './metrics-backend';
import type { AlertState } from './rule-alerts';

interface ApiAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  activeAt?: string;
  value?: string;
}

/** The classroom stack's Prometheus (PROMETHEUS_URL): the same panel queries through its HTTP API, its own alerts. */
export class PrometheusMetrics implements MetricsBackend {
  readonly kind = 'prometheus';

  constructor(
    readonly url: string,
    readonly intervalMs = 5_000,
  ) {}

  async range(expr: string, start: number, end: number, stepMs: number): Promise<RangeResult> {
    const params = new URLSearchParams({ query: expr, start: String(start / 1000), end: String(end / 1000), step: `${stepMs / 1000}s` });
    const body = (await this.get(`/api/v1/query_range?${params}`)) as { data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
    const times: number[] = [];
    for (let t = start; t <= end; t += stepMs) times.push(t);
    const series = body.data.result.map((r) => {
      const values = new Array<number | null>(times.length).fill(null);
      for (const [at, v] of r.values) {
        const i = Math.round((at * 1000 - start) / stepMs);
        const n = Number(v);
        if (i >= 0 && i < values.length && Number.isFinite(n)) values[i] = n;
      }
      return { labels: r.metric, values };
    });
    return { times, series };
  }

  async alerts(): Promise<AlertState[]> {
    const body = (await this.get('/api/v1/alerts')) as { data: { alerts: ApiAlert[] } };
    return body.data.alerts
      .filter((a) => a.state === 'pending' || a.state === 'firing')
      .map((a) => ({
        name: a.labels.alertname ?? 'unnamed',
        service: a.labels.service ?? a.labels.job ?? '',
        state: a.state as 'pending' | 'firing',
        activeAt: a.activeAt ? Date.parse(a.activeAt) : Date.now(),
        // Prometheus's API does not say when a pending alert turned firing.
        firingAt: null,
        severity: a.labels.severity ?? '',
        summary: a.annotations?.summary ?? '',
        value: Number(a.value ?? NaN),
      }));
  }

  async close(): Promise<void> {}

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`Prometheus answered ${response.status} to ${path.split('?')[0]}`);
    return response.json();
  }
}
