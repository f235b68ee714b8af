import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import type { Registry } from 'prom-client';
import { AppError } from './errors';
import { createDbPoolConnections, DB_POOL_CONNECTIONS } from './metrics/db-pool-connections';
import { createDbPoolMaxConnections, DB_POOL_MAX_CONNECTIONS } from './metrics/db-pool-max-connections';
import { createDbPoolWaitingClients, DB_POOL_WAITING_CLIENTS } from './metrics/db-pool-waiting-clients';
import { createDbQueryDuration, DB_QUERY_DURATION_SECONDS } from './metrics/db-query-duration';
import { sharedMetric } from './metrics/service-registry';

export interface DatabaseOptions {
  connectionString: string;
  /** Names the pool in metrics and in PostgreSQL's pg_stat_activity (application_name). */
  name: string;
  max?: number;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
}

export interface PoolSettings {
  max: number;
  idleTimeoutMillis: number;
  connectionTimeoutMillis: number;
}

/** SQLSTATE classes that mean "the database cannot serve us now" rather than a bug in the query. */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '53400', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * A pg Pool with its counters exported to Prometheus and every query timed by name. Errors that
 * mean the database is out of reach become 503s with a stable code (DB_UNAVAILABLE, DB_TIMEOUT).
 */
export class Database {
  pool: Pool;
  private readonly queryDuration;
  private settings: PoolSettings;

  constructor(
    private readonly options: DatabaseOptions,
    private readonly registry: Registry,
  ) {
    this.settings = {
      max: options.max ?? 10,
      idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
      // Never 0: with no timeout a request waits for a connection forever.
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2_000,
    };
    this.pool = this.createPool();
    this.queryDuration = sharedMetric(registry, DB_QUERY_DURATION_SECONDS, createDbQueryDuration);
  }

  get poolSettings(): PoolSettings {
    return { ...this.settings };
  }

  /**
   * Applies new pool settings (a configuration reload): new checkouts go to a new pool, and the
   * old one closes once its clients come back.
   */
  reconfigure(settings: Partial<PoolSettings>): void {
    const next = { ...this.settings, ...settings };
    if (next.max === this.settings.max && next.idleTimeoutMillis === this.settings.idleTimeoutMillis && next.connectionTimeoutMillis === this.settings.connectionTimeoutMillis) return;
    this.settings = next;
    const old = this.pool;
    this.pool = this.createPool();
    void old.end().catch(() => undefined);
  }

  private createPool(): Pool {
    const pool = new Pool({
      connectionString: this.options.connectionString,
      application_name: this.options.name,
      statement_timeout: this.options.statementTimeoutMillis ?? 5_000,
      ...this.settings,
    });
    // An idle client whose connection dies emits 'error' on the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    watchPool(this.registry, this.options.name, pool);
    return pool;
  }

  /** Every connection the pool may open is checked out: a new request would wait for one. */
  get saturated(): boolean {
    return this.pool.totalCount >= this.settings.max && this.pool.idleCount === 0;
  }

  /** Runs one query, timed under `name` (a fixed identifier, never the SQL or its parameters). */
  async query<R extends QueryResultRow = QueryResultRow>(name: string, text: string, values?: unknown[]): Promise<QueryResult<R>> {
    const end = this.queryDuration.startTimer({ query: name });
    try {
      const result = await this.pool.query<R>(text, values);
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: 'error' });
      throw toDatabaseError(err);
    }
  }

  /** Runs a query on a client the caller already holds, timed like `query`. */
  async queryOn<R extends QueryResultRow = QueryResultRow>(
    client: PoolClient,
    name: string,
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    const end = this.queryDuration.startTimer({ query: name });
    try {
      const result = await client.query<R>(text, values);
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: 'error' });
      throw toDatabaseError(err);
    }
  }

  /** A client of its own for several statements (a transaction); always released. */
  async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw toDatabaseError(err);
    }
  }

  async ping(): Promise<void> {
    await this.query('health.ping', 'SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const watchedPools = new WeakMap<Registry, Map<string, Pool>>();

/** Pool gauges are read from the pools' own counters at scrape time, so they are never stale. */
function watchPool(registry: Registry, name: string, pool: Pool): void {
  let pools = watchedPools.get(registry);
  if (!pools) {
    const known = new Map<string, Pool>();
    pools = known;
    watchedPools.set(registry, known);
    sharedMetric(registry, DB_POOL_CONNECTIONS, (r) =>
      createDbPoolConnections(r, function () {
        for (const [pool, p] of known) {
          this.set({ pool, state: 'active' }, p.totalCount - p.idleCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
        }
      }),
    );
    sharedMetric(registry, DB_POOL_WAITING_CLIENTS, (r) =>
      createDbPoolWaitingClients(r, function () {
        for (const [pool, p] of known) this.set({ pool }, p.waitingCount);
      }),
    );
    sharedMetric(registry, DB_POOL_MAX_CONNECTIONS, (r) =>
      createDbPoolMaxConnections(r, function () {
        for (const [pool, p] of known) this.set({ pool }, p.options.max ?? 10);
      }),
    );
  }
  pools.set(name, pool);
}

export function toDatabaseError(err: unknown): Error {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  const message = e?.message ?? String(err);
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)) {
    return new AppError('DB_TIMEOUT', 'Timed out waiting for a database connection', undefined, { cause: err });
  }
  if (e?.code === '57014') return new AppError('DB_TIMEOUT', 'The database query took too long', undefined, { cause: err });
  if ((e?.code && (UNAVAILABLE_SQLSTATES.has(e.code) || NETWORK_CODES.has(e.code))) || /Connection terminated/i.test(message)) {
    return new AppError('DB_UNAVAILABLE', `The database refused the connection: ${message}`, undefined, { cause: err });
  }
  return err instanceof Error ? err : new Error(message);
}

/**
 * Creates schema and seed data once, whatever the number of instances starting at the same time:
 * the statements run in one transaction under an advisory lock, and must themselves be idempotent.
 */
export async function migrate(db: Database, lockKey: number, statements: string[]): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Seeding can take longer than a request may; on a busy machine much longer.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
