import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Lifecycle } from './lifecycle';

/** A dependency the service needs to serve: checked by /readyz. Resolves when reachable, throws otherwise. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * /healthz: the process is alive (a restart would not help otherwise).
 * /readyz: its dependencies answer and it is not shutting down (send it traffic).
 * /metrics: Prometheus text format.
 */
export function healthEndpoints(registry: Registry, lifecycle: Lifecycle, checks: ReadinessCheck[]): RequestHandler {
  const healthz: RequestHandler = (_req, res) => {
    res.json({ status: 'ok' });
  };
  const readyz: RequestHandler = async (_req, res) => {
    const results: Record<string, string> = {};
    await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          results[name] = 'ok';
        } catch (err) {
          results[name] = `failing: ${(err as Error).message}`;
        }
      }),
    );
    const ready = !lifecycle.shuttingDown && Object.values(results).every((r) => r === 'ok');
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : lifecycle.shuttingDown ? 'shutting-down' : 'not-ready',
      checks: results,
    });
  };
  const metrics: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
  const endpoints = new Map([
    ['/healthz', healthz],
    ['/readyz', readyz],
    ['/metrics', metrics],
  ]);
  // One lookup instead of a router layer per endpoint: this runs in front of every request.
  return (req, res, next) => {
    const endpoint = req.method === 'GET' || req.method === 'HEAD' ? endpoints.get(req.path) : undefined;
    if (endpoint) return endpoint(req, res, next);
    next();
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
