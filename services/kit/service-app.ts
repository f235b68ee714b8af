import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import express, { type Express, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import { adminRouter } from './admin-router';
import { errorHandler, notFound } from './error-handler';
import { healthEndpoints } from './health-endpoints';
import { httpDuration, instrumentedRouter, routeTemplate } from './http-metrics';
import { declareDeployment, type ServiceKit } from './service-kit';

const REQUEST_ID = /^[\w.-]{1,64}$/;
const QUIET_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

/**
 * The Express app every service shares: request ids and JSON logs, request metrics, health and
 * metrics endpoints, the admin API, the service's own routes, and the central error handler.
 * `mountRoutes` receives a router whose routes are instrumented.
 */
export function createServiceApp(kit: ServiceKit, mountRoutes: (router: Router) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use(
    pinoHttp({
      logger: kit.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Probes and admin calls are not the service's traffic.
      autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url ?? '') || (req.url ?? '').startsWith('/__lab') },
      // The route template beside the URL, so logs can be searched by route as the metrics are labelled.
      customSuccessObject: (req, _res, value: object) => ({ ...value, route: routeTemplate(req as express.Request) }),
      customErrorObject: (req, _res, _err, value: object) => ({ ...value, route: routeTemplate(req as express.Request) }),
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Raw objects straight to our small serializers: pino-std-serializers would copy every header
      // first, and a child logger per custom prop doubled the cost of logging a request.
      wrapSerializers: false,
      serializers: {
        req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.originalUrl ?? req.url,
          userId: req.headers['x-user-id'],
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    }),
  );
  app.use(httpDuration(kit.registry));
  const json = express.json({ limit: '100kb' });
  app.use((req, res, next) => {
    // While draining, tell keep-alive clients to go elsewhere after this response.
    if (kit.lifecycle.shuttingDown) res.setHeader('connection', 'close');
    if (req.method === 'GET' || req.method === 'HEAD') next();
    else json(req, res, next);
  });

  app.use(healthEndpoints(kit.registry, kit.lifecycle, kit.readiness));
  // A service with no settings of its own still has a release history for `ops releases`.
  if (!kit.deployment) declareDeployment(kit, {}, [{ version: '1.0.0', changelog: 'First release', daysAgo: 30 }]);
  app.use('/__lab', adminRouter(kit));

  const router = instrumentedRouter(kit.registry);
  mountRoutes(router);
  app.use(router);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
