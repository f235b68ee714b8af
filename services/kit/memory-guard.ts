import { getHeapStatistics } from 'node:v8';
import { AppError } from './errors';
import { oldSpaceLimitBytes } from './metrics/heap-old-space-limit';

/** The limit a growing heap runs into: --max-old-space-size when set, else V8's own heap limit. */
const LIMIT_BYTES = oldSpaceLimitBytes() ?? getHeapStatistics().heap_size_limit;

/** Share of the heap limit in use now (0..1), as the dashboards show it. */
export function heapUsedShare(): number {
  return getHeapStatistics().used_heap_size / LIMIT_BYTES;
}

/**
 * Sheds work that would take more memory once the heap is past a share of its limit: a service
 * near its limit serves what it already holds and answers 503 OVERLOADED to the rest, instead of
 * thrashing in GC until it falls over.
 */
export class MemoryGuard {
  constructor(public maxHeapShare: number) {}

  /** Throws OVERLOADED when the heap is past the limit share. */
  admit(): void {
    if (heapUsedShare() > this.maxHeapShare) throw new AppError('OVERLOADED');
  }
}
