import type { Matcher } from './promql-ast';
import { labelKey, matches, type Labels, type SeriesSource, type SourceSeries } from './promql-eval';

/**
 * The lab's own short-term metrics store, for the embedded lab that has no Prometheus: each
 * target's scrapes in a ring (one timestamp per scrape) and each series' values in a ring aligned
 * with it, NaN where a scrape did not have the series (Prometheus's staleness: a series that
 * disappears, say after a restart, stops being "current" at once instead of lingering).
 *
 * Memory is bounded: slots = retention / interval (+10% for late scrapes), 8 bytes a value, at most
 * `maxSeries` series (new ones beyond it are dropped and counted). With the console's defaults
 * (66 min at 5 s: 872 slots, 4,000 series) that is at most 4,000 × 872 × 8 B = 28 MB; an idle lab
 * fills 146 series, 1 MB (only the metrics the panels and rules read are kept).
 */

export interface StoreOptions {
  retentionMs: number;
  intervalMs: number;
  maxSeries: number;
}

interface TargetRing {
  times: Float64Array;
  /** next slot to write */
  head: number;
  count: number;
}

interface StoredSeries {
  target: string;
  labels: Labels;
  values: Float64Array;
}

export class SeriesStore implements SeriesSource {
  readonly slots: number;
  private readonly targets = new Map<string, TargetRing>();
  private readonly series = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, Set<StoredSeries>>();
  dropped = 0;

  constructor(readonly options: StoreOptions) {
    this.slots = Math.ceil((options.retentionMs / options.intervalMs) * 1.1);
  }

  get seriesCount(): number {
    return this.series.size;
  }

  /** Bytes held by the value and time rings. */
  get bytes(): number {
    return (this.series.size + this.targets.size) * this.slots * 8;
  }

  /** One scrape of a target: every sample (labels with __name__) at `at`; series of the target not in it become stale. */
  append(target: string, at: number, samples: Array<{ labels: Labels; value: number }>): void {
    let ring = this.targets.get(target);
    if (!ring) this.targets.set(target, (ring = { times: new Float64Array(this.slots).fill(NaN), head: 0, count: 0 }));
    const slot = ring.head;
    ring.times[slot] = at;
    ring.head = (slot + 1) % this.slots;
    ring.count = Math.min(this.slots, ring.count + 1);
    for (const s of this.series.values()) if (s.target === target) s.values[slot] = NaN;
    for (const { labels, value } of samples) {
      const key = `${target}|${labelKey(labels)}`;
      let stored = this.series.get(key);
      if (!stored) {
        if (this.series.size >= this.options.maxSeries) {
          this.dropped++;
          continue;
        }
        stored = { target, labels, values: new Float64Array(this.slots).fill(NaN) };
        this.series.set(key, stored);
        const name = labels.__name__ ?? '';
        let set = this.byName.get(name);
        if (!set) this.byName.set(name, (set = new Set()));
        set.add(stored);
      }
      stored.values[slot] = value;
    }
    if (slot === 0) this.forgetEmpty();
  }

  select(name: string, matchers: Matcher[], from: number, to: number): SourceSeries[] {
    const out: SourceSeries[] = [];
    const windows = new Map<string, [number, number]>();
    for (const s of this.byName.get(name) ?? []) {
      if (!matches(s.labels, matchers)) continue;
      const ring = this.targets.get(s.target)!;
      let window = windows.get(s.target);
      if (!window) windows.set(s.target, (window = this.window(ring, from, to)));
      const [first, end] = window;
      if (first >= end) continue;
      const points: Array<[number, number]> = [];
      for (let i = first; i < end; i++) {
        const slot = this.slotOf(ring, i);
        const v = s.values[slot]!;
        if (!Number.isNaN(v)) points.push([ring.times[slot]!, v]);
      }
      // An instant selector must not see a series its target's latest scrape lacked (gone stale).
      if (points.length > 0) out.push({ labels: s.labels, points, stale: Number.isNaN(s.values[this.slotOf(ring, end - 1)]!) });
    }
    return out;
  }

  /** Slot of the i-th scrape, oldest first. */
  private slotOf(ring: TargetRing, i: number): number {
    return (ring.head - ring.count + i + this.slots) % this.slots;
  }

  /** The logical indexes [first, end) of the target's scrapes with a time in (from, to] (binary search: times only grow). */
  private window(ring: TargetRing, from: number, to: number): [number, number] {
    const firstAfter = (t: number): number => {
      let lo = 0;
      let hi = ring.count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ring.times[this.slotOf(ring, mid)]! > t) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    return [firstAfter(from), firstAfter(to)];
  }

  /** Series with no value left in their ring (a route or a process long gone) are dropped. */
  private forgetEmpty(): void {
    for (const [key, s] of this.series) {
      if (s.values.some((v) => !Number.isNaN(v))) continue;
      this.series.delete(key);
      this.byName.get(s.labels.__name__ ?? '')?.delete(s);
    }
  }
}
