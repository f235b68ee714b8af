import type { RequestHandler, Response } from 'express';
import type { Database } from '../kit/database';
import type { QueryRunner } from './widget-store';

export interface ConnectionSettings {
  /** Hold one connection for the whole request, so every statement of a request sees the same session. */
  perRequest: boolean;
  /** Wait this long after the response before the connection goes back to the pool. */
  releaseDelayMs: number;
}

/**
 * With `perRequest`, each request checks out a connection when it starts and gives it back when
 * its response has gone out; otherwise statements take a pooled connection each.
 */
export function requestConnection(db: Database, settings: ConnectionSettings): RequestHandler {
  return (_req, res, next) => {
    if (!settings.perRequest) {
      next();
      return;
    }
    db.connect().then(
      (client) => {
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          // Let the response flush before the connection is reused.
          setTimeout(() => client.release(), settings.releaseDelayMs);
        };
        res.once('finish', release);
        res.once('close', release);
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
