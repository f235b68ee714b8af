import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../services/kit/errors';
import { AdminClient } from './admin-client';
import { startEmbeddedDatabase, useExistingDatabase, type DatabaseHandle } from './embedded-database';
import { startLabExporter } from './lab-exporter';
import { labStatePath, writeLabState, type LabState } from './lab-state';
import { ServiceProcess, type ServiceExit } from './service-process';
import { freePort } from './free-port';

/** The embedded lab's processes and their default ports (the Docker stack publishes the same ones). */
export const LAB_SERVICES = {
  'widget-api': { entry: 'services/widget-api/server.js', port: 4101 },
  storefront: { entry: 'services/storefront/server.js', port: 4102 },
  widgetify: { entry: 'services/widgetify/server.js', port: 4103 },
  'partner-api': { entry: 'services/partner-api/server.js', port: 4104 },
} as const;
export type LabServiceName = keyof typeof LAB_SERVICES;
export const EXPORTER_PORT = 4109;
export const DATABASE_PORT = 4132;

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
  adminToken?: string | undefined;
  /** 0 everywhere picks free ports (tests). */
  ports?: Partial<Record<LabServiceName | 'exporter' | 'database', number>>;
  maxConnections?: number;
  maxOldSpaceMb?: number;
  /** Faults to switch on at start, per service (LAB_FAULTS). */
  startupFaults?: Partial<Record<LabServiceName, Record<string, Record<string, unknown>>>>;
  /** Remove the database when the lab stops (tests). */
  ephemeral?: boolean;
  /** Write the state file that other commands read (`up` does; tests need not). */
  writeState?: boolean;
  extraEnv?: Record<string, string>;
  onProgress?: (message: string) => void;
  onExit?: (service: LabServiceName, exit: ServiceExit) => void;
}

export class Lab {
  private constructor(
    readonly dir: string,
    readonly adminToken: string,
    readonly database: DatabaseHandle,
    readonly services: Map<LabServiceName, ServiceProcess>,
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

    progress(options.databaseUrl ? 'using the database at DATABASE_URL' : 'starting PostgreSQL');
    const databasePort = ports.database ?? DATABASE_PORT;
    const database = options.databaseUrl
      ? await useExistingDatabase(options.databaseUrl)
      : await startEmbeddedDatabase({
          dataDir: path.join(dir, options.ephemeral ? `postgres-${process.pid}-${Date.now()}` : 'postgres'),
          port: databasePort === 0 ? await freePort() : databasePort,
          maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
          ephemeral: options.ephemeral ?? false,
          onLog: () => undefined,
        });

    const services = new Map<LabServiceName, ServiceProcess>();
    const started: Array<() => Promise<void>> = [];
    try {
      const partner = await Lab.spawn('partner-api', dir, database, adminToken, options, services, undefined);
      started.push(() => partner.stop());
      // The three services prepare their schemas; start them one after the other to keep the database calm.
      for (const name of ['widget-api', 'storefront', 'widgetify'] as const) {
        progress(`starting ${name}`);
        const service = await Lab.spawn(name, dir, database, adminToken, options, services, partner.url);
        started.push(() => service.stop());
      }
    } catch (err) {
      for (const stop of started.reverse()) await stop().catch(() => undefined);
      await database.stop();
      throw err;
    }

    let lab: Lab | undefined;
    const exporter = await startLabExporter({
      databaseUrl: database.url,
      port: ports.exporter ?? EXPORTER_PORT,
      adminToken,
      control: {
        status: () => lab?.status(),
        restart: async (name) => {
          if (!lab) return;
          await lab.restart(name as LabServiceName);
        },
      },
    });
    lab = new Lab(dir, adminToken, database, services, exporter.url, exporter.close, options.writeState ?? false);
    if (lab.writesState) await writeLabState(lab.state(), dir);
    return lab;
  }

  private static async spawn(
    name: LabServiceName,
    dir: string,
    database: DatabaseHandle,
    adminToken: string,
    options: LabOptions,
    services: Map<LabServiceName, ServiceProcess>,
    partnerUrl: string | undefined,
  ): Promise<ServiceProcess> {
    const port = options.ports?.[name] ?? LAB_SERVICES[name].port;
    const faults = options.startupFaults?.[name];
    const service = new ServiceProcess({
      name,
      entry: path.join(__dirname, '..', LAB_SERVICES[name].entry),
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        LAB_ADMIN_TOKEN: adminToken,
        ...(partnerUrl ? { PARTNER_URL: partnerUrl } : {}),
        ...(faults ? { LAB_FAULTS: JSON.stringify(faults) } : {}),
        ...options.extraEnv,
      },
      maxOldSpaceMb: options.maxOldSpaceMb ?? DEFAULT_MAX_OLD_SPACE_MB,
      logFile: path.join(dir, 'logs', `${name}.log`),
      restartOnExit: true,
      onExit: (exit) => options.onExit?.(name, exit),
    });
    services.set(name, service);
    await service.start();
    return service;
  }

  url(name: LabServiceName): string {
    const url = this.services.get(name)?.url;
    if (!url) throw new Error(`${name} is not running`);
    return url;
  }

  admin(name: LabServiceName): AdminClient {
    return new AdminClient(name, this.url(name), this.adminToken);
  }

  async restart(name: LabServiceName): Promise<void> {
    const service = this.services.get(name);
    if (!service) throw new AppError('NOT_FOUND', `No service named ${name}`);
    await service.restart();
  }

  status(): { services: Record<string, { url: string | undefined; pid: number | undefined; restarts: number; exits: ServiceExit[] }> } {
    return {
      services: Object.fromEntries(
        [...this.services].map(([name, s]) => [name, { url: s.url, pid: s.pid, restarts: s.restarts, exits: s.exits }]),
      ),
    };
  }

  state(): LabState {
    return {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      adminToken: this.adminToken,
      databaseUrl: this.database.url,
      services: {
        ...Object.fromEntries([...this.services].map(([name, s]) => [name, { url: s.url!, ...(s.pid ? { pid: s.pid } : {}) }])),
        'lab-exporter': { url: this.exporterUrl },
      },
    };
  }

  /** Stops every service (draining), the exporter and the database the lab started. */
  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.closeExporter();
    await this.database.stop();
    if (this.writesState) await rm(labStatePath(this.dir), { force: true });
  }
}

