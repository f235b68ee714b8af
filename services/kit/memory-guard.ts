import { getHeapStatistics } from 'node:v8';
import { AppError } from './errors';

/** Share of the V8 heap limit in use now (0..1). */
export function heapUsedShare(): number {
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  return used / limit;
}

/**
 * Sheds work that would take more memory once the heap is past a share of its limit: a service
 * near its limit serves what it already holds and answers 503 OVERLOADED to the rest, instead of
 * thrashing in GC until it falls over.
 */
export class MemoryGuard {
  constructor(readonly maxHeapShare: number) {}

  /** Throws OVERLOADED when the heap is past the limit share. */
  admit(): void {
    if (heapUsedShare() > this.maxHeapShare) throw new AppError('OVERLOADED');
  }
}
