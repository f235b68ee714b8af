import cluster from 'node:cluster';
import type { Express } from 'express';
import type { BaseConfig } from './service-config';
import { createServiceKit, type ServiceKit } from './service-kit';
import { exitOnSignals, startServer, type RunningServer } from './service-server';
import { createLogger } from './logger';
import { passwordOf } from './scrub-rules';
import { RESTART_REQUEST, type RestartRequest } from './supervisor-messages';

export interface BuiltService {
  app: Express;
  /** Releases resources after requests have drained (pool, timers). */
  close(): Promise<void>;
}

/**
 * What a service's server.ts runs: build the kit and the app, listen, and drain then exit on
 * SIGTERM/SIGINT. The tokens are kept as digests only: the configuration's copies are dropped once
 * read, so no heap snapshot holds them.
 */
export async function runServiceMain(
  service: string,
  config: BaseConfig,
  build: (kit: ServiceKit) => Promise<BuiltService>,
): Promise<void> {
  const tokens = { instructor: config.LAB_ADMIN_TOKEN, learner: config.LAB_LEARNER_TOKEN };
  delete config.LAB_ADMIN_TOKEN;
  delete config.LAB_LEARNER_TOKEN;
  const kit = createServiceKit({
    service,
    tokens,
    stateDir: config.STATE_DIR,
    secrets: passwordOf(config.DATABASE_URL),
    logger: createLogger(service, config.LOG_LEVEL),
  });
  try {
    if (!tokens.instructor) kit.logger.warn('LAB_ADMIN_TOKEN is not set: the admin API refuses the instructor');
    if (!tokens.learner) kit.logger.warn('LAB_LEARNER_TOKEN is not set: the admin API refuses learners');
    const { app, close } = await build(kit);
    const running = await startServer(app, kit, {
      port: config.PORT,
      host: config.HOST,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      close,
    });
    kit.restarter = { request: (reason) => requestRestart(running, kit, reason) };
    exitOnSignals(running, kit);
    kit.logger.info({ url: running.url, pid: process.pid, version: kit.deployment?.version }, 'listening');
  } catch (err) {
    kit.logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
}

/**
 * A rolling restart, as a redeploy does it. Under a supervisor (the embedded lab's, or the one in
 * its container: this process is one of its cluster workers) the supervisor starts the next process
 * and drains this one once it serves. Alone (started by hand), the process drains and exits.
 */
function requestRestart(running: RunningServer, kit: ServiceKit, reason: string): void {
  kit.logger.info({ reason }, 'restarting');
  if (cluster.isWorker && process.send) {
    process.send({ type: RESTART_REQUEST, reason } satisfies RestartRequest);
    return;
  }
  void running.shutdown(reason).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
