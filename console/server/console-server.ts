import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { packageRoot } from '../../scenarios/package-root';
import { LocalMetrics } from '../metrics/local-metrics';
import type { MetricsBackend } from '../metrics/metrics-backend';
import { PrometheusMetrics } from '../metrics/prometheus-metrics';
import { createConsoleApp } from './console-app';
import type { ConsoleLab } from './console-lab';
import type { LabOps } from './ops/lab-ops';
import { ServiceOps } from './ops/service-ops';
import { tokenRoles } from './roles';
import { RunLauncher } from './runs/run-launcher';

export interface ConsoleOptions {
  lab: ConsoleLab;
  port: number;
  /** 127.0.0.1 unless the instructor opens it to the network */
  host?: string;
  learnerToken?: string | undefined;
  /** the lab's Prometheus; without one the console scrapes the lab itself */
  prometheusUrl?: string | undefined;
  /** where runs started from the console are written */
  runsDir?: string;
  ops?: LabOps;
  scrapeIntervalMs?: number;
}

export interface RunningConsole {
  url: string;
  metrics: MetricsBackend;
  close(): Promise<void>;
}

export function publicDir(): string {
  return path.join(packageRoot(), 'dist', 'console', 'public');
}

/** Serves the console for a lab until close(), which also stops a run the console started. */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { lab } = options;
  const metrics: MetricsBackend = options.prometheusUrl
    ? new PrometheusMetrics(options.prometheusUrl)
    : new LocalMetrics({
        intervalMs: options.scrapeIntervalMs,
        targets: () => [
          ...lab.services().map((s) => ({ job: 'services', service: s.name, url: s.url })),
          ...(lab.databaseMetricsUrl ? [{ job: 'postgres', service: 'postgres', url: lab.databaseMetricsUrl }] : []),
        ],
      });
  const launcher = new RunLauncher(lab.dir, options.runsDir ?? path.resolve('runs'), { LAB_ADMIN_TOKEN: lab.adminToken, OUTAGE_LAB_TOKEN: lab.adminToken });
  const app = createConsoleApp({
    lab,
    roles: tokenRoles({ admin: lab.adminToken, learner: options.learnerToken ?? lab.learnerToken }),
    metrics,
    ops: options.ops ?? new ServiceOps({ services: () => lab.services(), tokens: { instructor: lab.adminToken, learner: options.learnerToken ?? lab.learnerToken }, restart: lab.restart }),
    launcher,
    publicDir: publicDir(),
  });
  const server: Server = createServer(app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    metrics,
    close: async () => {
      if (launcher.running) await launcher.stop().catch(() => undefined);
      await metrics.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
