import { z } from 'zod';
import { AppError } from '../../services/kit/errors';
import type { DeploymentState, SettingValue } from '../../services/kit/deployment/deployment-state';
import { parseParams } from '../../services/kit/params-validator';
import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import type { FaultArrival, FaultDelivery } from '../../catalogue/fault-delivery';

/** A service's deployment as its instructor endpoint (/__lab/deployment) shows it. */
export interface DeploymentView {
  service: string;
  version: string;
  state: DeploymentState;
  effective: Record<string, SettingValue>;
  defaults: Record<string, SettingValue>;
}

/** What switching faults needs from a service: over HTTP (lab/admin-client.ts) or in the same process (tests). */
export interface DeploymentControl {
  deployment(): Promise<DeploymentView>;
  deploy(release: { version: string; changelog: string; changes: Record<string, SettingValue> }, leaseSeconds?: number): Promise<void>;
  withdraw(version: string): Promise<void>;
  configure(changes: Record<string, SettingValue>, note: string, leaseSeconds?: number): Promise<void>;
  /** Renews every change the service holds by a lease. */
  renewLeases(leaseSeconds?: number): Promise<void>;
  reset(): Promise<void>;
}

export interface FaultState {
  name: string;
  description: string;
  /** Whether the cause is there now (a learner's rollback or setting takes it away). */
  enabled: boolean;
  params: Record<string, unknown>;
  enabledAt: string | null;
  /** When its release is rolled back (or its change undone) by itself unless the lease is renewed; null: held by nobody. */
  leaseExpiresAt: string | null;
  arrives: FaultArrival;
  paramsSchema: unknown;
}

/**
 * The instructor's fault switch for one service: a fault goes on as its release or configuration
 * change, goes off as that release rolled back or that configuration restored, and is "on" while
 * the service's configuration still holds its cause.
 */
export class FaultSwitch {
  constructor(
    readonly service: string,
    private readonly control: DeploymentControl,
    /** By name; default: the service's in the catalogue (none for a service the catalogue lacks). */
    private readonly faults: Readonly<Record<string, FaultDelivery>> = SERVICE_CATALOGUE.get(service)?.faults ?? {},
  ) {}

  names(): string[] {
    return Object.keys(this.faults);
  }

  async list(): Promise<FaultState[]> {
    const view = await this.control.deployment();
    return this.names().map((name) => stateOf(name, this.faults[name]!, view));
  }

  async get(name: string): Promise<FaultState> {
    return stateOf(name, this.fault(name), await this.control.deployment());
  }

  /**
   * Switches a fault on, or again with other parameters: 400 naming each unknown or out-of-range
   * parameter. With `leaseSeconds` the service takes it back by itself unless renewed in time.
   */
  async enable(name: string, rawParams: unknown = {}, options: { leaseSeconds?: number } = {}): Promise<FaultState> {
    const fault = this.fault(name);
    const changes = fault.changes(parseParams(fault.params, rawParams));
    if ('release' in fault.arrives) {
      const { version, changelog } = fault.arrives.release;
      if (isRunning(await this.control.deployment(), version)) await this.control.withdraw(version);
      await this.control.deploy({ version, changelog, changes }, options.leaseSeconds);
    } else {
      await this.control.configure(changes, fault.arrives.config.note, options.leaseSeconds);
    }
    return this.get(name);
  }

  /** Renews the lease the fault is held by (with every other change of the service held so). */
  async renewLease(name: string, leaseSeconds?: number): Promise<FaultState> {
    this.fault(name);
    await this.control.renewLeases(leaseSeconds);
    return this.get(name);
  }

  /** Switches a fault off: its release rolled back, or the configuration it changed back to the defaults. */
  async disable(name: string): Promise<FaultState> {
    const fault = this.fault(name);
    const view = await this.control.deployment();
    if ('release' in fault.arrives) {
      if (isRunning(view, fault.arrives.release.version)) await this.control.withdraw(fault.arrives.release.version);
    } else {
      const keys = Object.keys(fault.changes(fault.params.parse({})));
      const restore = Object.fromEntries(keys.map((key) => [key, view.defaults[key]!]));
      if (keys.some((key) => view.effective[key] !== view.defaults[key])) await this.control.configure(restore, 'restored');
    }
    return this.get(name);
  }

  /** The service as it started: its own releases, no configuration changes. */
  reset(): Promise<void> {
    return this.control.reset();
  }

  private fault(name: string): FaultDelivery {
    const fault = this.faults[name];
    if (!fault) throw new AppError('NOT_FOUND', `No fault named "${name}" in ${this.service}; known: ${this.names().join(', ') || 'none'}`);
    return fault;
  }
}

function isRunning(view: DeploymentView, version: string): boolean {
  return view.state.timeline.some((e) => e.kind === 'release' && e.version === version && !e.rolledBack);
}

function stateOf(name: string, fault: FaultDelivery, view: DeploymentView): FaultState {
  const enabled = fault.present(view.effective);
  const defaults = fault.params.parse({}) as Record<string, unknown>;
  const params = Object.fromEntries(
    Object.entries(defaults).map(([param, value]) => {
      const key = (fault.paramKeys as Record<string, string | undefined>)[param];
      return [param, enabled && key ? view.effective[key] : value];
    }),
  );
  return {
    name,
    description: fault.description,
    enabled,
    params,
    enabledAt: enabled ? (arrival(fault, view)?.at ?? null) : null,
    leaseExpiresAt: enabled ? (arrival(fault, view)?.lease?.expiresAt ?? null) : null,
    arrives: fault.arrives,
    paramsSchema: z.toJSONSchema(fault.params, { io: 'input' }),
  };
}

/** The release or configuration change that brought the fault in. */
function arrival(fault: FaultDelivery, view: DeploymentView): DeploymentState['timeline'][number] | undefined {
  const { timeline } = view.state;
  if ('release' in fault.arrives) {
    const version = fault.arrives.release.version;
    return timeline.findLast((e) => e.kind === 'release' && e.version === version && !e.rolledBack);
  }
  const keys = Object.keys(fault.changes(fault.params.parse({})));
  return timeline.findLast((e) => e.kind === 'config' && !e.undone && keys.some((k) => k in e.changes));
}
