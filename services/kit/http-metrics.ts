import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import { createHttpRequestDuration, HTTP_REQUEST_DURATION_SECONDS } from './metrics/http-request-duration';
import { createHttpRequestsInFlight, HTTP_REQUESTS_IN_FLIGHT } from './metrics/http-requests-in-flight';
import { sharedMetric } from './metrics/service-registry';

/** Label for requests no route matched: raw URLs never become labels (unbounded cardinality). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template of a request once routing is done ("/widgets/:id/render"), or UNMATCHED_ROUTE.
 * Express sets req.route on the matched layer; the router's mount path is in req.baseUrl.
 */
export function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  return UNMATCHED_ROUTE;
}

/** Observes every response's duration, labelled by route template, method and status code. */
export function httpDuration(registry: Registry): RequestHandler {
  const duration = sharedMetric(registry, HTTP_REQUEST_DURATION_SECONDS, createHttpRequestDuration);
  return (req, res, next) => {
    // The lab's own control traffic is not the service's traffic.
    if (req.path.startsWith('/__lab')) {
      next();
      return;
    }
    const start = process.hrtime.bigint();
    let observed = false;
    const done = (): void => {
      if (observed) return;
      observed = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      duration.observe({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) }, seconds);
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

/**
 * An Express router whose routes count their requests in flight. The count starts when a route
 * matches (the template is known only then) and ends when the response finishes or the client goes.
 */
export function instrumentedRouter(registry: Registry): Router {
  const inFlight = sharedMetric(registry, HTTP_REQUESTS_IN_FLIGHT, createHttpRequestsInFlight);
  const track: RequestHandler = (req, res, next) => {
    const route = req.route as { methods: Record<string, boolean> };
    const method = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
    if (route.methods[method]) {
      const labels = { method: req.method, route: routeTemplate(req) };
      inFlight.inc(labels);
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        inFlight.dec(labels);
      };
      res.once('finish', end);
      res.once('close', end);
    }
    next();
  };
  const router = express.Router();
  const makeRoute = router.route.bind(router);
  router.route = ((path: string) => makeRoute(path).all(track)) as Router['route'];
  return router;
}
