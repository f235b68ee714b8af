/** Cumulative bucket counts of a Prometheus histogram: upper bound (le) -> count, +Inf included. */
export type Buckets = Map<number, number>;

/** later - earlier per bucket; a counter reset (a restarted process) makes it `later` alone, as rate() would. */
export function bucketDelta(later: Buckets, earlier: Buckets | undefined): Buckets {
  const reset = earlier !== undefined && [...later].some(([le, count]) => count < (earlier.get(le) ?? 0));
  const delta: Buckets = new Map();
  for (const [le, count] of later) delta.set(le, reset || !earlier ? count : count - (earlier.get(le) ?? 0));
  return delta;
}

/**
 * The q-quantile of a histogram, interpolated linearly within the bucket, as PromQL's
 * histogram_quantile does. undefined when the histogram is empty; the highest finite bound when
 * the quantile lies in the +Inf bucket.
 */
export function histogramQuantile(q: number, buckets: Buckets): number | undefined {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.length > 0 ? sorted[sorted.length - 1]![1] : 0;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Infinity) return previousLe;
      const inBucket = count - previousCount;
      return inBucket > 0 ? previousLe + ((le - previousLe) * (rank - previousCount)) / inBucket : le;
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}

export function addBuckets(into: Buckets, from: Buckets): void {
  for (const [le, count] of from) into.set(le, (into.get(le) ?? 0) + count);
}
