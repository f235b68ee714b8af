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
 *
 * `shedPercent` below 100 lets the rest through, evenly spread (with 75, one in four): a team that
 * would rather serve some of the work than none. The memory that work takes is then still taken.
 */
export class MemoryGuard {
  private admittedCredit = 0;

  constructor(
    public maxHeapShare: number,
    public shedPercent = 100,
    private readonly heapShare: () => number = heapUsedShare,
  ) {}

  /** Throws OVERLOADED when the heap is past the limit share, for shedPercent of the calls. */
  admit(): void {
    if (this.heapShare() <= this.maxHeapShare) return;
    this.admittedCredit += 100 - this.shedPercent;
    if (this.admittedCredit >= 100) {
      this.admittedCredit -= 100;
      return;
    }
    throw new AppError('OVERLOADED');
  }
}
