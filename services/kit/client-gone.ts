import type { Response } from 'express';
import { setImmediate as nextTurn, setTimeout as tick } from 'node:timers/promises';
import { AppError } from './errors';
import type { Lifecycle } from './lifecycle';

/**
 * Long work done in slices: between slices the event loop serves other requests, and work for a
 * client that has hung up stops instead of competing with the requests still waited for.
 */
export interface WorkSlicer {
  /** Awaited between slices: yields to the event loop, throws CLIENT_CLOSED_REQUEST once the client is gone. */
  next(): Promise<void>;
  /**
   * As next(), but waits a timer tick (at least 1 ms) instead of only yielding: long work that
   * paces itself is mostly waiting, and leaves the CPU to light requests whatever else runs.
   */
  pace(): Promise<void>;
  /** Awaited when queued work gets its turn: as next(), and SHUTTING_DOWN if the process drains meanwhile. */
  begin(): Promise<void>;
}

/** A slicer for one response: `res` closing before it was answered means the client hung up. */
export function sliceFor(res: Response, lifecycle: Lifecycle): WorkSlicer {
  const checkClient = (): void => {
    if (res.writableEnded) return;
    if (res.destroyed || res.socket?.destroyed !== false) throw new AppError('CLIENT_CLOSED_REQUEST');
  };
  const next = async (): Promise<void> => {
    await nextTurn();
    checkClient();
  };
  return {
    next,
    async pace() {
      await tick(0);
      checkClient();
    },
    async begin() {
      await next();
      // Work in progress drains; work not started yet goes to the next process.
      if (lifecycle.shuttingDown) throw new AppError('SHUTTING_DOWN');
    },
  };
}

/** For work with no client (tests, benchmarks): yields, never stops. */
export const unattendedSlicer: WorkSlicer = { next: () => nextTurn(), pace: () => tick(0), begin: () => nextTurn() };
