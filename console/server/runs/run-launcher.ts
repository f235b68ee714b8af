import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { orphanWatchdog } from '../../../lab/orphan-watchdog';
import { AppError } from '../../../services/kit/errors';
import { packageRoot } from '../../../scenarios/package-root';
import { RunClock } from '../../../scenarios/run-clock';

export interface RunRequest {
  scenario: string;
  mode: 'scripted' | 'drill';
  speed: number;
  quick: boolean;
  /** a drill's time limit, in minutes */
  timeLimitMinutes?: number | undefined;
}

export interface LaunchedRun {
  runFolder: string;
  request: RunRequest;
  startedAt: string;
  pid: number | undefined;
  /** null while running */
  exit: { code: number | null; signal: string | null } | null;
  /** the last lines the run printed (its errors, if it failed to start) */
  output: string;
}

/**
 * Starts a scenario run the way the instructor would in a terminal (`outage-lab scenario run`),
 * as a child process attached to this lab: the runner's CPU (load generation) stays out of the
 * process that serves the console, and the run behaves exactly as from the CLI. One at a time.
 * Stopping it is the CLI's own Ctrl-C (SIGINT): faults off, a valid record with status interrupted.
 */
export class RunLauncher {
  private child: ChildProcess | undefined;
  private last: LaunchedRun | undefined;

  constructor(
    private readonly labDir: string,
    private readonly runsDir: string,
    private readonly env: Record<string, string> = {},
  ) {}

  get current(): LaunchedRun | undefined {
    return this.last;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(request: RunRequest): Promise<LaunchedRun> {
    if (this.child) throw new AppError('CONFLICT', 'A run is already going: stop it first');
    const clock = new RunClock();
    const runFolder = path.resolve(this.runsDir, `${clock.stamp(Date.now())}-${request.scenario}`);
    await mkdir(this.runsDir, { recursive: true });
    const args = [
      path.join(packageRoot(), 'bin', 'outage-lab.js'),
      'scenario', 'run', request.scenario,
      '--dir', this.labDir,
      '--out', runFolder,
      '--speed', String(request.speed),
      '--no-progress',
      ...(request.quick ? ['--quick'] : []),
      ...(request.mode === 'drill' ? ['--drill'] : []),
      ...(request.mode === 'drill' && request.timeLimitMinutes !== undefined ? ['--time-limit', `${request.timeLimitMinutes}m`] : []),
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: LaunchedRun = { runFolder, request, startedAt: new Date().toISOString(), pid: child.pid, exit: null, output: '' };
    const keep = (chunk: Buffer): void => {
      run.output = (run.output + chunk.toString()).slice(-4_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    this.last = run;
    // Should the console's process die, its run stops too (Ctrl-C: faults off, a record `interrupted`).
    orphanWatchdog.watch(child.pid, { match: runFolder, signal: 'SIGINT', graceMs: 20_000 });
    child.once('exit', (code, signal) => {
      run.exit = { code, signal };
      orphanWatchdog.unwatch(child.pid);
      if (this.child === child) this.child = undefined;
    });
    return run;
  }

  /** Ctrl-C for the run; resolves once it has written its record and exited (SIGKILL after `graceMs`). */
  async stop(graceMs = 60_000): Promise<void> {
    const child = this.child;
    if (!child) throw new AppError('CONFLICT', 'No run started from the console is going');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
