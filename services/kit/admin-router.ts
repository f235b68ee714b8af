import express, { type Router } from 'express';
import type { FaultRegistry } from './fault-registry';
import { faultRouter } from './fault-router';
import { requireAdminToken } from './admin-auth';
import { heapSnapshotRouter, type HeapSnapshotOptions } from './heap-snapshot-router';

/**
 * The lab's admin API under /__lab, all of it behind the bearer token: faults, and the runtime
 * facts the lab's own tests and tools need (heap after a forced GC; only with --expose-gc), and heap
 * snapshots for `outage-lab heap snapshot`.
 */
export function adminRouter(faults: FaultRegistry, adminToken: string | undefined, heap?: HeapSnapshotOptions): Router {
  const router = express.Router();
  router.use(requireAdminToken(adminToken));
  router.use('/faults', faultRouter(faults));
  if (heap) router.use('/heap-snapshot', heapSnapshotRouter(heap));
  router.post('/gc', (_req, res) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
    res.json({ collected: Boolean(gc), memory: process.memoryUsage() });
  });
  return router;
}
