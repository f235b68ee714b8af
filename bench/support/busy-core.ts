import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * "A busy laptop": one process that keeps one core busy (a tight loop, as a browser tab or a
 * video call would take a core), for the bench's and the tests' busy condition. Bounded: it ends
 * by itself after `maxMs` even if nobody stops it, and stop() ends it at once.
 */
export interface BusyCore {
  readonly pid: number;
  /** Ends the loop now (SIGKILL: it holds nothing) and resolves once it has exited. */
  stop(): Promise<void>;
}

// Spins in slices of 50 ms and checks the deadline between them; exits by itself at the deadline.
const LOOP = `const end = Date.now() + Number(process.argv[1]);
let x = 0;
while (Date.now() < end) { const slice = Date.now() + 50; while (Date.now() < slice) x = (x * 1103515245 + 12345) % 2147483648; }`;

export async function startBusyCore(maxMs: number): Promise<BusyCore> {
  if (!(maxMs > 0)) throw new RangeError(`maxMs must be positive, got ${maxMs}`);
  const child: ChildProcess = spawn(process.execPath, ['-e', LOOP, String(Math.round(maxMs))], { stdio: 'ignore' });
  await once(child, 'spawn');
  const exited = once(child, 'exit');
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
