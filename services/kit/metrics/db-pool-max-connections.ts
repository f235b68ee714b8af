import { Gauge, type Registry } from 'prom-client';

export const DB_POOL_MAX_CONNECTIONS = 'db_pool_max_connections';

/**
 * The pool's configured maximum (connections). Beside db_pool_connections and PostgreSQL's own
 * max_connections it shows what a pool may take, not only what it holds now.
 */
export function createDbPoolMaxConnections(registry: Registry, collect?: (this: Gauge<'pool'>) => void): Gauge<'pool'> {
  return new Gauge({
    name: DB_POOL_MAX_CONNECTIONS,
    help: 'Maximum connections the pool may open (its configured max)',
    labelNames: ['pool'],
    registers: [registry],
    ...(collect ? { collect } : {}),
  });
}
