import type { RequestHandler, Response } from 'express';
import type { Database } from '../kit/database';
import type { QueryRunner } from './widget-store';

export interface ConnectionSettings {
  /**
   * With a delay, each request holds one connection for its whole life (every statement of a request
   * sees the same session) and keeps it this long after its response, for the same client's next
   * request; 0: each statement takes a pooled connection and gives it back at once.
   */
  releaseDelayMs: number;
}

/**
 * Checks out the request's own connection when `releaseDelayMs` asks for one, and gives it back that
 * long after the response went out — unless the pool has none left: then the connections waiting
 * out their delay go back at once, so a request never waits for a connection that sits idle.
 */
export function requestConnection(db: Database, settings: ConnectionSettings): RequestHandler {
  const lingering = new Set<() => void>();
  const releaseLingering = (): void => {
    for (const release of [...lingering]) release();
  };
  return (_req, res, next) => {
    if (settings.releaseDelayMs <= 0) {
      next();
      return;
    }
    if (db.saturated) releaseLingering();
    db.connect().then(
      (client) => {
        let timer: NodeJS.Timeout | undefined;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          clearTimeout(timer);
          lingering.delete(release);
          client.release();
        };
        const linger = (): void => {
          if (released || timer) return;
          lingering.add(release);
          timer = setTimeout(release, settings.releaseDelayMs);
        };
        res.once('finish', linger);
        res.once('close', linger);
        res.locals.runner = { query: (name, text, values) => db.queryOn(client, name, text, values) } satisfies QueryRunner;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

/** The runner a handler should use: the request's own connection when it holds one, else the pool. */
export function runnerFor(res: Response, db: Database): QueryRunner {
  return (res.locals.runner as QueryRunner | undefined) ?? db;
}
