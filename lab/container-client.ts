import Docker from 'dockerode';
import { UserError } from '../common/user-error';

/**
 * What the scenario runner's `--target docker` needs from the container engine, behind a small
 * interface (as testcontainers-node does) so the runner does not depend on dockerode's shapes:
 * find a service's container by its compose labels, restart it, and read how it died and how
 * much memory it uses.
 */

/** The labels Compose (v1 and v2) puts on every container it creates. */
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type ContainerHealth = 'starting' | 'healthy' | 'unhealthy' | 'none';

export interface ServiceContainer {
  id: string;
  name: string;
  service: string;
  project: string;
  image: string;
  /** The container's command (compose's `command:`), e.g. node dist/lab/container-supervisor.js dist/services/widget-api/server.js */
  command: string[];
  status: ContainerStatus;
  health: ContainerHealth;
  /** Restarts by the engine's restart policy since the container was created. */
  restartCount: number;
  /** Whether the kernel's OOM killer ended the last run. Docker clears it when the container starts again. */
  oomKilled: boolean;
  /** Exit code of the last run (137 = SIGKILL, e.g. the OOM killer; 134 = abort, e.g. V8's heap limit). */
  exitCode: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The container's memory limit, or null when it has none. */
  memoryLimitBytes: number | null;
}

export interface ContainerMemory {
  /** As `docker stats` reports it: usage less the inactive page cache. */
  usageBytes: number;
  limitBytes: number;
}

export interface ContainerEvent {
  /** The engine's action: "oom", "die", "kill", "start", "restart", "stop", "health_status: healthy", ... */
  action: string;
  time: Date;
  /** With "die": the run's exit code. */
  exitCode?: number;
}

export interface ContainerClient {
  /** Resolves when the engine answers; rejects with DockerUnavailable otherwise. */
  ping(): Promise<void>;
  /** The project's containers (every project's when the client has none), one per service. */
  list(): Promise<ServiceContainer[]>;
  find(service: string): Promise<ServiceContainer>;
  restart(service: string, options?: { timeoutSeconds?: number }): Promise<void>;
  /** Sends a signal to the container's command from inside (`kill -HUP 1` through exec): SIGHUP asks the service's supervisor for a rolling restart. */
  signal(service: string, signal: string): Promise<void>;
  memory(service: string): Promise<ContainerMemory>;
  /** The engine's events for the service's container between `since` and `until` (default: now). */
  events(service: string, window: { since: Date; until?: Date }): Promise<ContainerEvent[]>;
  /** The host port published for the container's `containerPort`, or null when it is not published. */
  hostPort(service: string, containerPort: number): Promise<number | null>;
}

/** No Docker engine answers: the user can start one (or pick another target). */
export class DockerUnavailable extends UserError {
  constructor(where: string, cause: unknown) {
    super(`No Docker engine answers at ${where} (${describe(cause)}): start Docker, or choose another --target`);
    this.name = 'DockerUnavailable';
  }
}

export class ContainerNotFound extends UserError {
  constructor(service: string, project: string | undefined) {
    super(
      `No container for service "${service}"${project ? ` in compose project "${project}"` : ''}: ` +
        'is the stack up (docker compose up -d)?',
    );
    this.name = 'ContainerNotFound';
  }
}

export interface DockerClientOptions {
  /** The compose project; default COMPOSE_PROJECT_NAME, else any project (an error if several run the service). */
  project?: string;
  /** dockerode's connection options; default DOCKER_HOST or the local socket. */
  docker?: Docker.DockerOptions;
}

export function createDockerClient(options: DockerClientOptions = {}): ContainerClient {
  const docker = new Docker(options.docker);
  const where = engineAddress(options.docker);
  const project = options.project ?? (process.env.COMPOSE_PROJECT_NAME || undefined);

  /** Any call to the engine: a connection failure becomes DockerUnavailable. */
  async function engine<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (isConnectionError(err)) throw new DockerUnavailable(where, err);
      throw err;
    }
  }

  async function containerOf(service: string): Promise<Docker.Container> {
    const labels = [`${COMPOSE_SERVICE_LABEL}=${service}`, ...(project ? [`${COMPOSE_PROJECT_LABEL}=${project}`] : [])];
    const found = await engine(() => docker.listContainers({ all: true, filters: { label: labels } }));
    if (found.length === 0) throw new ContainerNotFound(service, project);
    const projects = [...new Set(found.map((c) => c.Labels[COMPOSE_PROJECT_LABEL]))];
    if (projects.length > 1) {
      throw new UserError(
        `Several compose projects run "${service}" (${projects.join(', ')}): set COMPOSE_PROJECT_NAME to the one to use`,
      );
    }
    // Newest first: after `up --force-recreate` an old container may linger a moment.
    found.sort((a, b) => b.Created - a.Created);
    return docker.getContainer(found[0]!.Id);
  }

  async function inspect(container: Docker.Container): Promise<ServiceContainer> {
    const info = await engine(() => container.inspect());
    const { State: state } = info;
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      service: info.Config.Labels[COMPOSE_SERVICE_LABEL] ?? '',
      project: info.Config.Labels[COMPOSE_PROJECT_LABEL] ?? '',
      image: info.Config.Image,
      command: info.Config.Cmd ?? [],
      status: state.Status as ContainerStatus,
      health: (state.Health?.Status as ContainerHealth | undefined) ?? 'none',
      restartCount: info.RestartCount,
      oomKilled: state.OOMKilled,
      exitCode: state.ExitCode,
      startedAt: engineDate(state.StartedAt),
      finishedAt: engineDate(state.FinishedAt),
      memoryLimitBytes: info.HostConfig.Memory ? info.HostConfig.Memory : null,
    };
  }

  return {
    async ping() {
      await engine(() => docker.ping());
    },

    async list() {
      const labels = [COMPOSE_SERVICE_LABEL, ...(project ? [`${COMPOSE_PROJECT_LABEL}=${project}`] : [])];
      const found = await engine(() => docker.listContainers({ all: true, filters: { label: labels } }));
      return Promise.all(found.map((c) => inspect(docker.getContainer(c.Id))));
    },

    async find(service) {
      return inspect(await containerOf(service));
    },

    async restart(service, { timeoutSeconds = 10 } = {}) {
      const container = await containerOf(service);
      await engine(() => container.restart({ t: timeoutSeconds }));
    },

    async signal(service, signal) {
      const container = await containerOf(service);
      // From inside, to the init process (it passes the signal on to the container's command), not
      // `docker kill -s`: the engine takes any kill as a stop by hand, and under unless-stopped the
      // container's next death was then never restarted (measured: a leak's death after the
      // runner's restart left the widget-api down).
      const exec = await engine(() => container.exec({ Cmd: ['sh', '-c', `kill -${signal.replace(/^SIG/, '')} 1`], AttachStdout: true, AttachStderr: true }));
      const stream = await engine(() => exec.start({ hijack: true, stdin: false }));
      await new Promise<void>((resolve) => {
        stream.on('end', () => resolve());
        stream.on('error', () => resolve());
        stream.resume();
      });
      const { ExitCode } = await engine(() => exec.inspect());
      if (ExitCode !== 0) throw new UserError(`could not signal ${service} (${signal}): kill exited with ${ExitCode}`);
    },

    async memory(service) {
      const container = await containerOf(service);
      const stats = await engine(() => container.stats({ stream: false }));
      const memory = stats.memory_stats;
      if (memory.usage === undefined) throw new UserError(`Service "${service}" is not running: no memory figures`);
      // Same as `docker stats`: cgroup v1 reports total_inactive_file, v2 inactive_file.
      const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
      return { usageBytes: memory.usage - (inactive < memory.usage ? inactive : 0), limitBytes: memory.limit };
    },

    async events(service, { since, until = new Date() }) {
      const container = await containerOf(service);
      const stream = await engine(() =>
        docker.getEvents({
          since: Math.floor(since.getTime() / 1000),
          // With `until` the engine sends what it has and ends the stream.
          until: Math.ceil(until.getTime() / 1000),
          filters: { type: ['container'], container: [container.id] },
        }),
      );
      const lines = (await readAll(stream)).split('\n').filter((line) => line.trim() !== '');
      return lines.map((line) => {
        const event = JSON.parse(line) as { Action: string; timeNano: number; Actor?: { Attributes?: Record<string, string> } };
        const exitCode = event.Actor?.Attributes?.exitCode;
        return {
          action: event.Action,
          time: new Date(Math.floor(event.timeNano / 1e6)),
          ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
        };
      });
    },

    async hostPort(service, containerPort) {
      const info = await engine(() => containerOf(service).then((c) => c.inspect()));
      const bindings = info.NetworkSettings.Ports?.[`${containerPort}/tcp`];
      const port = bindings?.[0]?.HostPort;
      return port ? Number(port) : null;
    },
  };
}

/** Where dockerode connects, for messages: the options' socket or host, else DOCKER_HOST, else the default socket. */
function engineAddress(options: Docker.DockerOptions | undefined): string {
  if (options?.socketPath) return `unix://${options.socketPath}`;
  if (options?.host) return `${options.protocol ?? 'http'}://${options.host}:${options.port ?? 2375}`;
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

function engineDate(value: string | undefined): Date | null {
  // The engine reports "0001-01-01T00:00:00Z" for "never".
  if (!value || value.startsWith('0001-')) return null;
  return new Date(value);
}

function isConnectionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'ECONNRESET' || code === 'ETIMEDOUT';
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  return e?.code ?? e?.message ?? String(err);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
}
