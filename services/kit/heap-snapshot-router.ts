import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors';
import { redactionNeedles, redactSnapshot } from './snapshot-redaction';

export interface HeapSnapshotOptions {
  service: string;
  logger: Logger;
  /**
   * Texts no learner may read in a snapshot (fault names and descriptions): strings containing them
   * are blanked, as everywhere else a learner can look.
   */
  secrets?: () => { names: string[]; descriptions: string[] };
  /** A response that makes no progress for this long is cut, so a stalled client cannot hold the lock. */
  stallTimeoutMs?: number;
}

// One V8 heap per process, so one snapshot at a time per process, whatever the number of apps in it.
let inProgress = false;

/**
 * GET / (mounted at /__lab/heap-snapshot behind the admin token): a V8 heap snapshot, the
 * `.heapsnapshot` JSON that Chrome DevTools loads, with its length.
 *
 * Taking the snapshot and serialising it block the event loop (V8 walks the whole heap on the main
 * thread); sending it does not. The durations are reported in a Server-Timing header and in the log.
 * A second request while one is running gets 409 SNAPSHOT_IN_PROGRESS.
 */
export function heapSnapshotRouter({ service, logger, secrets, stallTimeoutMs = 60_000 }: HeapSnapshotOptions): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    if (inProgress) throw new AppError('SNAPSHOT_IN_PROGRESS');
    inProgress = true;
    try {
      const started = performance.now();
      const stream = v8.getHeapSnapshot(); // blocks: a full GC, then V8 builds the heap graph
      const taken = performance.now();
      // Node 20 serialises the whole snapshot into the stream's buffer on the first read (blocking);
      // collecting it is then immediate, and gives the length and the strings table to redact.
      let chunks = await collect(stream);
      const serialised = performance.now();
      const hidden = secrets?.();
      const redaction = hidden ? redactSnapshot(chunks, redactionNeedles(hidden.names, hidden.descriptions)) : { chunks, redacted: 0 };
      chunks = redaction.chunks;
      const redacted = performance.now();
      const timings = { takeMs: Math.round(taken - started), serialiseMs: Math.round(serialised - taken), redactMs: Math.round(redacted - serialised) };

      const bytes = chunks.reduce((n, c) => n + c.length, 0);
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-disposition', `attachment; filename="${snapshotFileName(service)}"`);
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-length', String(bytes));
      res.setHeader('server-timing', `take;dur=${timings.takeMs}, serialize;dur=${timings.serialiseMs}, redact;dur=${timings.redactMs}`);
      res.setTimeout(stallTimeoutMs, () => res.destroy(new Error(`no progress for ${stallTimeoutMs} ms`)));
      try {
        await pipeline(Readable.from(chunks, { objectMode: false }), res);
      } catch (err) {
        // Headers are out: nothing to answer. The client sees a short body and discards it.
        logger.warn({ err, bytes, ...timings }, 'heap snapshot not delivered');
        return;
      } finally {
        chunks = [];
        stream.destroy();
        releaseSnapshotMemory();
      }
      logger.info(
        { bytes, ...timings, redactedStrings: redaction.redacted, sendMs: Math.round(performance.now() - redacted), rss: process.memoryUsage().rss },
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

/**
 * The stream's chunks as they are. ('data' events hand over one chunk at a time; an async iterator
 * would read() the whole buffer at once, copying the snapshot into one more buffer of its size.)
 */
function collect(stream: Readable): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(chunks));
    stream.once('error', reject);
  });
}

function snapshotFileName(service: string, at = new Date()): string {
  return `${service}-${at.toISOString().replace(/[:.]/g, '-')}.heapsnapshot`;
}
