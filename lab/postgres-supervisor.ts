import type { ChildProcess } from 'node:child_process';

/** One thing that happened to the lab's PostgreSQL, as `up` prints it and the lab's status shows it. */
export interface DatabaseEvent {
  at: string;
  kind: 'died' | 'restarted' | 'restart-failed';
  /** One line for the terminal and the log. */
  message: string;
}

/** Back-off between attempts to start PostgreSQL again, as for the services: 1 s, 2 s, 4 s ... 30 s. */
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** A server that stayed up this long had recovered: its next death starts the back-off from the beginning. */
const STABLE_AFTER_MS = 30_000;

/**
 * Keeps the lab's PostgreSQL running as a restart policy would: when the postmaster dies without
 * being asked to (kill -9, out of memory), the death is reported in one line and the server is
 * started again with back-off. The services' pools reconnect by themselves, so their readiness
 * comes back once the server is.
 */
export class PostgresSupervisor {
  restarts = 0;
  readonly events: DatabaseEvent[] = [];
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private diedAt = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = BACKOFF_FIRST_MS;

  constructor(
    /** Starts the server; resolves with the postmaster once it accepts connections. */
    private readonly launch: () => Promise<ChildProcess>,
    private readonly onEvent: (event: DatabaseEvent) => void,
    /** Told the postmaster's pid whenever it changes (undefined: none running). */
    private readonly onPid: (pid: number | undefined) => void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether a postmaster is running now (false between a death and the restart). */
  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    this.watch(await this.launch());
  }

  /** No more restarts; resolves with whether a postmaster is still running (for the caller to stop). */
  halt(): boolean {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.running;
  }

  private watch(child: ChildProcess): void {
    this.child = child;
    this.startedAt = Date.now();
    this.onPid(child.pid);
    child.once('exit', (code, signal) => this.died(child, code, signal));
  }

  private died(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.onPid(undefined);
    if (this.stopping) return;
    this.diedAt = Date.now();
    if (this.diedAt - this.startedAt >= STABLE_AFTER_MS) this.backoffMs = BACKOFF_FIRST_MS;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    this.emit('died', `PostgreSQL (pid ${child.pid}) exited (${how}); starting it again in ${this.backoffMs / 1000} s`);
    this.schedule();
  }

  private schedule(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopping) return;
      this.launch().then(
        (child) => {
          if (this.stopping) {
            child.kill('SIGINT');
            return;
          }
          this.restarts++;
          this.watch(child);
          this.emit('restarted', `PostgreSQL is back (pid ${child.pid}), ${((Date.now() - this.diedAt) / 1000).toFixed(1)} s after it died`);
        },
        (err: Error) => {
          if (this.stopping) return;
          this.emit('restart-failed', `PostgreSQL did not start again (${err.message}); next try in ${this.backoffMs / 1000} s`);
          this.schedule();
        },
      );
    }, delay);
  }

  private emit(kind: DatabaseEvent['kind'], message: string): void {
    const event: DatabaseEvent = { at: new Date().toISOString(), kind, message };
    this.events.push(event);
    this.onEvent(event);
  }
}
