import { downSnapshot, snapshotOf, type MetricsSnapshot } from '../metrics/metrics-snapshot';
import { sampleValues } from '../metrics/sample-values';

/**
 * Scrapes one /metrics endpoint on each call and turns it into a record sample (gauges and the
 * rates since the previous scrape). A process too busy to answer within the timeout counts as down.
 */
export class Scraper {
  private previous: MetricsSnapshot | undefined;

  constructor(
    readonly service: string,
    private readonly baseUrl: string,
    private readonly timeoutMs = 3_000,
    /** the metrics' path under baseUrl (a Prometheus's /federate?match[]=... for the stack's database) */
    private readonly metricsPath = '/metrics',
  ) {}

  async scrape(): Promise<{ snapshot: MetricsSnapshot; values: Record<string, number> }> {
    const at = Date.now();
    let snapshot: MetricsSnapshot;
    try {
      const response = await fetch(`${this.baseUrl}${this.metricsPath}`, { signal: AbortSignal.timeout(this.timeoutMs) });
      snapshot = response.ok ? snapshotOf(await response.text(), at) : downSnapshot(at);
    } catch {
      snapshot = downSnapshot(at);
    }
    const values = sampleValues(snapshot, this.previous);
    if (snapshot.up) this.previous = snapshot;
    return { snapshot, values };
  }
}
