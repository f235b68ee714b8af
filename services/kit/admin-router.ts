import express, { type Router } from 'express';
import { cpuProfileRouter } from './cpu-profile-router';
import { deploymentRouter } from './deployment/deployment-router';
import { opsRouter, recordDiagnosis } from './deployment/ops-router';
import { heapSnapshotRouter } from './heap-snapshot-router';
import { jsonBodyOnly } from './json-body';
import { requireRole } from './roles';
import { scrubRules } from './scrub-rules';
import type { ServiceKit } from './service-kit';

/**
 * The admin API under /__lab, every route behind a bearer token:
 *   learner's token (or the instructor's): /ops (releases, settings, rollback, set, restart, log),
 *     /heap-snapshot, /cpu-profile;
 *   instructor's token only (403 INSTRUCTOR_ONLY for a learner's): /deployment (releases and
 *     configuration as the instructor drives them), /gc (heap after a forced GC, for the lab's tests).
 */
export function adminRouter(kit: ServiceKit): Router {
  const deployment = kit.deployment;
  if (!deployment) throw new Error(`${kit.service} declares no deployment (declareDeployment in its createApp)`);
  const router = express.Router();
  const learner = requireRole(kit.roles, 'learner');
  const instructor = requireRole(kit.roles, 'instructor');
  const diagnosis = {
    service: kit.service,
    logger: kit.logger,
    rules: () => scrubRules(kit.secrets),
    record: (req: express.Request, res: express.Response, action: string, detail: string, result?: string) =>
      recordDiagnosis(deployment, req, res, action, detail, result),
  };
  // After the token check (an unauthenticated caller learns nothing more than 401): JSON bodies only.
  router.use(learner, jsonBodyOnly());
  // The restarter is looked up at each call: the service's main sets the real one once it listens.
  router.use('/ops', opsRouter(deployment, { request: (reason) => kit.restarter.request(reason) }));
  router.use('/heap-snapshot', heapSnapshotRouter(diagnosis));
  router.use('/cpu-profile', cpuProfileRouter(diagnosis));
  router.use('/deployment', instructor, deploymentRouter(deployment));
  router.post('/gc', instructor, (_req, res) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
    res.json({ collected: Boolean(gc), memory: process.memoryUsage() });
  });
  return router;
}
