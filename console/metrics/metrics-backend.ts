import type { AlertState } from './rule-alerts';
import type { Labels } from './promql-eval';

/** A range query's answer: shared step times (ms) and one row of values per series. */
export interface RangeResult {
  times: number[];
  series: Array<{ labels: Labels; values: Array<number | null> }>;
}

/**
 * Where the console's charts and alerts come from: the lab's Prometheus when there is one
 * (the classroom stack), else the console's own scrape of the embedded lab. Same queries, same rules.
 */
export interface MetricsBackend {
  readonly kind: 'prometheus' | 'console-scrape';
  /** the time between two points the backend can tell apart (its scrape interval) */
  readonly intervalMs: number;
  range(expr: string, start: number, end: number, stepMs: number): Promise<RangeResult>;
  alerts(): Promise<AlertState[]>;
  close(): Promise<void>;
}
