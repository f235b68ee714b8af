import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { Counter, Gauge, Registry } from 'prom-client';
import { LAB_DATABASE_RESTARTS } from '../services/kit/metrics/lab-database';
import type { Roles } from '../services/kit/roles';
import { PG_SETTINGS_MAX_CONNECTIONS, PG_STAT_ACTIVITY_COUNT, PG_UP } from '../services/kit/metrics/postgres-exporter';
import { labControlRouter, type LabControl } from './lab-control-router';

/**
 * The embedded lab's own endpoint. /metrics exposes PostgreSQL's side of the connections under
 * the names prometheus-postgres-exporter uses in the Docker stack (so rules and dashboards are
 * the same in both modes). /lab/* is the lab's control API (lab-control-router.ts), the instructor's.
 */
export async function startLabExporter(options: {
  databaseUrl: string;
  port: number;
  roles: Roles;
  instructorToken: string;
  control: LabControl;
  /** How often the lab started its PostgreSQL again after it died. */
  databaseRestarts?: () => number;
}): Promise<{ url: string; close(): Promise<void> }> {
  const registry = new Registry();
  let client: Client | undefined;
  const connect = async (): Promise<Client> => {
    if (client) return client;
    const c = new Client({ connectionString: options.databaseUrl, application_name: 'lab-exporter', connectionTimeoutMillis: 2_000 });
    c.on('error', () => {
      client = undefined;
    });
    await c.connect();
    client = c;
    return c;
  };
  const up = new Gauge({ name: PG_UP, help: 'Whether the last scrape of PostgreSQL succeeded', registers: [registry] });
  const maxConnections = new Gauge({ name: PG_SETTINGS_MAX_CONNECTIONS, help: 'PostgreSQL max_connections', registers: [registry] });
  const activity = new Gauge({
    name: PG_STAT_ACTIVITY_COUNT,
    help: 'Connections to PostgreSQL by database and state (pg_stat_activity)',
    labelNames: ['datname', 'state'],
    registers: [registry],
  });
  const databaseRestarts = options.databaseRestarts;
  new Counter({
    name: LAB_DATABASE_RESTARTS,
    help: 'Times the lab started its PostgreSQL again after it died',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(databaseRestarts?.() ?? 0);
    },
  });
  const scrape = async (): Promise<void> => {
    activity.reset();
    try {
      const c = await connect();
      const { rows } = await c.query<{ datname: string; state: string; count: string }>(
        `SELECT coalesce(datname, '') AS datname, coalesce(state, 'unknown') AS state, count(*) AS count
           FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1, 2`,
      );
      for (const r of rows) activity.set({ datname: r.datname, state: r.state }, Number(r.count));
      const max = await c.query<{ max_connections: string }>('SHOW max_connections');
      maxConnections.set(Number(max.rows[0]!.max_connections));
      up.set(1);
    } catch {
      up.set(0);
      await client?.end().catch(() => undefined);
      client = undefined;
    }
  };

  // Hold a connection from the start, as postgres_exporter does: once the database is full, a
  // first connection would be refused and the very numbers that show it would be missing.
  await scrape();

  const app = express();
  app.get('/metrics', async (_req, res) => {
    await scrape();
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use('/lab', labControlRouter(options.control, options.roles, options.instructorToken));

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client?.end().catch(() => undefined);
    },
  };
}
