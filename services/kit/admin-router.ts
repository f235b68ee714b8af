import express, { type Router } from 'express';
import type { FaultRegistry } from './fault-registry';
import { faultRouter } from './fault-router';
import { requireAdminToken } from './admin-auth';

/**
 * The lab's admin API under /__lab, all of it behind the bearer token: faults, and the runtime
 * facts the lab's own tests and tools need (heap after a forced GC; only with --expose-gc).
 */
export function adminRouter(faults: FaultRegistry, adminToken: string | undefined): Router {
  const router = express.Router();
  router.use(requireAdminToken(adminToken));
  router.use('/faults', faultRouter(faults));
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
