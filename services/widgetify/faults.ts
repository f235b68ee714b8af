import { deliverFault } from '../../catalogue/fault-delivery';
import { poolUnboundedParams } from './fault-params';

/**
 * pool-unbounded — incident 5 (Widgetify outage). It arrives as a configuration change outside
 * any release (the report's deploy diff showed nothing): the pool's maximum is raised far past what
 * PostgreSQL allows, idle connections are kept for minutes, and each request keeps its connection
 * `holdMs` after the response. Concurrency held = rate × (request time + holdMs): at the scenario's
 * ~150 req/s and the default 250 ms that is ~38 connections on its own, over the classroom
 * database's max_connections of 30-40 (less the other services' 20 and the exporter), so
 * PostgreSQL refuses new ones ("sorry, too many clients already", SQLSTATE 53300) and requests fail
 * with 503. A sane maximum removes the cause by itself: a pool that is full hands the connections
 * still waiting out their delay to the next requests (services/widgetify/request-connection.ts).
 * Rolling back the latest release changes nothing (it is not in any release); a restart gives no
 * lasting relief (the configuration stays).
 *
 * This module is the instructor's side (the catalogue's): the service never loads it.
 */
/** A pool maximum above this does not fit beside the other services in the lab's database. */
const SANE_POOL_MAX = 20;

export const widgetifyFaults = {
  'pool-unbounded': deliverFault({
    description: 'Pool max raised to `max`, idle connections kept, each request holding its connection `holdMs` after the response',
    params: poolUnboundedParams,
    arrives: { config: { note: 'pool tuned for connection reuse' } },
    changes: ({ max, holdMs }) => ({ 'pool.max': max, 'pool.idleTimeoutMs': 5 * 60_000, 'pool.releaseDelayMs': holdMs }),
    paramKeys: { max: 'pool.max', holdMs: 'pool.releaseDelayMs' },
    present: (c) => Number(c['pool.max']) > SANE_POOL_MAX && Number(c['pool.releaseDelayMs']) > 0,
  }),
};
