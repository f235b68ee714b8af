import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { parseParams } from '../params-validator';
import type { Actor } from '../roles';
import type { Deployment } from './deployment';

/** A lease from 5 s (a runner renews every few seconds) to an hour. */
const leaseSeconds = z.number().int().min(5).max(3_600);
const releaseBody = z.object({
  version: z.string().regex(/^[\w.+-]{1,40}$/),
  changelog: z.string().min(1).max(200),
  changes: z.record(z.string(), z.unknown()).default({}),
  leaseSeconds: leaseSeconds.optional(),
});
const configBody = z.object({ changes: z.record(z.string(), z.unknown()), note: z.string().max(200).optional(), leaseSeconds: leaseSeconds.optional() });
const leaseBody = z.object({ leaseSeconds: leaseSeconds.optional() });
const ms = (seconds: number | undefined): { leaseMs?: number } => (seconds === undefined ? {} : { leaseMs: seconds * 1000 });

/**
 * The instructor's side of the deployment (mounted at /__lab/deployment, instructor's token only):
 *   GET    /                    everything: releases with what each ships, configuration changes, the effective values
 *   POST   /releases            { version, changelog, changes, leaseSeconds? } a release goes out (applied live, no restart)
 *   DELETE /releases/:version   that release is rolled back (by the instructor)
 *   PATCH  /config              { changes, note?, leaseSeconds? } a change in the config store, outside any release
 *   PUT    /lease               { leaseSeconds? } renews every change held by a lease (a run holds what it
 *                               deployed so; unrenewed, a release is rolled back and a change undone by itself)
 *   POST   /reset               back to the releases the service started with, no configuration changes
 * Unknown fields and values out of range are refused with 400 naming each.
 */
export function deploymentRouter(deployment: Deployment): Router {
  const router = express.Router();
  const by = (res: Response): Actor => res.locals.actor as Actor;

  router.get('/', (_req, res) => {
    res.json(deployment.snapshot());
  });
  router.post('/releases', (req, res) => {
    const { leaseSeconds: lease, ...release } = parseParams(releaseBody, req.body ?? {}, 'field');
    res.status(201).json({ release: deployment.deploy(release, ms(lease)), ...deployment.snapshot() });
  });
  router.delete('/releases/:version', (req, res) => {
    if (!deployment.withdraw(req.params.version, by(res))) throw new AppError('RELEASE_NOT_FOUND', `no running release ${req.params.version}`);
    res.json(deployment.snapshot());
  });
  router.patch('/config', (req, res) => {
    const { changes, note, leaseSeconds: lease } = parseParams(configBody, req.body ?? {}, 'field');
    const changed = deployment.configure(changes, { source: 'config-store', by: by(res), ...(note ? { note } : {}), ...ms(lease) });
    res.json({ changed, ...deployment.snapshot() });
  });
  router.put('/lease', (req, res) => {
    const { leaseSeconds: lease } = parseParams(leaseBody, req.body ?? {}, 'field');
    res.json({ renewed: deployment.renewLeases(ms(lease).leaseMs), ...deployment.snapshot() });
  });
  router.post('/reset', (_req, res) => {
    deployment.reset();
    res.json(deployment.snapshot());
  });
  return router;
}
