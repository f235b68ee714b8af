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
  restart(service: string, options?: { timeoutSeconds?: number }): Promise<void>;
  memory(service: string): Promise<{ usageBytes: number; limitBytes: number }>;
  events(service: string, window: { since: Date; until?: Date }): Promise<Array<{ action: string; time: Date; exitCode?: number }>>;
  hostPort(service: string, containerPort: number): Promise<number | null>;
}

/** The ports the services listen on inside their containers (docker-compose.yml). */
export const CONTAINER_PORTS: Record<string, number> = { 'widget-api': 4101, storefront: 4102, widgetify: 4103, 'partner-api': 4104 };

type EngineEvent = { action: string; time: Date; exitCode?: number };
/** The engine's events that make a process history (not exec_*, health_status...). */
const LIFECYCLE_ACTIONS = new Set(['start', 'die', 'oom']);

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
  /** Per service: the lifecycle events seen so far, by a key that tells repeats apart, and when the engine was last asked. */
  private readonly lifecycle = new Map<string, { seen: Map<string, EngineEvent>; polledAt: Date }>();

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
    await this.containers.restart(service, { timeoutSeconds: 15 });
    if (!(await waitUntilReady(this.serviceUrl(service), 60_000))) throw new CliError(`${service} did not come back after its restart`);
  }

  async processHistory(service: string): Promise<ProcessHistory> {
    const events = await this.lifecycleEvents(service);
    const oomAt = events.filter((e) => e.action === 'oom').map((e) => e.time.getTime());
    const deaths = events
      .filter((e) => e.action === 'die' && !REQUESTED_EXIT_CODES.has(e.exitCode ?? 0))
      .map((e) => ({
        at: e.time.toISOString(),
        outOfMemory: e.exitCode === V8_OUT_OF_MEMORY_EXIT || oomAt.some((t) => Math.abs(t - e.time.getTime()) < 5_000),
      }));
    // Starts, not the engine's RestartCount: a requested restart (`docker restart`, the runner's)
    // resets that count to 0, so a crash followed by a reboot would read as one restart.
    return {
      restarts: events.filter((e) => e.action === 'start').length,
      crashes: deaths.length,
      oomKills: deaths.filter((d) => d.outOfMemory).length,
      deaths,
    };
  }

  /**
   * The service's starts, deaths and OOM kills since the target opened, gathered a little at a time:
   * the engine keeps only its last 256 events (the healthchecks' exec events fill that in about a
   * minute on the stack), so a death asked for later with the run's whole window is already gone.
   */
  private async lifecycleEvents(service: string): Promise<EngineEvent[]> {
    const log = this.lifecycle.get(service) ?? { seen: new Map<string, EngineEvent>(), polledAt: this.opened };
    this.lifecycle.set(service, log);
    const until = new Date();
    // a second of overlap: the engine's `since` is in whole seconds; repeats share a key
    const fresh = await this.containers.events(service, { since: new Date(log.polledAt.getTime() - 1000), until });
    for (const e of fresh) {
      if (LIFECYCLE_ACTIONS.has(e.action) && e.time >= this.opened) log.seen.set(`${e.time.getTime()}|${e.action}|${e.exitCode ?? ''}`, e);
    }
    log.polledAt = until;
    return [...log.seen.values()].sort((a, b) => a.time.getTime() - b.time.getTime());
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
