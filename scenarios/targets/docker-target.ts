import { CliError } from '../../cli/cli-error';
import { AdminClient } from '../../lab/admin-client';
import { createDockerClient } from '../../lab/container-client';
import { waitUntilReady, type LabTarget, type ProcessHistory } from './lab-target';

/**
 * What the docker target needs from the container engine: the part of lab/container-client.ts's
 * ContainerClient it uses (containers found by their compose labels).
 */
export interface ContainerControl {
  ping(): Promise<void>;
  find(service: string): Promise<{ restartCount: number; status: string }>;
  restart(service: string, options?: { timeoutSeconds?: number }): Promise<void>;
  memory(service: string): Promise<{ usageBytes: number; limitBytes: number }>;
  events(service: string, window: { since: Date; until?: Date }): Promise<Array<{ action: string; time: Date; exitCode?: number }>>;
  hostPort(service: string, containerPort: number): Promise<number | null>;
}

/** The ports the services listen on inside their containers (docker-compose.yml). */
export const CONTAINER_PORTS: Record<string, number> = { 'widget-api': 4101, storefront: 4102, widgetify: 4103, 'partner-api': 4104 };

/** Exit codes of a stop the runner (or anyone) asked for: a clean exit after draining, or SIGTERM. */
const REQUESTED_EXIT_CODES = new Set([0, 143]);
/** V8's "Reached heap limit" aborts (134); the kernel's OOM killer sends SIGKILL (137, with an `oom` event). */
const V8_OUT_OF_MEMORY_EXIT = 134;

/** The classroom stack (docker compose): services in containers, its own Prometheus raising the alerts. */
export class DockerLabTarget implements LabTarget {
  readonly kind = 'docker';
  readonly databaseMetricsUrl = null;
  readonly allowHosts: string[] = [];
  private readonly token: string;
  private readonly opened = new Date();
  private requestedRestarts = 0;

  constructor(
    private readonly containers: ContainerControl,
    private readonly urls: Record<string, string>,
    readonly prometheusUrl: string,
  ) {
    this.token = process.env.LAB_ADMIN_TOKEN || 'classroom-admin-token';
  }

  get description(): string {
    return `the compose stack (Prometheus at ${this.prometheusUrl})`;
  }

  serviceUrl(service: string): string {
    const url = this.urls[service];
    if (!url) throw new CliError(`the stack publishes no port for ${service}`);
    return url;
  }

  admin(service: string): AdminClient {
    return new AdminClient(service, this.serviceUrl(service), this.token);
  }

  async restart(service: string): Promise<void> {
    this.requestedRestarts++;
    await this.containers.restart(service, { timeoutSeconds: 15 });
    if (!(await waitUntilReady(this.serviceUrl(service), 60_000))) throw new CliError(`${service} did not come back after its restart`);
  }

  async processHistory(service: string): Promise<ProcessHistory> {
    const [container, events] = await Promise.all([this.containers.find(service), this.containers.events(service, { since: this.opened })]);
    const oomAt = events.filter((e) => e.action === 'oom').map((e) => e.time.getTime());
    const deaths = events
      .filter((e) => e.action === 'die' && !REQUESTED_EXIT_CODES.has(e.exitCode ?? 0))
      .map((e) => ({
        at: e.time.toISOString(),
        outOfMemory: e.exitCode === V8_OUT_OF_MEMORY_EXIT || oomAt.some((t) => Math.abs(t - e.time.getTime()) < 5_000),
      }));
    return {
      restarts: container.restartCount + this.requestedRestarts,
      crashes: deaths.length,
      oomKills: deaths.filter((d) => d.outOfMemory).length,
      deaths,
    };
  }

  async extraValues(service: string): Promise<Record<string, number>> {
    const memory = await this.containers.memory(service);
    return { container_memory_usage_bytes: memory.usageBytes, container_memory_limit_bytes: memory.limitBytes };
  }

  async close(): Promise<void> {}
}

/** The stack's services on the host ports compose publishes, checked to be up. */
export async function dockerTargetFrom(containers: ContainerControl, prometheusUrl: string): Promise<DockerLabTarget> {
  await containers.ping();
  const urls: Record<string, string> = {};
  for (const [service, port] of Object.entries(CONTAINER_PORTS)) {
    const hostPort = await containers.hostPort(service, port);
    if (hostPort === null) throw new CliError(`${service}'s port ${port} is not published on the host: is the stack up (docker compose up -d)?`);
    urls[service] = `http://127.0.0.1:${hostPort}`;
  }
  return new DockerLabTarget(containers, urls, prometheusUrl);
}

/** The classroom stack of this machine (COMPOSE_PROJECT_NAME picks the project; PROMETHEUS_URL its Prometheus). */
export async function openDockerTarget(): Promise<LabTarget> {
  return dockerTargetFrom(createDockerClient(), process.env.PROMETHEUS_URL || 'http://127.0.0.1:9090');
}
