import { z } from 'zod';
import type { Database } from '../kit/database';
import type { Deployment } from '../kit/deployment/deployment';
import { declareDeployment, type ServiceKit } from '../kit/service-kit';
import type { ConnectionSettings } from './request-connection';

/** What went out before: the history `ops releases widgetify` starts with. */
export const WIDGETIFY_RELEASES = [
  { version: '2.12.0', changelog: 'Widget search by name prefix', daysAgo: 31 },
  { version: '2.13.0', changelog: 'Create widgets with a colour and a price', daysAgo: 13 },
  { version: '2.13.1', changelog: 'Clearer error when the database is unavailable', daysAgo: 5 },
];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Widgetify's settings: its pool, and how long a request keeps its connection. */
export function deployWidgetify(kit: ServiceKit, db: Database, connections: ConnectionSettings): Deployment {
  const pool = db.poolSettings;
  const deployment = declareDeployment(
    kit,
    {
      'pool.max': { description: 'Most database connections the pool opens', schema: int(1, 10_000), default: pool.max },
      'pool.idleTimeoutMs': { description: 'An idle connection is closed after this long', schema: int(100, 3_600_000), default: pool.idleTimeoutMillis },
      'pool.connectionTimeoutMs': { description: 'How long a request waits for a connection before 503 DB_TIMEOUT', schema: int(100, 60_000), default: pool.connectionTimeoutMillis },
      'pool.releaseDelayMs': {
        description: "How long a request keeps its connection after its response, for the client's next request (0: statements share the pool)",
        schema: int(0, 60_000),
        default: connections.releaseDelayMs,
      },
    },
    WIDGETIFY_RELEASES,
  );
  deployment.bind(['pool.max', 'pool.idleTimeoutMs', 'pool.connectionTimeoutMs'], (c) =>
    db.reconfigure({ max: c.number('pool.max'), idleTimeoutMillis: c.number('pool.idleTimeoutMs'), connectionTimeoutMillis: c.number('pool.connectionTimeoutMs') }),
  );
  deployment.bind(['pool.releaseDelayMs'], (c) => (connections.releaseDelayMs = c.number('pool.releaseDelayMs')));
  return deployment;
}
