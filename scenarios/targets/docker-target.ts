import { CLASSROOM_ADMIN_TOKEN } from '../../common/compose-env';
import { UserError } from '../../common/user-error';
import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { AdminClient } from '../../lab/admin-client';
import { CONTAINER_MEMORY_LIMIT_BYTES, CONTAINER_MEMORY_USAGE_BYTES } from '../metrics/derived-metrics';
import { createDockerClient } from '../../lab/container-client';
import { parseMetricsText, sumOf } from '../../lab/metrics-text';
import { PROCESS_START_TIME_SECONDS } from '../../services/kit/metrics/node-runtime';
import { waitUntilReady, type LabTarget, type ProcessHistory } from './lab-target';

/**
 * What the docker target needs from the container engine: the part of lab/container-client.ts's
 * ContainerClient it uses (containers found by their compose labels).
 */
export interface ContainerControl {
  ping(): Promise<void>;
  find(service: string): Promise<{ command: string[] }>;
  restart(service: string, options?: { timeoutSeconds?: number }): Promise<void>;
  signal(service: string, signal: string): Promise<void>;
  memory(service: string): Promise<{ usageBytes: number; limitBytes: number }>;
  events(service: string, window: { since: Date; until?: Date }): Promise<Array<{ action: string; time: Date; exitCode?: number }>>;
  hostPort(service: string, containerPort: number): Promise<number | null>;
}

/** The ports the services listen on inside their containers (docker-compose.yml: the catalogue's at the default base). */
export function containerPorts(catalogue = SERVICE_CATALOGUE): Record<string, number> {
  return Object.fromEntries(catalogue.names().map((name) => [name, catalogue.port(name)]));
}

type EngineEvent = { action: string; time: Date; exitCode?: number };
/** The engine's events that make a process history (not exec_*, health_status...). */
const LIFECYCLE_ACTIONS = new Set(['start', 'die', 'oom']);

/** Exit codes of a stop the runner (or anyone) asked for: a clean exit after draining, or SIGTERM. */
const REQUESTED_EXIT_CODES = new Set([0, 143]);
/** V8's "Reached heap limit" aborts (134); the kernel's OOM killer sends SIGKILL (137, with an `oom` event). */
const V8_OUT_OF_MEMORY_EXIT = 134;

const ROLLING_RESTART_TIMEOUT_MS = 60_000;
/** The entry that runs a service in its container and rolls its restarts (docker-compose.yml's command). */
const CONTAINER_SUPERVISOR = 'lab/container-supervisor.js';

/** The service's process_start_time_seconds (a new value: a new process serves), undefined when it does not answer. */
async function processStartTime(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3_000) });
    return response.ok ? sumOf(parseMetricsText(await response.text()), PROCESS_START_TIME_SECONDS) : undefined;
  } catch {
    return undefined;
  }
}

/** The classroom stack (docker compose): services in containers, its own Prometheus raising the alerts. */
export class DockerLabTarget implements LabTarget {
  readonly kind = 'docker';
  /** PostgreSQL's side, as the stack's Prometheus scraped it from postgres-exporter (its port is not published). */
  readonly databaseMetricsPath = `/federate?match[]=${encodeURIComponent('{job="postgres"}')}`;
  readonly allowHosts: string[] = [];
  readonly databaseMetricsUrl: string;
  private readonly token: string;
  private readonly opened = new Date();
  /** Per service: the lifecycle events seen so far, by a key that tells repeats apart, and when the engine was last asked. */
  private readonly lifecycle = new Map<string, { seen: Map<string, EngineEvent>; polledAt: Date }>();
  /** Per service: the rolling restarts this target asked for (a new process in the same container: no engine event tells them). */
  private readonly rollingRestarts = new Map<string, number>();

  constructor(
    private readonly containers: ContainerControl,
    private readonly urls: Record<string, string>,
    readonly prometheusUrl: string,
  ) {
    this.databaseMetricsUrl = prometheusUrl;
    this.token = process.env.LAB_ADMIN_TOKEN || CLASSROOM_ADMIN_TOKEN;
  }

  get services(): string[] {
    return Object.keys(this.urls);
  }

  get description(): string {
    return `the compose stack (Prometheus at ${this.prometheusUrl})`;
  }

  serviceUrl(service: string): string {
    const url = this.urls[service];
    if (!url) throw new UserError(`the stack publishes no port for ${service}`);
    return url;
  }

  admin(service: string): AdminClient {
    return new AdminClient(service, this.serviceUrl(service), this.token);
  }

  /**
   * A rolling restart, as the embedded lab's: SIGHUP to the container's supervisor
   * (lab/container-supervisor.ts), whose new process serves from the same socket before the old one
   * drains; resolves once a new process answers. (`docker restart` stopped the service first:
   * every request of the next 4-9 s was refused.)
   */
  async restart(service: string): Promise<void> {
    const url = this.serviceUrl(service);
    if (!(await this.containers.find(service)).command.some((arg) => arg.endsWith(CONTAINER_SUPERVISOR))) {
      // A stack started from an older compose file runs the service alone: SIGHUP would end it, and
      // Docker counts a kill as a stop by hand (not restarted). Restart the container, with its gap.
      await this.containers.restart(service, { timeoutSeconds: 15 });
      if (!(await waitUntilReady(url, 60_000))) throw new UserError(`${service} did not come back after its restart`);
      return;
    }
    // (a service busy with its fault may miss one answer: the old process's start time is needed)
    const before = (await processStartTime(url)) ?? (await processStartTime(url)) ?? (await processStartTime(url));
    await this.containers.signal(service, 'SIGHUP');
    const deadline = Date.now() + ROLLING_RESTART_TIMEOUT_MS;
    for (;;) {
      const now = await processStartTime(url);
      if (now !== undefined && now !== before) break;
      if (Date.now() > deadline) throw new UserError(`${service} did not start a new process within ${ROLLING_RESTART_TIMEOUT_MS / 1000} s of its restart (SIGHUP)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    this.rollingRestarts.set(service, (this.rollingRestarts.get(service) ?? 0) + 1);
    if (!(await waitUntilReady(url, 60_000))) throw new UserError(`${service} did not come back after its restart`);
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
    // Starts, not the engine's RestartCount: a requested restart (`docker restart`) resets that
    // count to 0, so a crash followed by a reboot would read as one restart. The runner's own
    // restarts are rolling, inside the container: counted here, as no engine event tells them.
    return {
      restarts: events.filter((e) => e.action === 'start').length + (this.rollingRestarts.get(service) ?? 0),
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
    return { [CONTAINER_MEMORY_USAGE_BYTES]: memory.usageBytes, [CONTAINER_MEMORY_LIMIT_BYTES]: memory.limitBytes };
  }

  async close(): Promise<void> {}
}

/** The stack's services on the host ports compose publishes, checked to be up. */
export async function dockerTargetFrom(containers: ContainerControl, prometheusUrl: string): Promise<DockerLabTarget> {
  await containers.ping();
  const urls: Record<string, string> = {};
  for (const [service, port] of Object.entries(containerPorts())) {
    const hostPort = await containers.hostPort(service, port);
    if (hostPort === null) throw new UserError(`${service}'s port ${port} is not published on the host: is the stack up (docker compose up -d)?`);
    urls[service] = `http://127.0.0.1:${hostPort}`;
  }
  return new DockerLabTarget(containers, urls, prometheusUrl);
}

/** The classroom stack of this machine (COMPOSE_PROJECT_NAME picks the project; PROMETHEUS_URL its Prometheus). */
export async function openDockerTarget(): Promise<LabTarget> {
  return dockerTargetFrom(createDockerClient(), process.env.PROMETHEUS_URL || 'http://127.0.0.1:9090');
}
