import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PORT_BASE, INFRASTRUCTURE_PORT_OFFSETS, SERVICE_CATALOGUE, type ServiceCatalogue, type ServiceEntry } from '../catalogue/service-catalogue';
import { AppError } from '../services/kit/errors';
import { Roles } from '../services/kit/roles';
import { AdminClient } from './admin-client';
import { startEmbeddedDatabase, useExistingDatabase, type DatabaseHandle } from './embedded-database';
import { startLabExporter } from './lab-exporter';
import { LAB_ENDPOINTS_FILE, LAB_EXPORTER, labStatePath, writeLabState, type LabState } from './lab-state';
import type { DatabaseEvent } from './postgres-supervisor';
import { ServiceProcess, type ServiceExit } from './service-process';
import { freePort } from './free-port';
import { checkDatabaseUrl } from './database-url';
import { clearLeftovers } from './leftovers';
import { orphanWatchdog } from './orphan-watchdog';
import { assertPortsFree } from './port-holder';

/** The embedded lab's own ports at the default port base (the services': the catalogue's). */
export const EXPORTER_PORT = DEFAULT_PORT_BASE + INFRASTRUCTURE_PORT_OFFSETS.exporter;
export const DATABASE_PORT = DEFAULT_PORT_BASE + INFRASTRUCTURE_PORT_OFFSETS.database;

/**
 * Deliberately small, as in the classroom stack: three services with pools of 10 fit, an
 * unbounded pool does not. 3 slots are reserved for superusers.
 */
export const DEFAULT_MAX_CONNECTIONS = 40;
/** As in the classroom stack (320 MiB containers, see docs/classroom.md), so V8 fails before the kernel's OOM killer. */
export const DEFAULT_MAX_OLD_SPACE_MB = 192;

export interface LabOptions {
  /** The lab's data folder (database, logs, state). */
  dir: string;
  /** Use this database instead of starting one (DATABASE_URL). */
  databaseUrl?: string | undefined;
  /** The instructor's token (LAB_ADMIN_TOKEN); a random one when not given. */
  adminToken?: string | undefined;
  /** The learners' token (LAB_LEARNER_TOKEN); a random one when not given. */
  learnerToken?: string | undefined;
  /** The services to run (default: the lab's catalogue; a test fixture may add one). */
  catalogue?: ServiceCatalogue;
  /** By service name, plus `exporter` and `database`; 0 everywhere picks free ports (tests). Default: the catalogue's at 4100. */
  ports?: Partial<Record<string, number>>;
  maxConnections?: number;
  maxOldSpaceMb?: number;
  /** Remove the database when the lab stops (tests). */
  ephemeral?: boolean;
  /** Write the state file that other commands read (`up` does; tests need not). */
  writeState?: boolean;
  extraEnv?: Record<string, string>;
  onProgress?: (message: string) => void;
  onExit?: (service: string, exit: ServiceExit) => void;
  /** The embedded PostgreSQL died, or was started again (also in logs/postgres.log and the lab's metrics). */
  onDatabaseEvent?: (event: DatabaseEvent) => void;
}

export class Lab {
  private stopped = false;
  private saving: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date().toISOString();

  private constructor(
    readonly dir: string,
    readonly adminToken: string,
    readonly learnerToken: string,
    readonly database: DatabaseHandle,
    readonly services: Map<string, ServiceProcess>,
    readonly exporterUrl: string,
    private readonly closeExporter: () => Promise<void>,
    private readonly writesState: boolean,
  ) {}

  static async start(options: LabOptions): Promise<Lab> {
    const dir = path.resolve(options.dir);
    const progress = options.onProgress ?? (() => undefined);
    const ports = options.ports ?? {};
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    const adminToken = options.adminToken || randomBytes(18).toString('base64url');
    const learnerToken = options.learnerToken || randomBytes(18).toString('base64url');
    if (learnerToken === adminToken) throw new Error('the learner token must differ from the instructor token');
    // What each service deployed lives here across its restarts; a new lab starts from the services' own releases.
    await rm(path.join(dir, 'state'), { recursive: true, force: true });
    const tokens = { adminToken, learnerToken };
    if (options.databaseUrl) checkDatabaseUrl(options.databaseUrl);
    // A lab that died here (kill -9, a crash of the machine) may have left processes and locks.
    if (options.writeState) await clearLeftovers(dir, progress);
    const catalogue = options.catalogue ?? SERVICE_CATALOGUE;
    await assertPortsFree({
      ...Object.fromEntries(catalogue.services.map((s) => [s.name, ports[s.name] ?? DEFAULT_PORT_BASE + s.portOffset])),
      'database metrics': ports.exporter ?? EXPORTER_PORT,
      ...(options.databaseUrl ? {} : { PostgreSQL: ports.database ?? DATABASE_PORT }),
    });

    progress(options.databaseUrl ? 'using the database at DATABASE_URL' : 'starting PostgreSQL');
    const databasePort = ports.database ?? DATABASE_PORT;
    const databaseLog = createWriteStream(path.join(dir, 'logs', 'postgres.log'), { flags: 'a' });
    let lab: Lab | undefined;
    const database = options.databaseUrl
      ? await useExistingDatabase(options.databaseUrl)
      : await startEmbeddedDatabase({
          dataDir: path.join(dir, options.ephemeral ? `postgres-${process.pid}-${Date.now()}` : 'postgres'),
          port: databasePort === 0 ? await freePort() : databasePort,
          maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
          ephemeral: options.ephemeral ?? false,
          onLog: (text) => databaseLog.write(text.endsWith('\n') ? text : text + '\n'),
          onEvent: (event) => {
            databaseLog.write(`[outage-lab supervisor] ${event.at} ${event.message}\n`);
            options.onDatabaseEvent?.(event);
          },
          // lab.json names the processes running now: the next `up` clears what a dead lab left.
          onPid: () => void lab?.saveState(),
        }).catch((err: unknown) => {
          databaseLog.end();
          throw err;
        });

    const services = new Map<string, ServiceProcess>();
    const started: Array<() => Promise<void>> = [];
    try {
      // One after the other: the services prepare their schemas (keeping the database calm), and a
      // service starts after the ones it calls, whose URLs it is given.
      for (const entry of catalogue.startOrder()) {
        progress(`starting ${entry.name}`);
        const service = await Lab.spawn(entry, dir, database, tokens, options, services, () => void lab?.saveState());
        started.push(() => service.stop());
      }
    } catch (err) {
      for (const stop of started.reverse()) await stop().catch(() => undefined);
      await database.stop();
      throw err;
    }

    const exporter = await startLabExporter({
      databaseUrl: database.url,
      port: ports.exporter ?? EXPORTER_PORT,
      roles: new Roles({ instructor: adminToken, learner: learnerToken }),
      instructorToken: adminToken,
      databaseRestarts: () => database.supervisor?.restarts ?? 0,
      control: {
        status: () => lab?.status(),
        restart: async (name) => {
          if (!lab) return;
          await lab.restart(name);
        },
        serviceUrls: () => Object.fromEntries([...services].flatMap(([name, s]) => (s.url ? [[name, s.url]] : []))),
      },
    });
    lab = new Lab(dir, adminToken, learnerToken, database, services, exporter.url, async () => {
      await exporter.close();
      databaseLog.end();
    }, options.writeState ?? false);
    await lab.saveState();
    return lab;
  }

  private static async spawn(
    entry: ServiceEntry,
    dir: string,
    database: DatabaseHandle,
    tokens: { adminToken: string; learnerToken: string },
    options: LabOptions,
    services: Map<string, ServiceProcess>,
    onStarted: () => void,
  ): Promise<ServiceProcess> {
    const name = entry.name;
    const port = options.ports?.[name] ?? DEFAULT_PORT_BASE + entry.portOffset;
    const calls = Object.entries(entry.calls).map(([variable, callee]) => [variable, services.get(callee)!.url!]);
    const service = new ServiceProcess({
      name,
      entry: path.join(__dirname, '..', entry.entry),
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        LAB_ADMIN_TOKEN: tokens.adminToken,
        LAB_LEARNER_TOKEN: tokens.learnerToken,
        STATE_DIR: path.join(dir, 'state', name),
        ...Object.fromEntries(calls),
        ...options.extraEnv,
      },
      maxOldSpaceMb: options.maxOldSpaceMb ?? DEFAULT_MAX_OLD_SPACE_MB,
      logFile: path.join(dir, 'logs', `${name}.log`),
      restartOnExit: true,
      onExit: (exit) => options.onExit?.(name, exit),
      onStarted,
    });
    services.set(name, service);
    await service.start();
    return service;
  }

  url(name: string): string {
    const url = this.services.get(name)?.url;
    if (!url) throw new Error(`${name} is not running`);
    return url;
  }

  admin(name: string): AdminClient {
    return new AdminClient(name, this.url(name), this.adminToken);
  }

  async restart(name: string): Promise<void> {
    const service = this.services.get(name);
    if (!service) throw new AppError('SERVICE_NOT_FOUND', `the lab runs no service named ${name}; it runs ${[...this.services.keys()].join(', ')}`);
    try {
      await service.restart();
    } catch (err) {
      throw new AppError('RESTART_FAILED', `${name} did not start again (${(err as Error).message}); the running process keeps serving`);
    }
  }

  status(): {
    services: Record<string, { url: string | undefined; pid: number | undefined; restarts: number; exits: ServiceExit[] }>;
    database: { owned: boolean; pid: number | undefined; running: boolean; restarts: number; events: DatabaseEvent[] };
  } {
    const supervisor = this.database.supervisor;
    return {
      services: Object.fromEntries(
        [...this.services].map(([name, s]) => [name, { url: s.url, pid: s.pid, restarts: s.restarts, exits: s.exits }]),
      ),
      database: {
        owned: this.database.owned,
        pid: supervisor?.pid,
        running: supervisor?.running ?? true,
        restarts: supervisor?.restarts ?? 0,
        events: supervisor?.events ?? [],
      },
    };
  }

  /** Rewrites lab.json (when this lab keeps one) with the processes running now. */
  async saveState(): Promise<void> {
    if (!this.writesState || this.stopped) return;
    this.saving = this.saving.then(() => (this.stopped ? undefined : writeLabState(this.state(), this.dir))).catch(() => undefined);
    await this.saving;
  }

  state(): LabState {
    return {
      pid: process.pid,
      startedAt: this.startedAt,
      ...(this.database.supervisor?.pid ? { databasePid: this.database.supervisor.pid } : {}),
      ...(orphanWatchdog.pid ? { watchdogPid: orphanWatchdog.pid } : {}),
      adminToken: this.adminToken,
      learnerToken: this.learnerToken,
      databaseUrl: this.database.url,
      services: {
        ...Object.fromEntries([...this.services].map(([name, s]) => [name, { url: s.url!, ...(s.pid ? { pid: s.pid } : {}) }])),
        [LAB_EXPORTER]: { url: this.exporterUrl },
      },
    };
  }

  /**
   * The lab is about to stop: the database is no longer started again when it exits. Ctrl-C in a
   * terminal reaches PostgreSQL too (the same process group), and its fast shutdown is not a death.
   */
  stopping(): void {
    this.database.supervisor?.halt();
  }

  /** Stops every service (draining), the exporter and the database the lab started. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.saving;
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.closeExporter();
    await this.database.stop();
    if (this.writesState) {
      await rm(labStatePath(this.dir), { force: true });
      await rm(path.join(this.dir, LAB_ENDPOINTS_FILE), { force: true });
    }
  }
}

