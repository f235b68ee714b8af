import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors';
import type { ScrubRules } from './scrub-rules';
import { SnapshotScrubber } from './snapshot-scrubber';
import { PROCESS_HEADER, processHeader } from './process-header';

export interface DiagnosisOptions {
  service: string;
  logger: Logger;
  /** What to blank in what is handed out (tokens, secrets, the training machinery's words). */
  rules: () => ScrubRules;
  /** Called once a diagnosis was handed out (or failed), to log it as an operation of whoever asked. */
  record?: (req: Request, res: Response, action: string, detail: string, result?: string) => void;
  /** A response that makes no progress for this long is cut, so a stalled client cannot hold the lock. */
  stallTimeoutMs?: number;
}

// One V8 heap per process, so one snapshot at a time per process, whatever the number of apps in it.
let inProgress = false;

/**
 * GET / (mounted at /__lab/heap-snapshot, the learner's token is enough): a V8 heap snapshot, the
 * `.heapsnapshot` JSON that Chrome DevTools loads, with its length.
 *
 * V8 walks the heap and writes the snapshot to a private temporary file (v8.writeHeapSnapshot:
 * the event loop is blocked meanwhile, Server-Timing `snapshot`); the file is then scrubbed into a
 * second one and streamed, both without blocking. Writing to a file instead of collecting the
 * stream keeps the peak memory to V8's own graph of the heap: collected, the JSON sat in buffers
 * beside that graph, and the service's RSS grew from 180 MB to 1.13 GB for a 93 MB heap.
 * A second request while one is running gets 409 SNAPSHOT_IN_PROGRESS.
 */
export function heapSnapshotRouter({ service, logger, rules, record, stallTimeoutMs = 60_000 }: DiagnosisOptions): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    if (inProgress) throw new AppError('SNAPSHOT_IN_PROGRESS');
    inProgress = true;
    const dir = await mkdtemp(path.join(os.tmpdir(), `${service}-heap-`));
    try {
      const raw = path.join(dir, 'raw.heapsnapshot');
      const started = performance.now();
      v8.writeHeapSnapshot(raw); // blocks: a full GC, V8 builds its graph of the heap and writes it out
      const written = performance.now();
      const scrubbed = path.join(dir, 'scrubbed.heapsnapshot');
      const scrubber = new SnapshotScrubber(rules());
      await pipeline(createReadStream(raw, { highWaterMark: 1 << 20 }), scrubber, createWriteStream(scrubbed, { mode: 0o600 }));
      await rm(raw);
      const timings = { pauseMs: Math.round(written - started), scrubMs: Math.round(performance.now() - written) };
      const bytes = (await stat(scrubbed)).size;

      res.setHeader('content-type', 'application/json');
      res.setHeader('content-disposition', `attachment; filename="${diagnosisFileName(service, 'heapsnapshot')}"`);
      res.setHeader('cache-control', 'no-store');
      res.setHeader(PROCESS_HEADER, processHeader(service));
      res.setHeader('content-length', String(bytes));
      res.setHeader('server-timing', `snapshot;dur=${timings.pauseMs}, scrub;dur=${timings.scrubMs}`);
      res.setTimeout(stallTimeoutMs, () => res.destroy(new Error(`no progress for ${stallTimeoutMs} ms`)));
      try {
        await pipeline(createReadStream(scrubbed, { highWaterMark: 1 << 20 }), res);
      } catch (err) {
        // Headers are out: nothing to answer. The client sees a short body and discards it.
        logger.warn({ err, bytes, ...timings }, 'heap snapshot not delivered');
        record?.(req, res, 'heap-snapshot', `${bytes} bytes`, 'not delivered');
        return;
      }
      logger.info({ bytes, ...timings, redactedStrings: scrubber.redacted, rss: process.memoryUsage().rss }, 'heap snapshot sent');
      record?.(req, res, 'heap-snapshot', `${bytes} bytes, ${service} paused ${timings.pauseMs} ms`);
    } finally {
      await rm(dir, { recursive: true, force: true });
      inProgress = false;
      releaseSnapshotMemory();
    }
  });
  return router;
}

/**
 * V8 frees its graph of the heap once the file is written, but the garbage the snapshot's full GC
 * could not free yet (and the streams' buffers) waits for the next collection, which an idle heap
 * may not do for a long time. With --expose-gc (as the lab runs its services) collect now.
 */
function releaseSnapshotMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) setImmediate(gc);
}

/** `widget-api-2026-05-04T10-11-12-345Z.heapsnapshot`: sorts by time, loads in DevTools as is. */
export function diagnosisFileName(service: string, extension: string, at = new Date()): string {
  return `${service}-${at.toISOString().replace(/[:.]/g, '-')}.${extension}`;
}
