import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ServiceExit {
  at: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** V8 ran out of heap ("Reached heap limit" / "JavaScript heap out of memory"). */
  outOfMemory: boolean;
  /** Asked to stop (restart or shutdown) rather than died. */
  requested: boolean;
}

export interface ServiceProcessOptions {
  name: string;
  /** Compiled entry point, e.g. dist/services/widget-api/server.js */
  entry: string;
  env: Record<string, string>;
  /** V8 old-space limit, the same arithmetic as the container's memory limit. */
  maxOldSpaceMb: number;
  logFile: string;
  /** Restart after an unrequested exit, like a container's restart policy. */
  restartOnExit: boolean;
  onExit?: (exit: ServiceExit) => void;
  onLine?: (line: string) => void;
}

const START_TIMEOUT_MS = 60_000;

/**
 * One service as a child process: started with the lab's flags, its output appended to a log
 * file, its URL learned from its "listening" log line (so port 0 works), restarted when it dies.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private stopping = false;
  private requested = false;
  url: string | undefined;
  readonly exits: ServiceExit[] = [];
  restarts = 0;

  constructor(private readonly options: ServiceProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get name(): string {
    return this.options.name;
  }

  /** Starts the process and resolves with its URL once it listens. */
  start(): Promise<string> {
    const { name, entry, env, maxOldSpaceMb } = this.options;
    this.requested = false;
    let listened = false;
    const child = spawn(process.execPath, [`--max-old-space-size=${maxOldSpaceMb}`, '--expose-gc', path.resolve(entry)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderrTail = '';
    const listening = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s (see ${this.options.logFile})`)), START_TIMEOUT_MS);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.log.write(line + '\n');
        this.options.onLine?.(line);
        if (!this.url || line.includes('"listening"')) {
          try {
            const entry = JSON.parse(line) as { msg?: string; url?: string };
            if (entry.msg === 'listening' && entry.url) {
              this.url = entry.url;
              listened = true;
              // Keep the same port across restarts, even when the first start asked for port 0.
              this.options.env.PORT = new URL(entry.url).port;
              clearTimeout(timer);
              resolve(entry.url);
            }
          } catch {
            // not a JSON log line
          }
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with code ${code} before listening (see ${this.options.logFile}): ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.log.write(text);
      stderrTail = (stderrTail + text).slice(-4_000);
    });
    child.once('exit', (code, signal) => {
      const exit: ServiceExit = {
        at: new Date().toISOString(),
        code,
        signal,
        outOfMemory: /Reached heap limit|JavaScript heap out of memory/.test(stderrTail),
        requested: this.requested,
      };
      this.exits.push(exit);
      this.options.onExit?.(exit);
      // A process that never listened has a configuration problem: restarting it would only loop.
      if (!this.requested && !this.stopping && this.options.restartOnExit && listened) {
        this.restarts++;
        // A short pause, as a restart policy would, so a crash loop does not spin.
        setTimeout(() => {
          if (this.stopping) return;
          this.start().catch((err: Error) => this.log.write(`restart failed: ${err.message}\n`));
        }, 1_000);
      }
    });
    return listening;
  }

  /** Graceful restart (SIGTERM, drain, start again): the instructor's or scenario's "restart the service". */
  async restart(): Promise<string> {
    await this.terminate();
    this.restarts++;
    return this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.terminate();
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.requested = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
