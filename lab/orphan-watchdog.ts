import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WatchMessage, WatchTarget } from './watchdog-messages';

/**
 * No orphans, whatever kills this process: each child it starts that would outlive it
 * (PostgreSQL, Prometheus, the services, a console's scenario run) is told to a small watchdog
 * process (watchdog-main.ts), which stops them if this process dies without doing so itself
 * (kill -9, out of memory). One watchdog per process, started with the first child to watch and
 * let go when none is left; it never keeps this process alive.
 */
class OrphanWatchdog {
  private child: ChildProcess | undefined;
  private readonly watched = new Set<number>();

  watch(pid: number | undefined, options: { match: string; signal?: NodeJS.Signals; graceMs?: number; removeDir?: string }): void {
    if (!pid) return;
    const target: WatchTarget = {
      pid,
      match: options.match,
      signal: options.signal ?? 'SIGTERM',
      graceMs: options.graceMs ?? 5_000,
      ...(options.removeDir ? { removeDir: options.removeDir } : {}),
    };
    this.watched.add(pid);
    this.send({ type: 'watch', target });
  }

  unwatch(pid: number | undefined): void {
    if (!pid || !this.watched.delete(pid)) return;
    this.send({ type: 'unwatch', pid });
    if (this.watched.size === 0 && this.child) {
      // Nothing left to guard: the watchdog exits when its channel closes, with nothing to stop.
      this.child.disconnect();
      this.child = undefined;
    }
  }

  /** The watchdog's pid (lab.json names it, so the next `up` knows every process of a dead lab). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private send(message: WatchMessage): void {
    const child = (this.child ??= this.start());
    if (child.connected) child.send(message);
  }

  private start(): ChildProcess {
    const child = fork(watchdogScript(), [], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] });
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    return child;
  }
}

/** Compiled beside this file in dist/; from the sources (tests run through SWC), the build's copy. */
function watchdogScript(): string {
  const beside = path.join(__dirname, 'watchdog-main.js');
  return existsSync(beside) ? beside : path.join(__dirname, '..', 'dist', 'lab', 'watchdog-main.js');
}

export const orphanWatchdog = new OrphanWatchdog();
