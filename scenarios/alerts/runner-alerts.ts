import { DB_POOL_WAITING_CLIENTS } from '../../services/kit/metrics/db-pool-waiting-clients';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import { HTTP_REQUEST_DURATION_SECONDS } from '../../services/kit/metrics/http-request-duration';
import { NODEJS_EVENTLOOP_LAG_P99_SECONDS, NODEJS_HEAP_SIZE_USED_BYTES, PROCESS_START_TIME_SECONDS } from '../../services/kit/metrics/node-runtime';
import { PG_SETTINGS_MAX_CONNECTIONS, PG_STAT_ACTIVITY_COUNT } from '../../services/kit/metrics/postgres-exporter';
import { UP } from '../metrics/derived-metrics';
import { bucketDelta, histogramQuantile } from '../metrics/histogram';
import type { MetricsSnapshot } from '../metrics/metrics-snapshot';

/**
 * The alert rules of prometheus/rules/*.rules.yml, evaluated by the runner over its own scrapes
 * when no Prometheus watches the lab, so a run's first alert means the same with or without
 * Prometheus. The YAML rules are the truth: each rule here declares what its expression reads
 * (series, range windows, the numbers it compares with) and its `for`, and
 * test/scenarios/alert-rule-agreement.test.ts checks them, rule by rule, against the YAML.
 */

/** ServiceRestarted looks back this far (changes(...[5m])); the runner also uses it to tell its own restarts from deaths. */
export const RESTART_WINDOW_MS = 5 * 60_000;

export interface FiredAlert {
  name: string;
  service: string;
  /** epoch ms */
  at: number;
  /** epoch ms when it went pending (its condition first held), when the source says */
  since?: number;
}

/** One rule, with what its PromQL expression is made of (checked against the YAML). */
export interface RunnerRule<T extends Record<string, number> = Record<string, number>> {
  name: string;
  /** the rule's `for` */
  forMs: number;
  /** postgres rules look at the database exporter's scrapes (their YAML labels say service: postgres) */
  scope: 'service' | 'database';
  /** the series the expression reads (histograms by their base name) */
  reads: readonly string[];
  /** its range windows ([1m], through the recording rules it uses too) */
  windowsMs: readonly number[];
  /** every number in the expression (folded: 128 * 1024 is 131072), by what it means here */
  thresholds: T;
  /** true/false, or undefined when there is no data (the alert is then not pending, as in PromQL) */
  condition(history: readonly MetricsSnapshot[], now: number, t: T): boolean | undefined;
}

const MINUTE = 60_000;
const HISTORY_MS = 6 * MINUTE;

/** The oldest scrape within `windowMs` of the newest one (what a [window] range selector sees), and the newest. */
function window(history: readonly MetricsSnapshot[], windowMs: number): [MetricsSnapshot, MetricsSnapshot] | undefined {
  const up = history.filter((s) => s.up);
  const last = up[up.length - 1];
  if (!last) return undefined;
  const first = up.find((s) => s.at >= last.at - windowMs);
  if (!first || first === last) return undefined;
  return [first, last];
}

function requestRate(history: readonly MetricsSnapshot[], windowMs: number, quantile?: number): { rate: number; ratio: number; quantile: number | undefined } | undefined {
  const w = window(history, windowMs);
  if (!w) return undefined;
  const [first, last] = w;
  const restarted = first.startTimeSeconds !== last.startTimeSeconds;
  const count = restarted || last.requests.count < first.requests.count ? last.requests.count : last.requests.count - first.requests.count;
  const errors = restarted || last.requests.errors < first.requests.errors ? last.requests.errors : last.requests.errors - first.requests.errors;
  const seconds = (last.at - first.at) / 1000;
  return {
    rate: count / seconds,
    ratio: count > 0 ? errors / count : 0,
    quantile: quantile === undefined ? undefined : histogramQuantile(quantile, bucketDelta(last.requests.buckets, restarted ? undefined : first.requests.buckets)),
  };
}

function latestGauge(history: readonly MetricsSnapshot[], name: string): number | undefined {
  const last = history[history.length - 1];
  return last?.up ? last.gauges[name] : undefined;
}

/** Least-squares slope of a gauge over the window, per second (PromQL's deriv()). */
function derivative(history: readonly MetricsSnapshot[], name: string, windowMs: number): number | undefined {
  const last = history[history.length - 1];
  if (!last) return undefined;
  const points = history.filter((s) => s.up && s.at >= last.at - windowMs && s.gauges[name] !== undefined);
  if (points.length < 2) return undefined;
  const xs = points.map((p) => p.at / 1000);
  const ys = points.map((p) => p.gauges[name]!);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den > 0 ? num / den : undefined;
}

/** A rule with its thresholds' names kept for its condition. */
function rule<T extends Record<string, number>>(r: RunnerRule<T>): RunnerRule {
  return r as unknown as RunnerRule;
}

export const RUNNER_RULES: readonly RunnerRule[] = [
  rule({
    name: 'HighLatency',
    forMs: 30_000,
    scope: 'service',
    reads: [HTTP_REQUEST_DURATION_SECONDS],
    windowsMs: [MINUTE],
    thresholds: { quantile: 0.95, aboveSeconds: 0.3, minRequestsPerSecond: 0.1 },
    condition: (h, _now, t) => {
      const r = requestRate(h, MINUTE, t.quantile);
      return r && r.quantile !== undefined ? r.quantile > t.aboveSeconds && r.rate > t.minRequestsPerSecond : undefined;
    },
  }),
  rule({
    name: 'HighErrorRate',
    forMs: 30_000,
    scope: 'service',
    reads: [HTTP_REQUEST_DURATION_SECONDS],
    windowsMs: [MINUTE],
    thresholds: { errorRatioAbove: 0.05, minRequestsPerSecond: 0.1 },
    condition: (h, _now, t) => {
      const r = requestRate(h, MINUTE);
      return r ? r.ratio > t.errorRatioAbove && r.rate > t.minRequestsPerSecond : undefined;
    },
  }),
  rule({
    name: 'HeapGrowing',
    forMs: 2 * MINUTE,
    scope: 'service',
    reads: [NODEJS_HEAP_SIZE_USED_BYTES, PROCESS_START_TIME_SECONDS],
    windowsMs: [2 * MINUTE],
    thresholds: { bytesPerSecondAbove: 128 * 1024, warmUpSeconds: 180 },
    condition: (h, now, t) => {
      // Not while the process warms up (see runtime.rules.yml).
      const start = h[h.length - 1]?.startTimeSeconds;
      const slope = derivative(h, NODEJS_HEAP_SIZE_USED_BYTES, 2 * MINUTE);
      return slope === undefined || start === undefined ? undefined : slope > t.bytesPerSecondAbove && now / 1000 - start > t.warmUpSeconds;
    },
  }),
  rule({
    name: 'HeapNearLimit',
    forMs: 15_000,
    scope: 'service',
    reads: [NODEJS_HEAP_SIZE_USED_BYTES, NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES],
    windowsMs: [],
    thresholds: { shareAbove: 0.75 },
    condition: (h, _now, t) => {
      // The old-space limit, not heap_size_limit (see runtime.rules.yml).
      const used = latestGauge(h, NODEJS_HEAP_SIZE_USED_BYTES);
      const limit = latestGauge(h, NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES);
      return used !== undefined && limit ? used / limit > t.shareAbove : undefined;
    },
  }),
  rule({
    name: 'EventLoopLagHigh',
    forMs: MINUTE,
    scope: 'service',
    reads: [NODEJS_EVENTLOOP_LAG_P99_SECONDS],
    windowsMs: [],
    thresholds: { lagAboveSeconds: 0.2 },
    condition: (h, _now, t) => {
      const lag = latestGauge(h, NODEJS_EVENTLOOP_LAG_P99_SECONDS);
      return lag === undefined ? undefined : lag > t.lagAboveSeconds;
    },
  }),
  rule({
    name: 'ServiceRestarted',
    forMs: 0,
    scope: 'service',
    reads: [PROCESS_START_TIME_SECONDS],
    windowsMs: [RESTART_WINDOW_MS],
    thresholds: { changesAbove: 0 },
    condition: (h, now, t) => {
      const starts = h.filter((s) => s.up && s.at >= now - RESTART_WINDOW_MS && s.startTimeSeconds !== undefined).map((s) => s.startTimeSeconds);
      return starts.length < 2 ? undefined : new Set(starts).size - 1 > t.changesAbove;
    },
  }),
  rule({
    name: 'PoolClientsWaiting',
    forMs: MINUTE,
    scope: 'service',
    reads: [DB_POOL_WAITING_CLIENTS],
    windowsMs: [],
    thresholds: { waitingAbove: 0 },
    condition: (h, _now, t) => {
      const waiting = latestGauge(h, DB_POOL_WAITING_CLIENTS);
      return waiting === undefined ? undefined : waiting > t.waitingAbove;
    },
  }),
  rule({
    name: 'TargetDown',
    forMs: 30_000,
    scope: 'service',
    reads: [UP],
    windowsMs: [],
    // up == 0: the runner's own scrape failed
    thresholds: { down: 0 },
    condition: (h) => (h.length === 0 ? undefined : !h[h.length - 1]!.up),
  }),
  rule({
    name: 'DatabaseConnectionsNearLimit',
    forMs: 2 * MINUTE,
    scope: 'database',
    reads: [PG_STAT_ACTIVITY_COUNT, PG_SETTINGS_MAX_CONNECTIONS],
    windowsMs: [],
    thresholds: { shareAbove: 0.8 },
    condition: (h, _now, t) => {
      const used = latestGauge(h, PG_STAT_ACTIVITY_COUNT);
      const max = latestGauge(h, PG_SETTINGS_MAX_CONNECTIONS);
      return used !== undefined && max ? used / max > t.shareAbove : undefined;
    },
  }),
];

/** Keeps each watched target's recent scrapes and reports alerts as they start firing. */
export class RunnerAlerts {
  private readonly history = new Map<string, MetricsSnapshot[]>();
  private readonly pendingSince = new Map<string, number>();
  private readonly firing = new Set<string>();

  /** `service` is the lab service's name, or `postgres` for the database exporter. */
  observe(service: string, snapshot: MetricsSnapshot): void {
    let list = this.history.get(service);
    if (!list) this.history.set(service, (list = []));
    list.push(snapshot);
    while (list.length > 0 && list[0]!.at < snapshot.at - HISTORY_MS) list.shift();
  }

  /** Evaluates every rule at `now`; returns the alerts that started firing. */
  evaluate(now: number): FiredAlert[] {
    const fired: FiredAlert[] = [];
    for (const [service, history] of this.history) {
      for (const rule of RUNNER_RULES) {
        if ((rule.scope === 'database') !== (service === 'postgres')) continue;
        const key = `${rule.name}/${service}`;
        if (rule.condition(history, now, rule.thresholds) === true) {
          const since = this.pendingSince.get(key) ?? now;
          this.pendingSince.set(key, since);
          if (now - since >= rule.forMs && !this.firing.has(key)) {
            this.firing.add(key);
            fired.push({ name: rule.name, service, at: now, since });
          }
        } else {
          this.pendingSince.delete(key);
          this.firing.delete(key);
        }
      }
    }
    return fired;
  }
}
