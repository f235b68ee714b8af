import { parseMetricsText } from '../../lab/metrics-text';
import type { SeriesStore } from './series-store';

export interface ScrapeTarget {
  /** job label, as prometheus/prometheus.yml names it: services or postgres */
  job: string;
  service: string;
  /** base URL; /metrics is read */
  url: string;
}

/**
 * Scrapes the lab's targets into the store on a fixed interval, labelled the way the classroom
 * stack's Prometheus labels them (service, job, instance, and `up`), so the same queries work on
 * both. Only metric names in `keep` are stored (what the panels and rules read). The page being
 * open or not changes nothing here: viewers read the store, they never cause a scrape.
 */
export class LabScraper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  lastScrapeAt = 0;

  constructor(
    private readonly store: SeriesStore,
    private readonly targets: () => ScrapeTarget[],
    private readonly keep: ReadonlySet<string>,
    private readonly intervalMs: number,
    private readonly onScraped: (at: number) => void = () => undefined,
  ) {}

  start(): void {
    const tick = (): void => {
      this.running = this.scrapeAll().finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async scrapeAll(): Promise<void> {
    const at = Date.now();
    await Promise.all(this.targets().map((t) => this.scrape(t, at)));
    this.lastScrapeAt = at;
    this.onScraped(at);
  }

  private async scrape(target: ScrapeTarget, at: number): Promise<void> {
    const instance = new URL(target.url).host;
    const base = { job: target.job, instance, service: target.service };
    let text: string | undefined;
    try {
      const response = await fetch(`${target.url}/metrics`, { signal: AbortSignal.timeout(Math.max(1_000, this.intervalMs - 1_000)) });
      if (response.ok) text = await response.text();
    } catch {
      text = undefined;
    }
    const samples: Array<{ labels: Record<string, string>; value: number }> = [{ labels: { __name__: 'up', ...base }, value: text === undefined ? 0 : 1 }];
    for (const s of text === undefined ? [] : parseMetricsText(text)) {
      if (!this.keep.has(s.name)) continue;
      // honor_labels: the service's own `service` label wins, as in prometheus.yml.
      samples.push({ labels: { ...base, ...s.labels, __name__: s.name }, value: s.value });
    }
    this.store.append(`${target.job}/${instance}`, at, samples);
  }
}
