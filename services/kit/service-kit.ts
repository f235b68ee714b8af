import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Deployment, type BaselineRelease, type SettingSpecs } from './deployment/deployment';
import { deploymentStore } from './deployment/deployment-store';
import type { Restarter } from './deployment/ops-router';
import type { ReadinessCheck } from './health-endpoints';
import type { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { createServiceRegistry } from './metrics/service-registry';
import { Roles, type RoleTokens } from './roles';

/** What every service is built from: its name, logger, metrics, who may use its admin API, its deployment, readiness checks and lifecycle. */
export interface ServiceKit {
  service: string;
  logger: Logger;
  registry: Registry;
  roles: Roles;
  /** Where the deployment is kept between processes (none: memory only). */
  stateDir: string | undefined;
  /** Set by the service's createApp (declareDeployment): its releases and settings. */
  deployment: Deployment | undefined;
  /** How the service asks for a rolling restart (after a rollback, or when the on-call asks). */
  restarter: Restarter;
  /** Strings no diagnosis file may contain (the database password). */
  secrets: string[];
  lifecycle: Lifecycle;
  readiness: ReadinessCheck[];
}

export interface ServiceKitOptions {
  service: string;
  tokens?: RoleTokens;
  stateDir?: string | undefined;
  secrets?: string[];
  logger?: Logger;
}

export function createServiceKit({ service, tokens = {}, stateDir, secrets = [], logger }: ServiceKitOptions): ServiceKit {
  const log = logger ?? createLogger(service);
  return {
    service,
    logger: log,
    registry: createServiceRegistry(service),
    roles: new Roles(tokens),
    stateDir,
    deployment: undefined,
    restarter: { request: (reason) => log.warn({ reason }, 'restart asked for, but nothing supervises this process') },
    secrets,
    lifecycle: { shuttingDown: false },
    readiness: [],
  };
}

/** The service's settings (with their current values as defaults) and the releases it has run: its deployment. */
export function declareDeployment(kit: ServiceKit, specs: SettingSpecs, baseline: BaselineRelease[]): Deployment {
  kit.deployment = new Deployment({ service: kit.service, specs, baseline, store: deploymentStore(kit.stateDir) });
  return kit.deployment;
}
