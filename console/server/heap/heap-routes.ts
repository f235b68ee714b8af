import { createReadStream } from 'node:fs';
import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../services/kit/errors';
import { sessionOf } from '../auth';
import type { HeapDiffRunner } from './heap-diff-runner';
import type { SnapshotLibrary } from './snapshot-library';

const takeSchema = z.object({ service: z.string().min(1).max(64) });
const diffSchema = z.object({ before: z.string().min(1).max(100), after: z.string().min(1).max(100) });

/** /api/heap: take a snapshot, list them, download one (for DevTools), diff two. */
export function heapRouter(library: SnapshotLibrary, differ: HeapDiffRunner): Router {
  const router = express.Router();
  router.get('/snapshots', async (_req, res) => {
    res.json({ snapshots: await library.list() });
  });
  router.post('/snapshots', async (req, res) => {
    const parsed = takeSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'give the service to snapshot: {"service": "widget-api"}');
    const session = sessionOf(req)!;
    res.status(201).json(await library.take(parsed.data.service, session.learner ?? 'instructor'));
  });
  router.get('/snapshots/:id/file', async (req, res) => {
    const info = await library.get(req.params.id);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-disposition', `attachment; filename="${info.id}.heapsnapshot"`);
    res.setHeader('content-length', String(info.bytes));
    createReadStream(library.fileOf(info.id)).pipe(res);
  });
  router.post('/diff', async (req, res) => {
    const parsed = diffSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'give two snapshots: {"before": id, "after": id}');
    const [before, after] = await Promise.all([library.get(parsed.data.before), library.get(parsed.data.after)]);
    if (before.id === after.id) throw new AppError('VALIDATION_FAILED', 'choose two different snapshots, the earlier one first');
    if (before.service !== after.service) throw new AppError('VALIDATION_FAILED', `the snapshots are of ${before.service} and ${after.service}: a diff compares two snapshots of one service`);
    if (before.takenAt > after.takenAt) throw new AppError('VALIDATION_FAILED', '"before" was taken after "after": swap them');
    const diff = await differ.diff(library.fileOf(before.id), library.fileOf(after.id));
    res.json({
      before,
      after,
      keptFromBefore: diff.after.keptFromBefore,
      nodeCount: diff.after.nodeCount,
      rows: diff.ranked.map((g) => ({
        constructor: g.name,
        countBefore: g.countBefore,
        countAfter: g.countAfter,
        countDelta: g.countAfter - g.countBefore,
        retainedGrowth: g.retainedGrowth,
        retainedAfter: g.retainedAfter,
        retainerPath: g.example?.path?.map((step) => (step.via ? `${step.via} → ${step.node.name}` : step.node.name)) ?? null,
      })),
    });
  });
  return router;
}
