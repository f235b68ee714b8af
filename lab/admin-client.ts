import { UserError } from '../common/user-error';
import type { OpsEntry, SettingValue } from '../services/kit/deployment/deployment-state';
import type { ReleaseView, SettingView } from '../services/kit/deployment/deployment';
import { AppError } from '../services/kit/errors';
import { FaultSwitch, type DeploymentControl, type DeploymentView, type FaultState } from './faults/fault-switch';
import { readJsonAnswer } from '../common/json-answer';

export type { FaultState };

export interface ClientIdentity {
  /** The learner's name, shown with their actions in the record. */
  learner?: string | undefined;
  /** Which client acts (`runner` marks the drill's own calls). */
  via?: string | undefined;
}

/**
 * Talks to one service's admin API (/__lab) with a bearer token, the instructor's or a learner's;
 * errors carry the service's status, code and message. Faults are switched through the service's
 * deployment (lab/faults/fault-switch.ts): the service only ever sees releases and configuration.
 */
export class AdminClient implements DeploymentControl {
  private readonly faults: FaultSwitch;

  constructor(
    readonly service: string,
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
    private readonly identity: ClientIdentity = {},
  ) {
    this.faults = new FaultSwitch(service, this);
  }

  /** The same service and token, acting as someone else (a learner's name, the runner). */
  as(identity: ClientIdentity): AdminClient {
    return new AdminClient(this.service, this.baseUrl, this.token, this.timeoutMs, identity);
  }

  listFaults(): Promise<FaultState[]> {
    return this.faulting(() => this.faults.list());
  }

  /** With `leaseSeconds` the service takes the fault back by itself unless `renewFaultLease` comes in time. */
  enableFault(name: string, params: Record<string, unknown> = {}, options: { leaseSeconds?: number } = {}): Promise<FaultState> {
    return this.faulting(() => this.faults.enable(name, params, options));
  }

  renewFaultLease(name: string, leaseSeconds?: number): Promise<FaultState> {
    return this.faulting(() => this.faults.renewLease(name, leaseSeconds));
  }

  disableFault(name: string): Promise<FaultState> {
    return this.faulting(() => this.faults.disable(name));
  }

  /** Forces garbage collection (when the service runs with --expose-gc) and returns process.memoryUsage(). */
  async gc(): Promise<{ collected: boolean; memory: NodeJS.MemoryUsage }> {
    return (await this.request('POST', '/__lab/gc')) as { collected: boolean; memory: NodeJS.MemoryUsage };
  }

  // The instructor's side of the deployment.
  async deployment(): Promise<DeploymentView> {
    return (await this.request('GET', '/__lab/deployment')) as DeploymentView;
  }
  async deploy(release: { version: string; changelog: string; changes?: Record<string, SettingValue> }, leaseSeconds?: number): Promise<void> {
    await this.request('POST', '/__lab/deployment/releases', { changes: {}, ...release, ...(leaseSeconds === undefined ? {} : { leaseSeconds }) });
  }
  async withdraw(version: string): Promise<void> {
    await this.request('DELETE', `/__lab/deployment/releases/${encodeURIComponent(version)}`);
  }
  async configure(changes: Record<string, SettingValue>, note: string, leaseSeconds?: number): Promise<void> {
    await this.request('PATCH', '/__lab/deployment/config', { changes, note, ...(leaseSeconds === undefined ? {} : { leaseSeconds }) });
  }
  async renewLeases(leaseSeconds?: number): Promise<void> {
    await this.request('PUT', '/__lab/deployment/lease', leaseSeconds === undefined ? {} : { leaseSeconds });
  }
  async reset(): Promise<void> {
    await this.request('POST', '/__lab/deployment/reset');
  }

  // The on-call's operations (the learner's token is enough).
  async releases(): Promise<{ service: string; running: string; releases: ReleaseView[] }> {
    return (await this.request('GET', '/__lab/ops/releases')) as { service: string; running: string; releases: ReleaseView[] };
  }
  async settings(): Promise<{ service: string; settings: SettingView[] }> {
    return (await this.request('GET', '/__lab/ops/settings')) as { service: string; settings: SettingView[] };
  }
  async rollback(version?: string): Promise<{ from: string; to: string; rolledBack: string[] }> {
    return (await this.request('POST', '/__lab/ops/rollback', version ? { version } : {})) as { from: string; to: string; rolledBack: string[] };
  }
  async set(changes: Record<string, unknown>): Promise<{ changed: Array<{ key: string; from: SettingValue; to: SettingValue }> }> {
    return (await this.request('PATCH', '/__lab/ops/settings', changes)) as { changed: Array<{ key: string; from: SettingValue; to: SettingValue }> };
  }
  async restart(): Promise<void> {
    await this.request('POST', '/__lab/ops/restart');
  }
  /** Takes the incident paged for this service (recorded with the learner's name). */
  async acknowledge(): Promise<{ service: string; acknowledgedAt: string; by: string }> {
    return (await this.request('POST', '/__lab/ops/ack', {})) as { service: string; acknowledgedAt: string; by: string };
  }
  async opsLog(since?: Date): Promise<OpsEntry[]> {
    const query = since ? `?since=${encodeURIComponent(since.toISOString())}` : '';
    return ((await this.request('GET', `/__lab/ops/log${query}`)) as { entries: OpsEntry[] }).entries;
  }

  async request(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(this.identity.learner ? { 'x-learner': this.identity.learner } : {}),
          ...(this.identity.via ? { 'x-requested-by': this.identity.via } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new UserError(`${this.service} at ${this.baseUrl} did not answer (${(err as Error).cause ?? (err as Error).message})`);
    }
    const { body: parsed, text, error } = await readJsonAnswer(response);
    if (!response.ok) throw new ServiceRefusal(this.service, response.status, error?.code ?? '', error?.message ?? text);
    return parsed;
  }

  /** Fault switching refused on our side (an unknown fault, bad parameters) reads like the service's refusals. */
  private async faulting<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError) throw new ServiceRefusal(this.service, err.status, err.code, err.message);
      throw err;
    }
  }
}

/** A service's error answer, as one line: "widgetify: 400 VALIDATION_FAILED pool.max: Too big …". */
export class ServiceRefusal extends UserError {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${service}: ${status} ${code} ${reason}`.replace(/\s+/g, ' ').trim());
    this.name = 'ServiceRefusal';
  }
}
