import { bucketDelta, histogramQuantile } from '../metrics/histogram';
import type { MetricsSnapshot } from '../metrics/metrics-snapshot';

/**
 * The alert rules of prometheus/rules/*.rules.yml, evaluated by the runner over its own scrapes
 * when no Prometheus watches the lab. Same names, thresholds and `for` durations, so a run's
 * first alert means the same with or without Prometheus.
 */

export interface FiredAlert {
  name: string;
  service: string;
  /** epoch ms */
  at: number;
}

interface Rule {
  name: string;
  forMs: number;
  /** true/false, or undefined when there is no data (the alert is then not pending, as in PromQL) */
  condition(history: readonly MetricsSnapshot[], now: number): boolean | undefined;
  /** postgres rules look at the database exporter's scrapes */
  scope: 'service' | 'database';
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

function requestRate(history: readonly MetricsSnapshot[]): { rate: number; ratio: number; p95: number | undefined } | undefined {
  const w = window(history, MINUTE);
  if (!w) return undefined;
  const [first, last] = w;
  const restarted = first.startTimeSeconds !== last.startTimeSeconds;
  const count = restarted || last.requests.count < first.requests.count ? last.requests.count : last.requests.count - first.requests.count;
  const errors = restarted || last.requests.errors < first.requests.errors ? last.requests.errors : last.requests.errors - first.requests.errors;
  const seconds = (last.at - first.at) / 1000;
  return {
    rate: count / seconds,
    ratio: count > 0 ? errors / count : 0,
    p95: histogramQuantile(0.95, bucketDelta(last.requests.buckets, restarted ? undefined : first.requests.buckets)),
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

export const RUNNER_RULES: readonly Rule[] = [
  {
    name: 'HighLatency',
    forMs: MINUTE,
    scope: 'service',
    condition: (h) => {
      const r = requestRate(h);
      return r && r.p95 !== undefined ? r.p95 > 0.3 && r.rate > 0.1 : undefined;
    },
  },
  {
    name: 'HighErrorRate',
    forMs: MINUTE,
    scope: 'service',
    condition: (h) => {
      const r = requestRate(h);
      return r ? r.ratio > 0.05 && r.rate > 0.1 : undefined;
    },
  },
  {
    name: 'HeapGrowing',
    forMs: 2 * MINUTE,
    scope: 'service',
    condition: (h, now) => {
      // Not while the process warms up (see runtime.rules.yml).
      const start = h[h.length - 1]?.startTimeSeconds;
      const slope = derivative(h, 'nodejs_heap_size_used_bytes', 2 * MINUTE);
      return slope === undefined || start === undefined ? undefined : slope > 128 * 1024 && now / 1000 - start > 180;
    },
  },
  {
    name: 'HeapNearLimit',
    forMs: 15_000,
    scope: 'service',
    condition: (h) => {
      // The old-space limit, not heap_size_limit (see runtime.rules.yml).
      const used = latestGauge(h, 'nodejs_heap_size_used_bytes');
      const limit = latestGauge(h, 'nodejs_heap_old_space_limit_bytes');
      return used !== undefined && limit ? used / limit > 0.75 : undefined;
    },
  },
  {
    name: 'EventLoopLagHigh',
    forMs: MINUTE,
    scope: 'service',
    condition: (h) => {
      const lag = latestGauge(h, 'nodejs_eventloop_lag_p99_seconds');
      return lag === undefined ? undefined : lag > 0.2;
    },
  },
  {
    name: 'ServiceRestarted',
    forMs: 0,
    scope: 'service',
    condition: (h, now) => {
      const starts = h.filter((s) => s.up && s.at >= now - 5 * MINUTE && s.startTimeSeconds !== undefined).map((s) => s.startTimeSeconds);
      return starts.length < 2 ? undefined : new Set(starts).size > 1;
    },
  },
  {
    name: 'PoolClientsWaiting',
    forMs: MINUTE,
    scope: 'service',
    condition: (h) => {
      const waiting = latestGauge(h, 'db_pool_waiting_clients');
      return waiting === undefined ? undefined : waiting > 0;
    },
  },
  {
    name: 'TargetDown',
    forMs: 30_000,
    scope: 'service',
    condition: (h) => (h.length === 0 ? undefined : !h[h.length - 1]!.up),
  },
  {
    name: 'DatabaseConnectionsNearLimit',
    forMs: 30_000,
    scope: 'database',
    condition: (h) => {
      const used = latestGauge(h, 'pg_stat_activity_count');
      const max = latestGauge(h, 'pg_settings_max_connections');
      return used !== undefined && max ? used / max > 0.8 : undefined;
    },
  },
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
        if (rule.condition(history, now) === true) {
          const since = this.pendingSince.get(key) ?? now;
          this.pendingSince.set(key, since);
          if (now - since >= rule.forMs && !this.firing.has(key)) {
            this.firing.add(key);
            fired.push({ name: rule.name, service, at: now });
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
