import { metricNames, parsePromql } from './promql-ast';
import { PromqlEvaluator, labelKey, type Sample } from './promql-eval';
import { LabScraper, type ScrapeTarget } from './lab-scraper';
import type { MetricsBackend, RangeResult } from './metrics-backend';
import { PANELS } from './panels';
import { RuleAlerts, loadRules, type AlertState } from './rule-alerts';
import { SeriesStore } from './series-store';

export interface LocalMetricsOptions {
  targets: () => ScrapeTarget[];
  intervalMs?: number;
  retentionMs?: number;
  maxSeries?: number;
}

/** 60 minutes on screen, plus the 1-minute rate window and the 5-minute lookback of the rules. */
export const DEFAULT_RETENTION_MS = 66 * 60_000;
export const DEFAULT_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_SERIES = 4_000;

/**
 * The embedded lab's metrics without a Prometheus: the console scrapes the services every 5 s
 * (as the classroom stack's Prometheus does) into a bounded in-process store, evaluates the
 * dashboards' queries over it and the alert rules after each scrape.
 *
 * Charts ask for the same steps every few seconds: a step's values are kept once no later scrape
 * can change them, so a refresh evaluates only the newest steps, whatever the number of viewers.
 */
export class LocalMetrics implements MetricsBackend {
  readonly kind = 'console-scrape';
  readonly intervalMs: number;
  readonly store: SeriesStore;
  private readonly evaluator: PromqlEvaluator;
  private readonly rules: RuleAlerts;
  private readonly scraper: LabScraper;
  private readonly memo = new Map<string, Map<number, Sample[]>>();
  private readonly retentionMs: number;
  private alertStates: AlertState[] = [];

  constructor(options: LocalMetricsOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.store = new SeriesStore({ retentionMs: this.retentionMs, intervalMs: this.intervalMs, maxSeries: options.maxSeries ?? DEFAULT_MAX_SERIES });
    this.evaluator = new PromqlEvaluator(this.store);
    const rules = loadRules();
    this.rules = new RuleAlerts(this.evaluator, rules);
    const keep = new Set([
      ...PANELS.flatMap((p) => p.queries.flatMap((q) => metricNames(parsePromql(q.expr)))),
      ...RuleAlerts.metricNames(rules, metricNames),
    ]);
    this.scraper = new LabScraper(this.store, options.targets, keep, this.intervalMs, (at) => {
      this.alertStates = this.rules.evaluate(at);
    });
    this.scraper.start();
  }

  async range(expr: string, start: number, end: number, stepMs: number): Promise<RangeResult> {
    const parsed = parsePromql(expr);
    const memoKey = `${stepMs}|${expr}`;
    let memo = this.memo.get(memoKey);
    if (!memo) this.memo.set(memoKey, (memo = new Map()));
    // A step is final once a scrape after it has arrived (the rate windows end at the step).
    const stableBefore = this.scraper.lastScrapeAt - this.intervalMs;
    const times: number[] = [];
    const byKey = new Map<string, RangeResult['series'][number]>();
    const count = Math.floor((end - start) / stepMs) + 1;
    for (let i = 0; i < count; i++) {
      const t = start + i * stepMs;
      times.push(t);
      let samples = memo.get(t);
      if (!samples) {
        const value = this.evaluator.instant(parsed, t);
        samples = value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
        if (t < stableBefore) memo.set(t, samples);
      }
      for (const s of samples) {
        const key = labelKey(s.labels);
        let row = byKey.get(key);
        if (!row) byKey.set(key, (row = { labels: s.labels, values: new Array<number | null>(count).fill(null) }));
        row.values[i] = Number.isFinite(s.value) ? s.value : null;
      }
    }
    for (const t of memo.keys()) if (t < end - this.retentionMs) memo.delete(t);
    return { times, series: [...byKey.values()] };
  }

  async alerts(): Promise<AlertState[]> {
    return this.alertStates;
  }

  async close(): Promise<void> {
    await this.scraper.stop();
  }
}
