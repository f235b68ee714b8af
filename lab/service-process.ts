import type { ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isRestartRequest } from '../services/kit/supervisor-messages';
import { orphanWatchdog } from './orphan-watchdog';
import { freePort } from './free-port';

export interface ServiceExit {
  at: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** V8 ran out of heap ("Reached heap limit" / "JavaScript heap out of memory"). */
  outOfMemory: boolean;
  /** Asked to stop (restart or shutdown) rather than died. */
  requested: boolean;
  /** Killed by the supervisor: it had not answered /healthz for LIVENESS_TIMEOUT_MS (stopped, or stuck). */
  unresponsive?: boolean;
}

export interface ServiceProcessOptions {
  name: string;
  /** Compiled entry point, e.g. dist/services/widget-api/server.js */
  entry: string;
  env: Record<string, string>;
  /** V8 old-space limit, the same arithmetic as the container's memory limit. */
  maxOldSpaceMb: number;
  /** Where the processes' output goes: a file (appended), or `'stdout'`, this process's own (a container's log). */
  logFile: string;
  /** Restart after an unrequested exit, like a container's restart policy. */
  restartOnExit: boolean;
  onExit?: (exit: ServiceExit) => void;
  onLine?: (line: string) => void;
  /** A new process serves (first start, restart, after a death): its pid. */
  onStarted?: (pid: number | undefined) => void;
  /**
   * Tell each process to the orphan watchdog (default true). A container's supervisor does not:
   * its processes end with the container, and the watchdog would be one more node process (~40 MB)
   * inside the container's memory limit.
   */
  watchOrphans?: boolean;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** Restart back-off after a crash or a failed start, as a restart policy would: 1 s, 2 s, 4 s ... 30 s. */
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** A process that exits with this code found its configuration invalid: starting it again would only loop. */
const CONFIG_ERROR_EXIT = 2;
/**
 * Liveness, as an orchestrator's probe: a process that has not answered /healthz for 30 s (SIGSTOP,
 * an endless loop) serves nobody and never exits by itself; it is killed and started again.
 */
const LIVENESS_INTERVAL_MS = 5_000;
const LIVENESS_TIMEOUT_MS = 30_000;

interface Instance {
  child: ChildProcess;
  ready: boolean;
  stderrTail: string;
  requested: boolean;
  unresponsive?: boolean;
}

/**
 * One service as a child process: started with the lab's flags, its output appended to a log
 * file, its URL learned from its "listening" log line, restarted with back-off when it dies.
 *
 * Children are cluster workers with the SCHED_NONE policy: this process holds the listening
 * socket (as systemd's socket activation or a load balancer would) and each worker accepts from
 * it directly. So a restart is rolling: the new process listens before the old one drains, and no
 * connection is refused in between. (A crash still leaves a gap until the next process listens.)
 */
export class ServiceProcess {
  private current: Instance | undefined;
  private readonly log: WriteStream | NodeJS.WriteStream;
  private stopping = false;
  private starting: Promise<string> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = BACKOFF_FIRST_MS;
  private served = false;
  private livenessTimer: NodeJS.Timeout | undefined;
  private lastAliveMs = 0;
  private probing = false;
  url: string | undefined;
  readonly exits: ServiceExit[] = [];
  restarts = 0;

  constructor(private readonly options: ServiceProcessOptions) {
    // (not /dev/stdout: opening it fails when stdout is a socket, as a parent's pipe can be)
    this.log = options.logFile === 'stdout' ? process.stdout : createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  get name(): string {
    return this.options.name;
  }

  /** Starts the process and resolves with its URL once it serves. */
  start(): Promise<string> {
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Graceful, rolling restart (the instructor's or scenario's "restart the service"): the new process serves, then the old one drains. */
  async restart(): Promise<string> {
    this.cancelRetry();
    const old = this.current;
    // Counted once the new process serves: a restart that failed left the old one serving, not restarted.
    const url = await this.start();
    this.restarts++;
    if (old && old !== this.current) await this.terminate(old);
    return url;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.livenessTimer);
    this.cancelRetry();
    await this.starting?.catch(() => undefined);
    if (this.current) await this.terminate(this.current);
    if (this.log !== process.stdout) await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private async launch(): Promise<string> {
    // Every process of the service must ask for the same port to share the listening socket.
    if (this.options.env.PORT === undefined || this.options.env.PORT === '0') this.options.env.PORT = String(await freePort());
    const instance = this.spawnInstance();
    const url = await this.serving(instance);
    this.current = instance;
    this.served = true;
    this.backoffMs = BACKOFF_FIRST_MS;
    this.options.onStarted?.(instance.child.pid);
    this.lastAliveMs = Date.now();
    if (this.options.restartOnExit && !this.livenessTimer) {
      this.livenessTimer = setInterval(() => void this.probeLiveness(), LIVENESS_INTERVAL_MS);
      this.livenessTimer.unref();
    }
    return url;
  }

  private async probeLiveness(): Promise<void> {
    const instance = this.current;
    if (!instance || !this.url || this.stopping || this.probing) return;
    this.probing = true;
    try {
      if ((await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(LIVENESS_INTERVAL_MS) })).ok) this.lastAliveMs = Date.now();
    } catch {
      // no answer: counted below
    } finally {
      this.probing = false;
    }
    const silentMs = Date.now() - this.lastAliveMs;
    if (instance !== this.current || this.stopping || silentMs < LIVENESS_TIMEOUT_MS) return;
    instance.unresponsive = true;
    this.log.write(`[outage-lab supervisor] ${new Date().toISOString()} pid ${instance.child.pid} has not answered /healthz for ${Math.round(silentMs / 1000)} s: killing it (SIGKILL) to start it again\n`);
    this.lastAliveMs = Date.now();
    instance.child.kill('SIGKILL');
  }

  private spawnInstance(): Instance {
    const { entry, env, maxOldSpaceMb } = this.options;
    cluster.schedulingPolicy = cluster.SCHED_NONE; // (read once, at the first fork)
    cluster.setupPrimary({ exec: path.resolve(entry), args: [], execArgv: [`--max-old-space-size=${maxOldSpaceMb}`, '--expose-gc'], silent: true });
    const worker = cluster.fork(env);
    const child = worker.process;
    const instance: Instance = { child, ready: false, stderrTail: '', requested: false };
    // A worker exits by itself when this process dies, unless it is stopped (SIGSTOP) or stuck: the watchdog makes sure.
    if (this.options.watchOrphans ?? true) {
      orphanWatchdog.watch(child.pid, { match: path.resolve(entry), signal: 'SIGKILL', graceMs: 0 });
      child.once('exit', () => orphanWatchdog.unwatch(child.pid));
    }
    // A rollback redeploys, and the on-call may ask for a restart: the process asks, the supervisor rolls.
    worker.on('message', (message: unknown) => {
      if (!isRestartRequest(message) || instance !== this.current || this.stopping) return;
      this.log.write(`restart asked for by the service: ${message.reason}\n`);
      this.restart().catch((err: Error) => this.log.write(`restart failed: ${err.message}\n`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.log.write(text);
      instance.stderrTail = (instance.stderrTail + text).slice(-4_000);
    });
    child.once('exit', (code, signal) => this.exited(instance, code, signal));
    return instance;
  }

  /** Resolves with the URL once the instance serves; rejects if it exits or times out first. */
  private serving(instance: Instance): Promise<string> {
    const { name, logFile } = this.options;
    const { child } = instance;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s (see ${logFile})`));
      }, START_TIMEOUT_MS);
      const served = (url: string): void => {
        if (instance.ready) return;
        instance.ready = true;
        this.url = url;
        clearTimeout(timer);
        resolve(url);
      };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.log.write(line + '\n');
        this.options.onLine?.(line);
        if (instance.ready || !line.includes('"listening"')) return;
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) served(entry.url);
        } catch {
          // not a JSON log line
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        const tail = instance.stderrTail.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${name} exited with code ${code} before serving (see ${logFile}): ${tail}`));
      });
    });
  }

  private exited(instance: Instance, code: number | null, signal: NodeJS.Signals | null): void {
    const exit: ServiceExit = {
      at: new Date().toISOString(),
      code,
      signal,
      outOfMemory: /Reached heap limit|JavaScript heap out of memory/.test(instance.stderrTail),
      requested: instance.requested,
      ...(instance.unresponsive ? { unresponsive: true } : {}),
    };
    this.exits.push(exit);
    this.options.onExit?.(exit);
    if (instance !== this.current && instance.ready) return; // an old process, drained after a restart
    // A rolling restart's new process that died before serving while the old one still serves: the
    // restart failed (its caller has the error); nothing to retry beside the process that serves.
    if (!instance.ready && this.current && this.current !== instance) return;
    if (instance === this.current) this.current = undefined;
    if (instance.requested || this.stopping || !this.options.restartOnExit || code === CONFIG_ERROR_EXIT) return;
    // A first start that fails is the caller's error to report, not something to retry.
    if (!this.served) return;
    // Died, or failed to start again (the database refusing connections, say): try again, backing off.
    if (instance.ready) this.restarts++;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopping) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopping || this.current) return;
      this.start().catch((err: Error) => this.log.write(`restart failed: ${err.message}\n`));
    }, delay);
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async terminate(instance: Instance): Promise<void> {
    const { child } = instance;
    if (child.exitCode !== null || child.signalCode !== null) return;
    instance.requested = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
