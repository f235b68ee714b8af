import express, { type ErrorRequestHandler, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../services/kit/errors';
import { errorHandler, notFound } from '../services/kit/error-handler';
import { requireRole, type Roles } from '../services/kit/roles';
import { jsonBodyOnly } from '../services/kit/json-body';
import { parseParams } from '../services/kit/params-validator';
import { AdminClient, ServiceRefusal } from './admin-client';

export interface LabControl {
  status(): unknown;
  restart(service: string): Promise<void>;
  /** The services' base URLs (faults are switched through their admin APIs). */
  serviceUrls(): Record<string, string>;
}

const faultBody = z.object({ params: z.record(z.string(), z.unknown()).default({}), leaseSeconds: z.number().int().min(5).max(3_600).optional() });

/**
 * The embedded lab's control API (mounted at /lab of the lab's own endpoint), the instructor's
 * token only — a learner's is 403 INSTRUCTOR_ONLY, no token 401:
 *   GET    /status                        the services' processes, restarts and exits; the database's deaths and restarts
 *   GET    /status/:service               one service's (SERVICE_NOT_FOUND for a name the lab does not run)
 *   POST   /services/:name/restart        a rolling restart
 *   GET    /faults[/:service]             every fault, whether its cause is there, its parameters
 *   PUT    /faults/:service/:name         { params, leaseSeconds? } on: its release goes out, or its configuration change is made
 *   DELETE /faults/:service/:name         off: its release rolled back, or its configuration restored
 */
export function labControlRouter(control: LabControl, roles: Roles, instructorToken: string): Router {
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));
  router.use(requireRole(roles, 'instructor'), jsonBodyOnly());
  const client = (service: string): AdminClient => {
    const url = control.serviceUrls()[service];
    if (!url) throw new AppError('SERVICE_NOT_FOUND', `the lab runs no service named ${service}; it runs ${Object.keys(control.serviceUrls()).join(', ')}`);
    return new AdminClient(service, url, instructorToken);
  };

  router.get('/status', (_req, res) => {
    res.json(control.status());
  });
  router.get('/status/:service', (req, res) => {
    client(req.params.service);
    res.json((control.status() as { services: Record<string, unknown> }).services[req.params.service]);
  });
  router.post('/services/:name/restart', async (req, res) => {
    client(req.params.name);
    await control.restart(req.params.name);
    res.json(control.status());
  });
  router.get('/faults', async (_req, res) => {
    const services = Object.keys(control.serviceUrls());
    const faults = await Promise.all(services.map(async (service) => (await client(service).listFaults()).map((f) => ({ service, ...f }))));
    res.json({ faults: faults.flat() });
  });
  router.get('/faults/:service', async (req, res) => {
    res.json({ faults: await client(req.params.service).listFaults() });
  });
  router.put('/faults/:service/:name', async (req, res) => {
    const { params, leaseSeconds } = parseParams(faultBody, req.body ?? {}, 'field');
    res.json(await client(req.params.service).enableFault(req.params.name, params, leaseSeconds === undefined ? {} : { leaseSeconds }));
  });
  router.delete('/faults/:service/:name', async (req, res) => {
    res.json(await client(req.params.service).disableFault(req.params.name));
  });
  router.use(notFound);
  router.use(serviceRefusals);
  router.use(errorHandler);
  return router;
}

/** A service's refusal passes through with its status and code. */
const serviceRefusals: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (err instanceof ServiceRefusal && err.status >= 400 && err.status < 500) {
    next(Object.assign(new AppError('BAD_REQUEST', err.reason), { status: err.status, code: err.code }));
    return;
  }
  next(err);
};
