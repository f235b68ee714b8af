import express, { type Router } from 'express';
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
export function healthRouter(registry: Registry, lifecycle: Lifecycle, checks: ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
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
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
