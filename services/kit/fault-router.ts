import express, { type Router } from 'express';
import type { FaultRegistry } from './fault-registry';

/**
 * The control API, mounted under /__lab/faults behind the admin token:
 *   GET    /            every fault and its state
 *   GET    /:name       one fault
 *   PUT    /:name       switch on (or change parameters); body: { "params": {...} } or the parameters themselves
 *   DELETE /:name       switch off
 */
export function faultRouter(faults: FaultRegistry): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json({ faults: faults.list() });
  });
  router.get('/:name', (req, res) => {
    res.json(faults.get(req.params.name));
  });
  router.put('/:name', async (req, res) => {
    const body: unknown = req.body ?? {};
    const params =
      body && typeof body === 'object' && 'params' in body ? (body as { params: unknown }).params : body;
    res.json(await faults.enable(req.params.name, params));
  });
  router.delete('/:name', async (req, res) => {
    res.json(await faults.disable(req.params.name));
  });
  return router;
}
