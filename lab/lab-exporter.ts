import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { requireAdminToken } from '../services/kit/admin-auth';

export const PG_STAT_ACTIVITY_COUNT = 'pg_stat_activity_count';
export const PG_SETTINGS_MAX_CONNECTIONS = 'pg_settings_max_connections';
export const PG_UP = 'pg_up';

export interface LabControl {
  status(): unknown;
  restart(service: string): Promise<void>;
}

/**
 * The embedded lab's own endpoint. /metrics exposes PostgreSQL's side of the connections under
 * the names prometheus-postgres-exporter uses in the Docker stack (so rules and dashboards are
 * the same in both modes). /lab/* lets other commands restart services, behind the admin token.
 */
export async function startLabExporter(options: {
  databaseUrl: string;
  port: number;
  adminToken: string;
  control: LabControl;
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
  app.use('/lab', requireAdminToken(options.adminToken));
  app.get('/lab/status', (_req, res) => {
    res.json(options.control.status());
  });
  app.post('/lab/services/:name/restart', async (req, res) => {
    await options.control.restart(req.params.name);
    res.json(options.control.status());
  });
  app.use((err: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ error: { code: err.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: err.message } });
  });

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
