import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors';

export interface HeapSnapshotOptions {
  service: string;
  logger: Logger;
  /** A response that makes no progress for this long is cut, so a stalled client cannot hold the lock. */
  stallTimeoutMs?: number;
}

// One V8 heap per process, so one snapshot at a time per process, whatever the number of apps in it.
let inProgress = false;

/**
 * GET / (mounted at /__lab/heap-snapshot behind the admin token): a V8 heap snapshot as a
 * `.heapsnapshot` JSON stream, the format Chrome DevTools loads.
 *
 * Taking the snapshot and serialising it block the event loop (V8 walks the whole heap on the main
 * thread); sending it does not. Both durations are reported in a Server-Timing header and in the log.
 * A second request while one is running gets 409 SNAPSHOT_IN_PROGRESS.
 */
export function heapSnapshotRouter({ service, logger, stallTimeoutMs = 60_000 }: HeapSnapshotOptions): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    if (inProgress) throw new AppError('SNAPSHOT_IN_PROGRESS');
    inProgress = true;
    try {
      const started = performance.now();
      const stream = v8.getHeapSnapshot(); // blocks: a full GC, then V8 builds the heap graph
      const taken = performance.now();
      stream.read(0); // blocks: (Node 20) the first read serialises the whole snapshot into the stream's buffer
      const serialised = performance.now();
      const takeMs = Math.round(taken - started);
      const serialiseMs = Math.round(serialised - taken);

      const length = bufferedLength(stream);
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-disposition', `attachment; filename="${snapshotFileName(service)}"`);
      res.setHeader('cache-control', 'no-store');
      res.setHeader('server-timing', `take;dur=${takeMs}, serialize;dur=${serialiseMs}`);
      if (length !== undefined) res.setHeader('content-length', String(length));
      res.setTimeout(stallTimeoutMs, () => res.destroy(new Error(`no progress for ${stallTimeoutMs} ms`)));

      let bytes = 0;
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      try {
        await pipeline(stream, res);
      } catch (err) {
        // Headers are out: nothing to answer. The client sees a short body and discards it.
        logger.warn({ err, bytes, takeMs, serialiseMs }, 'heap snapshot not delivered');
        return;
      } finally {
        stream.destroy();
        releaseSnapshotMemory();
      }
      logger.info(
        { bytes, takeMs, serialiseMs, sendMs: Math.round(performance.now() - serialised), rss: process.memoryUsage().rss },
        'heap snapshot sent',
      );
    } finally {
      inProgress = false;
    }
  });
  return router;
}

/**
 * The snapshot's graph lives in native memory (several hundred bytes per heap object) and its JSON in
 * buffers, and both are freed only when the stream object is garbage-collected, which an idle heap
 * may not do for a long time: RSS would stay up by ten times the heap. With --expose-gc (as the lab
 * runs its services) collect now.
 */
function releaseSnapshotMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) setImmediate(gc);
}

function snapshotFileName(service: string, at = new Date()): string {
  return `${service}-${at.toISOString().replace(/[:.]/g, '-')}.heapsnapshot`;
}

/**
 * The snapshot's full size, when the stream has already been fed all of it (the first read serialises
 * synchronously); undefined if that ever changes, and then the response is simply chunked.
 */
function bufferedLength(stream: Readable): number | undefined {
  const state = (stream as unknown as { _readableState?: { ended?: boolean } })._readableState;
  return state?.ended === true ? stream.readableLength : undefined;
}
