import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Actor } from '../roles';
import { parseParams } from '../params-validator';
import { parse } from '../validation';
import type { Deployment } from './deployment';
import type { OpsEntry } from './deployment-state';

/** Asks whoever runs the process for a rolling restart (the supervisor, or the container's restart policy). */
export interface Restarter {
  request(reason: string): void;
}

const rollbackBody = z.object({ version: z.string().min(1).max(40).optional() });
const logQuery = z.object({ since: z.iso.datetime({ offset: true }).optional() });

/**
 * The on-call's operations on this service (mounted at /__lab/ops, the learner's token is enough):
 *   GET   /releases   what was deployed, newest first, and what runs now
 *   POST  /rollback   { "version"? } back to that release (default: the one before), then a rolling restart, as a redeploy
 *   GET   /settings   the settings, their values and where each value comes from
 *   PATCH /settings   { "<key>": value, ... } applied at once, validated first (400 naming each problem)
 *   POST  /restart    a rolling restart (202: the new process takes over once it serves)
 *   POST  /ack        the on-call takes the incident paged for this service (`outage-lab ack`)
 *   GET   /log        the operations done on this service (?since=ISO time)
 * Every operation is logged with who did it, and so is a refused one.
 */
export function opsRouter(deployment: Deployment, restarter: Restarter): Router {
  const router = express.Router();
  const actor = (res: Response): Actor => res.locals.actor as Actor;
  const logged = (action: string, run: (req: Request, by: Actor) => { detail: string; result?: string; body: unknown; status?: number }) =>
    (req: Request, res: Response): void => {
      const by = actor(res);
      const entry = (detail: string, result: string): OpsEntry =>
        deployment.record({ role: by.role, ...(by.name ? { name: by.name } : {}), ...via(req), action, detail, result });
      try {
        const done = run(req, by);
        entry(done.detail, done.result ?? 'ok');
        res.status(done.status ?? 200).json(done.body);
      } catch (err) {
        if (err instanceof AppError) entry(describeAttempt(action, req), `refused: ${err.code}: ${err.message}`);
        throw err;
      }
    };

  router.get('/releases', (_req, res) => {
    res.json({ service: deployment.service, running: deployment.version, releases: deployment.releases() });
  });

  router.post(
    '/rollback',
    logged('rollback', (req, by) => {
      const { version } = parseParams(rollbackBody, req.body ?? {}, 'field');
      const done = deployment.rollback(version, by);
      restarter.request(`rolled back to ${done.to}`);
      return { detail: `${done.from} → ${done.to}`, body: { service: deployment.service, ...done, restarting: true } };
    }),
  );

  router.get('/settings', (_req, res) => {
    res.json({ service: deployment.service, settings: deployment.settings() });
  });

  router.patch(
    '/settings',
    logged('set', (req, by) => {
      const changed = deployment.configure(req.body ?? {}, { source: 'ops', by });
      return { detail: changed.map((c) => `${c.key} ${c.from} → ${c.to}`).join(', '), body: { service: deployment.service, changed } };
    }),
  );

  router.post(
    '/restart',
    logged('restart', () => {
      restarter.request('restart asked for');
      return { detail: `rolling restart of ${deployment.service} ${deployment.version}`, status: 202, body: { service: deployment.service, restarting: true } };
    }),
  );

  router.post('/ack', (req, res) => {
    const by = actor(res);
    const entry = deployment.record({ role: by.role, ...(by.name ? { name: by.name } : {}), ...via(req), action: 'acknowledge', detail: 'took the incident', result: 'ok' });
    res.json({ service: deployment.service, acknowledgedAt: entry.at, by: by.name ?? `the ${by.role}` });
  });

  router.get('/log', (req, res) => {
    const { since } = parse(logQuery, req.query);
    res.json({ service: deployment.service, entries: deployment.log(since ? new Date(since) : undefined) });
  });
  return router;
}

/** Logs a diagnosis (snapshot, profile) as an operation of whoever asked for it. */
export function recordDiagnosis(deployment: Deployment, req: Request, res: Response, action: string, detail: string, result = 'ok'): void {
  const by = res.locals.actor as Actor | undefined;
  if (!by) return;
  deployment.record({ role: by.role, ...(by.name ? { name: by.name } : {}), ...via(req), action, detail, result });
}

/** `x-requested-by`: which client acted (the drill's runner marks its own calls), short and plain. */
function via(req: Request): { via?: string } {
  const value = req.get('x-requested-by');
  return value && /^[\w.-]{1,32}$/.test(value) ? { via: value } : {};
}

function describeAttempt(action: string, req: Request): string {
  const body = req.body && typeof req.body === 'object' && Object.keys(req.body as object).length > 0 ? ` ${JSON.stringify(req.body).slice(0, 200)}` : '';
  return `${action}${body}`;
}
