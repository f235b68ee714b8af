/**
 * The orphan watchdog's process (started by lab/orphan-watchdog.ts). Its parent (`outage-lab up`,
 * a scenario run) tells it over IPC which of its children to stop should it die. A parent killed
 * with SIGKILL cannot stop anything itself; this process notices (the IPC channel closes, or its
 * parent pid changes) and stops each child it was told of: the signal asked for, SIGKILL after a
 * grace period. It runs in its own session, so the terminal's Ctrl-C or hang-up that stops its
 * parent does not stop it before its parent has cleaned up.
 */
import { readFileSync, rmSync } from 'node:fs';
import { isWatchMessage, type WatchTarget } from './watchdog-messages';

const POLL_MS = 500;
const parent = process.ppid;
const targets = new Map<number, WatchTarget>();
let cleaning = false;

process.on('message', (message: unknown) => {
  if (!isWatchMessage(message)) return;
  if (message.type === 'watch') targets.set(message.target.pid, message.target);
  else targets.delete(message.pid);
});
process.on('disconnect', () => void cleanUp());
// A dead parent leaves this process to init (or a subreaper): its parent pid changes.
setInterval(() => {
  if (process.ppid !== parent) void cleanUp();
}, POLL_MS);
for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => undefined);

async function cleanUp(): Promise<void> {
  if (cleaning) return;
  cleaning = true;
  await Promise.all([...targets.values()].map(stop));
  process.exit(0);
}

async function stop(target: WatchTarget): Promise<void> {
  if (isTheSame(target)) {
    signal(target.pid, target.signal);
    const deadline = Date.now() + target.graceMs;
    while (isTheSame(target) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isTheSame(target)) signal(target.pid, 'SIGKILL');
    while (isTheSame(target) && Date.now() < deadline + 5_000) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (target.removeDir) rmSync(target.removeDir, { recursive: true, force: true });
}

/** Still alive, and still the process it was (its pid not reused by another program since). */
function isTheSame(target: WatchTarget): boolean {
  try {
    process.kill(target.pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${target.pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false; // a zombie: dead, not yet reaped
    return readFileSync(`/proc/${target.pid}/cmdline`, 'utf8').includes(target.match);
  } catch {
    return process.platform !== 'linux'; // no /proc to check against: trust the pid
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}
