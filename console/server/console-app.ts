import path from 'node:path';
import express, { type Express } from 'express';
import { errorHandler, notFound } from '../../services/kit/error-handler';
import { authRouter, loadSession, requireRole } from './auth';
import type { ConsoleLab } from './console-lab';
import { HeapDiffRunner } from './heap/heap-diff-runner';
import { heapRouter } from './heap/heap-routes';
import { SnapshotLibrary } from './heap/snapshot-library';
import { logRouter } from './logs/log-routes';
import { metricsRouter } from './metrics-routes';
import type { MetricsBackend } from '../metrics/metrics-backend';
import type { LabOps } from './ops/lab-ops';
import { opsRouter } from './ops/ops-routes';
import type { RoleResolver } from './roles';
import { classRouter } from './runs/class-routes';
import { Classroom } from './runs/classroom';
import type { RunLauncher } from './runs/run-launcher';
import { jsonBodyOnly } from '../../services/kit/json-body';
import { sameOriginOnly, securityHeaders } from './security';
import { SessionStore } from './sessions';

export interface ConsoleDeps {
  lab: ConsoleLab;
  roles: RoleResolver;
  metrics: MetricsBackend;
  ops: LabOps;
  launcher: RunLauncher;
  /** the built page: index.html, app.js, styles (dist/console/public) */
  publicDir: string;
  sessions?: SessionStore;
}

/**
 * The lab console: one page for learners and the instructor, and the JSON API behind it. Every
 * /api route but the login needs a session; the role decides, here on the server, what answers.
 */
export function createConsoleApp(deps: ConsoleDeps): Express {
  const { lab } = deps;
  const sessions = deps.sessions ?? new SessionStore();
  const services = (): string[] => lab.services().map((s) => s.name);
  const library = new SnapshotLibrary(path.join(lab.dir, 'console', 'heap'), (service) => {
    const entry = lab.services().find((s) => s.name === service);
    // The learners' token when the lab has one: the service scrubs what it sends them (the class shares these snapshots).
    return entry ? { baseUrl: entry.url, token: lab.learnerToken ?? lab.adminToken } : null;
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders);
  app.use(express.static(deps.publicDir, { index: 'index.html', maxAge: 0, etag: true }));

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  api.use(sameOriginOnly, jsonBodyOnly(), express.json({ limit: '600kb' }), loadSession(sessions));
  api.use('/session', authRouter(sessions, deps.roles));
  api.use(requireRole('instructor', 'learner'));
  api.get('/lab', (_req, res) => {
    res.json({ services: services(), metrics: deps.metrics.kind });
  });
  api.use(metricsRouter(deps.metrics));
  api.use('/logs', logRouter(path.join(lab.dir, 'logs'), services));
  api.use('/heap', heapRouter(library, new HeapDiffRunner()));
  const classroom = new Classroom(lab.dir);
  api.use(opsRouter(deps.ops, services, () => classroom.pagedService()));
  api.use(classRouter(classroom, deps.launcher, sessions));
  app.use('/api', api);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
