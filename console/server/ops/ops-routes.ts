import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../services/kit/errors';
import { sessionOf } from '../auth';
import type { Actor, LabOps } from './lab-ops';

const rollbackSchema = z.object({ version: z.string().max(40).optional() });
const setSchema = z.object({ key: z.string().min(1).max(64), value: z.string().max(200) });
const profileSchema = z.object({ service: z.string().min(1).max(64), seconds: z.number().int().min(1).max(60) });

interface StoredProfile {
  id: string;
  service: string;
  seconds: number;
  takenAt: string;
  takenBy: string;
  bytes: number;
  data: Buffer;
}
/** Profiles are kept in memory (a few hundred kB each); the oldest go beyond this many. */
const MAX_PROFILES = 12;

/** /api/ops/:service (releases, settings, restart, rollback, set), /api/profiles, /api/incident/ack. */
export function opsRouter(ops: LabOps, services: () => string[], pagedService: () => Promise<string>): Router {
  const router = express.Router();
  const profiles: StoredProfile[] = [];
  const actorOf = (req: express.Request): Actor => {
    const s = sessionOf(req)!;
    return { role: s.role, learner: s.learner };
  };
  const known = (service: string): string => {
    if (!services().includes(service)) throw new AppError('VALIDATION_FAILED', `unknown service ${service}; the lab runs ${services().join(', ')}`);
    return service;
  };

  router.get('/ops/:service', async (req, res) => {
    const described = await ops.describe(known(req.params.service));
    res.json({ service: req.params.service, offered: described !== null, ...(described ?? { releases: [], settings: [] }) });
  });
  router.post('/ops/:service/restart', async (req, res) => {
    res.json(await ops.restart(known(req.params.service), actorOf(req)));
  });
  router.post('/ops/:service/rollback', async (req, res) => {
    const parsed = rollbackSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'version: a release version such as 4.1.0');
    res.json(await ops.rollback(known(req.params.service), parsed.data.version, actorOf(req)));
  });
  router.post('/ops/:service/settings', async (req, res) => {
    const parsed = setSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'give {"key": setting, "value": new value}');
    res.json(await ops.set(known(req.params.service), parsed.data.key, parsed.data.value, actorOf(req)));
  });

  router.get('/profiles', (_req, res) => {
    res.json({ profiles: profiles.map(({ data: _, ...info }) => info) });
  });
  router.post('/profiles', async (req, res) => {
    const parsed = profileSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'give {"service": name, "seconds": 1-60}');
    const { service, seconds } = parsed.data;
    const data = await ops.profile(known(service), seconds);
    const takenAt = new Date().toISOString();
    const profile: StoredProfile = {
      id: `${service}-${takenAt.replace(/[-:]/g, '').replace('.', '-')}`,
      service,
      seconds,
      takenAt,
      takenBy: actorOf(req).learner ?? 'instructor',
      bytes: data.length,
      data,
    };
    profiles.unshift(profile);
    profiles.splice(MAX_PROFILES);
    const { data: _, ...info } = profile;
    res.status(201).json(info);
  });
  router.get('/profiles/:id/file', (req, res) => {
    const profile = profiles.find((p) => p.id === req.params.id);
    if (!profile) throw new AppError('NOT_FOUND', 'No such profile');
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-disposition', `attachment; filename="${profile.id}.cpuprofile"`);
    res.send(profile.data);
  });

  router.post('/incident/ack', async (req, res) => {
    // The page is about the current run's service: the learner acknowledges it without naming anything.
    res.json(await ops.acknowledge(await pagedService(), actorOf(req)));
  });
  return router;
}
