import { z } from 'zod';
import type { Database } from '../kit/database';
import type { FaultRegistry } from '../kit/fault-registry';
import type { ConnectionSettings } from './request-connection';

export interface WidgetifyParts {
  db: Database;
  connections: ConnectionSettings;
}

/**
 * pool-unbounded — incident 5 (Widgetify outage). A configuration change raises the pool's
 * maximum far past what PostgreSQL allows and switches to one connection per request, released
 * a little after the response. Concurrency held = rate × (request time + releaseDelayMs): at the
 * scenario's ~150 req/s and the default 250 ms that is ~38 connections on its own, over the
 * classroom database's max_connections of 30-40 (less the other services' 20 and the exporter),
 * so PostgreSQL refuses new ones ("sorry, too many clients already", SQLSTATE 53300) and requests
 * fail with 503. Switching off restores the pool and releases connections at once.
 */
export function registerWidgetifyFaults(faults: FaultRegistry, { db, connections }: WidgetifyParts): void {
  const healthy = { pool: db.poolSettings, connections: { ...connections } };
  faults.define({
    name: 'pool-unbounded',
    description: 'Pool max raised to `max` with one connection held per request and released `holdMs` after the response',
    params: z.object({
      max: z.number().int().min(1).max(10_000).default(500),
      holdMs: z.number().int().min(0).max(60_000).default(250),
    }),
    enable: ({ max, holdMs }) => {
      db.reconfigure({ max, idleTimeoutMillis: 5 * 60_000 });
      Object.assign(connections, { perRequest: true, releaseDelayMs: holdMs });
    },
    disable: () => {
      Object.assign(connections, healthy.connections);
      db.reconfigure(healthy.pool);
    },
  });
}
