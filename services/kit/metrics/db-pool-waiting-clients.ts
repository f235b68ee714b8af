import { Gauge, type Registry } from 'prom-client';

export const DB_POOL_WAITING_CLIENTS = 'db_pool_waiting_clients';

export function createDbPoolWaitingClients(registry: Registry, collect?: (this: Gauge<'pool'>) => void): Gauge<'pool'> {
  return new Gauge({
    name: DB_POOL_WAITING_CLIENTS,
    help: 'Queries waiting for a connection from the pool',
    labelNames: ['pool'],
    registers: [registry],
    ...(collect ? { collect } : {}),
  });
}
