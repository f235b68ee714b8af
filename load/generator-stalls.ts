import { performance } from 'node:perf_hooks';

/**
 * The load generator's own stalls. The simulated users live in one node process; when that
 * process is not running (the machine's other work holds both cores, its own garbage collector,
 * the runner's scraping), a response that has arrived waits in the socket until it runs again,
 * and its latency is measured that much too long. On a busy 2-core machine those stalls reached
 * 250-460 ms (measured beside a second lab under load) while the storefront's own event loop lag
 * stayed under 150 ms: every user with a request in flight was counted as hurt by the service.
 *
 * A timer ticks every TICK_MS; a tick that comes more than STALL_MIN_MS late marks the time in
 * between as a stall. A request's stall is the part of its measured time the generator provably
 * was not running: its latency minus that is the least the service can have taken.
 */

const TICK_MS = 10;
/** Later than this is a stall; below it, a timer's ordinary jitter. */
export const STALL_MIN_MS = 50;

export interface StallStats {
  /** stalls longer than STALL_MIN_MS */
  count: number;
  totalMs: number;
  longestMs: number;
}

export class StallWatch {
  /** [start, end] in performance.now() ms, oldest first */
  private readonly stalls: Array<[number, number]> = [];
  private lastTick = performance.now();
  private timer: NodeJS.Timeout | undefined;

  start(): this {
    this.lastTick = performance.now();
    this.timer ??= setInterval(() => this.tick(), TICK_MS).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
  }

  private tick(): void {
    const now = performance.now();
    if (now - this.lastTick > TICK_MS + STALL_MIN_MS) this.stalls.push([this.lastTick + TICK_MS, now]);
    this.lastTick = now;
  }

  /**
   * How much of [from, to] (performance.now() ms) the generator was stalled, including a stall
   * still going on at `to` (a response handled first thing after the process runs again comes
   * before the late tick).
   */
  overlapMs(from: number, to: number = performance.now()): number {
    let total = 0;
    for (let i = this.stalls.length - 1; i >= 0; i--) {
      const [start, end] = this.stalls[i]!;
      if (end <= from) break;
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
    const openStart = this.lastTick + TICK_MS;
    if (this.timer && to - openStart > STALL_MIN_MS) total += Math.max(0, to - Math.max(openStart, from));
    return total;
  }

  stats(): StallStats {
    let totalMs = 0;
    let longestMs = 0;
    for (const [start, end] of this.stalls) {
      totalMs += end - start;
      longestMs = Math.max(longestMs, end - start);
    }
    return { count: this.stalls.length, totalMs: Math.round(totalMs), longestMs: Math.round(longestMs) };
  }
}
