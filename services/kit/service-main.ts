import type { Express } from 'express';
import { parseStartupFaults } from './fault-registry';
import type { BaseConfig } from './service-config';
import { createServiceKit, type ServiceKit } from './service-kit';
import { exitOnSignals, startServer } from './service-server';
import { createLogger } from './logger';

export interface BuiltService {
  app: Express;
  /** Releases resources after requests have drained (pool, timers). */
  close(): Promise<void>;
}

/**
 * What a service's server.ts runs: build the kit and the app, switch on the faults named in
 * LAB_FAULTS, listen, and drain then exit on SIGTERM/SIGINT.
 */
export async function runServiceMain(
  service: string,
  config: BaseConfig,
  build: (kit: ServiceKit) => Promise<BuiltService>,
): Promise<void> {
  const kit = createServiceKit({ service, adminToken: config.LAB_ADMIN_TOKEN, logger: createLogger(service, config.LOG_LEVEL) });
  try {
    if (!config.LAB_ADMIN_TOKEN) kit.logger.warn('LAB_ADMIN_TOKEN is not set: the admin API refuses every request');
    const { app, close } = await build(kit);
    for (const [name, params] of Object.entries(parseStartupFaults(config.LAB_FAULTS))) {
      await kit.faults.enable(name, params);
    }
    const running = await startServer(app, kit, {
      port: config.PORT,
      host: config.HOST,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      close,
    });
    exitOnSignals(running, kit);
    kit.logger.info({ url: running.url, pid: process.pid }, 'listening');
  } catch (err) {
    kit.logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
}
