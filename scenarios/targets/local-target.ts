import { UserError } from '../../common/user-error';
import { AdminClient } from '../../lab/admin-client';
import { Lab } from '../../lab/lab';
import { portsFrom } from '../../lab/lab-ports';
import { LAB_EXPORTER, readLabState, servicesOf, type LabState } from '../../lab/lab-state';
import type { ServiceExit } from '../../lab/service-process';
import { waitUntilReady, type LabTarget, type ProcessHistory } from './lab-target';

type LabStatus = { services: Record<string, { restarts: number; exits: ServiceExit[] }> };

function historyOf(status: LabStatus, service: string): ProcessHistory {
  const s = status.services[service];
  if (!s) throw new UserError(`the lab runs no service named ${service}`);
  const deaths = s.exits.filter((e) => !e.requested);
  return {
    restarts: s.restarts,
    crashes: deaths.length,
    oomKills: s.exits.filter((e) => e.outOfMemory).length,
    deaths: deaths.map((e) => ({ at: e.at, outOfMemory: e.outOfMemory })),
  };
}

/** A lab that `outage-lab up` runs in another terminal: found through its state file, driven over HTTP. */
export class AttachedLabTarget implements LabTarget {
  readonly kind = 'local';
  readonly prometheusUrl = null;
  readonly allowHosts: string[] = [];
  readonly databaseMetricsUrl: string;
  private readonly token: string;

  constructor(private readonly state: LabState) {
    this.token = process.env.LAB_ADMIN_TOKEN || state.adminToken;
    const exporter = state.services[LAB_EXPORTER]?.url;
    if (!exporter) throw new UserError('the running lab has no lab-exporter: restart it with `outage-lab up`');
    this.databaseMetricsUrl = exporter;
  }

  get description(): string {
    return `the embedded lab of \`outage-lab up\` (pid ${this.state.pid})`;
  }

  get services(): string[] {
    return servicesOf(this.state);
  }

  serviceUrl(service: string): string {
    const url = this.state.services[service]?.url;
    if (!url) throw new UserError(`the running lab has no service named ${service}`);
    return url;
  }

  admin(service: string): AdminClient {
    return new AdminClient(service, this.serviceUrl(service), this.token);
  }

  async restart(service: string): Promise<void> {
    await this.control('POST', `/lab/services/${encodeURIComponent(service)}/restart`, 60_000);
    if (!(await waitUntilReady(this.serviceUrl(service), 30_000))) throw new UserError(`${service} did not come back after its restart`);
  }

  async processHistory(service: string): Promise<ProcessHistory> {
    return historyOf((await this.control('GET', '/lab/status', 5_000)) as LabStatus, service);
  }

  async extraValues(): Promise<Record<string, number>> {
    return {};
  }

  async close(): Promise<void> {}

  private async control(method: string, path: string, timeoutMs: number): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.databaseMetricsUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new UserError(`the lab's control endpoint did not answer (${(err as Error).message})`);
    }
    if (!response.ok) throw new UserError(`the lab's control endpoint answered ${response.status} to ${method} ${path}`);
    return response.json();
  }
}

/** An embedded lab this process started for the run (and stops after it). */
export class EmbeddedLabTarget implements LabTarget {
  readonly kind = 'local';
  readonly prometheusUrl = null;
  readonly allowHosts: string[] = [];
  readonly description = 'an embedded lab started for this run';

  constructor(private readonly lab: Lab) {}

  get databaseMetricsUrl(): string {
    return this.lab.exporterUrl;
  }

  get services(): string[] {
    return [...this.lab.services.keys()];
  }

  serviceUrl(service: string): string {
    return this.lab.url(service);
  }

  admin(service: string): AdminClient {
    return this.lab.admin(service);
  }

  async restart(service: string): Promise<void> {
    await this.lab.restart(service);
  }

  async processHistory(service: string): Promise<ProcessHistory> {
    return historyOf(this.lab.status() as LabStatus, service);
  }

  async extraValues(): Promise<Record<string, number>> {
    return {};
  }

  async close(): Promise<void> {
    await this.lab.stop();
  }
}

export interface LocalTargetOptions {
  /** the lab folder (state file, logs, database) */
  dir: string;
  /** for a lab started for the run: the catalogue's ports from this base (0 = free ports) */
  portBase: number;
  /** --port-base was given: a lab that is up on other ports is not the one meant (refused rather than attached to). */
  portBaseGiven?: boolean;
  maxConnections?: number;
  onProgress?: (message: string) => void;
}

/** Refuses a lab that is up on other ports than --port-base asked for. */
function assertOnPorts(state: LabState, base: number): void {
  const expected = portsFrom(base);
  for (const name of servicesOf(state)) {
    const port = Number(new URL(state.services[name]!.url).port);
    if (expected[name] !== undefined && expected[name] !== port) {
      throw new UserError(
        `the lab running in this folder (pid ${state.pid}) is on other ports (${name} on ${port}, not ${expected[name]}): drop --port-base to use it, or give another --dir for a lab of its own on ${base}`,
      );
    }
  }
}

/** The lab `outage-lab up` runs, or one started for the run (written to the lab folder's state so other commands find it). */
export async function openLocalTarget(options: LocalTargetOptions): Promise<LabTarget> {
  const state = await readLabState(options.dir);
  if (state) {
    if (options.portBaseGiven && options.portBase !== 0) assertOnPorts(state, options.portBase);
    return new AttachedLabTarget(state);
  }
  options.onProgress?.('no lab is running: starting the embedded lab for this run');
  try {
    const lab = await Lab.start({
      dir: options.dir,
      ports: portsFrom(options.portBase),
      writeState: true,
      adminToken: process.env.LAB_ADMIN_TOKEN || undefined,
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
      onProgress: options.onProgress,
    });
    return new EmbeddedLabTarget(lab);
  } catch (err) {
    throw new UserError(`the lab could not start: ${(err as Error).message.split('\n')[0]}`);
  }
}
