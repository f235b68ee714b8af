import { Gauge, type Registry } from 'prom-client';

export const DB_POOL_CONNECTIONS = 'db_pool_connections';

/** Connections the pool holds, by state (active = checked out, idle = ready); their sum is the pool's total. */
export function createDbPoolConnections(
  registry: Registry,
  collect?: (this: Gauge<'pool' | 'state'>) => void,
): Gauge<'pool' | 'state'> {
  return new Gauge({
    name: DB_POOL_CONNECTIONS,
    help: 'Database connections held by the pool, by state',
    labelNames: ['pool', 'state'],
    registers: [registry],
    ...(collect ? { collect } : {}),
  });
}
