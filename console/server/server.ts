import path from 'node:path';
import { DEFAULT_PORT_BASE, SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { startConsole } from './console-server';

/**
 * The console as a service of its own, for the classroom stack (docker-compose.yml): the lab's
 * services by their compose names and usual ports, charts and alerts from the stack's Prometheus.
 * The embedded lab does not use this file: `outage-lab up` starts the console in its own process.
 *
 * Environment: PORT (4100), HOST (127.0.0.1; 0.0.0.0 in the container), LAB_ADMIN_TOKEN (required),
 * LAB_LEARNER_TOKEN, PROMETHEUS_URL, LAB_DIR (the console's data: snapshots, runs; /data),
 * SERVICE_HOST_SUFFIX (how service names resolve; empty in compose).
 */
async function main(): Promise<void> {
  const adminToken = process.env.LAB_ADMIN_TOKEN;
  if (!adminToken) {
    console.error('console: LAB_ADMIN_TOKEN is required');
    process.exit(2);
  }
  const dir = path.resolve(process.env.LAB_DIR ?? '.outage-lab');
  const running = await startConsole({
    lab: {
      dir,
      adminToken,
      learnerToken: process.env.LAB_LEARNER_TOKEN || undefined,
      databaseMetricsUrl: null,
      services: () => SERVICE_CATALOGUE.names().map((name) => ({ name, url: `http://${name}${process.env.SERVICE_HOST_SUFFIX ?? ''}:${SERVICE_CATALOGUE.port(name)}` })),
      // Restarting a container needs the Docker engine, which the console is not given.
      restart: null,
    },
    port: Number(process.env.PORT ?? DEFAULT_PORT_BASE),
    host: process.env.HOST ?? '127.0.0.1',
    learnerToken: process.env.LAB_LEARNER_TOKEN || undefined,
    prometheusUrl: process.env.PROMETHEUS_URL || undefined,
    runsDir: path.join(dir, 'runs'),
  });
  console.log(JSON.stringify({ level: 30, time: new Date().toISOString(), service: 'console', url: running.url, msg: 'listening' }));
  const stop = (): void => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`console: ${err.message}`);
  process.exit(1);
});
