import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { FaultRegistry } from './fault-registry';
import type { ReadinessCheck } from './health-endpoints';
import type { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { createServiceRegistry } from './metrics/service-registry';

/** What every service is built from: its name, logger, metrics, faults, readiness checks and lifecycle. */
export interface ServiceKit {
  service: string;
  logger: Logger;
  registry: Registry;
  faults: FaultRegistry;
  adminToken: string | undefined;
  lifecycle: Lifecycle;
  readiness: ReadinessCheck[];
}

export interface ServiceKitOptions {
  service: string;
  adminToken?: string | undefined;
  logger?: Logger;
}

export function createServiceKit({ service, adminToken, logger }: ServiceKitOptions): ServiceKit {
  const log = logger ?? createLogger(service);
  return {
    service,
    logger: log,
    registry: createServiceRegistry(service),
    faults: new FaultRegistry(log),
    adminToken,
    lifecycle: { shuttingDown: false },
    readiness: [],
  };
}
