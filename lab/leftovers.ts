import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { LAB_ENDPOINTS_FILE, labStatePath, readStateFile, isAlive } from './lab-state';

/** What a lab's process may be, by a part of its command line (so a reused pid is left alone). */
const LAB_PROCESSES = ['postgres', 'server.js', 'watchdog-main', 'prometheus', 'outage-lab'];
const STOP_GRACE_MS = 15_000;

/**
 * Before a lab starts in `dir`: what a lab that died there left behind (its watchdog killed with it,
 * say) is cleared. Processes named in its lab.json that still run are stopped, a PostgreSQL still
 * holding the data folder's lock (postmaster.pid) is shut down, and the dead lab's state files go.
 * Each thing done is reported in one line.
 */
export async function clearLeftovers(dir: string, report: (line: string) => void): Promise<void> {
  const state = await readStateFile(dir).catch(() => null);
  if (state && !isAlive(state.pid)) {
    const pids = [state.databasePid, state.watchdogPid, ...Object.values(state.services).map((s) => s.pid)];
    for (const pid of pids) {
      const command = pid ? await labCommand(pid) : null;
      if (!pid || !command) continue;
      report(`a lab that died (pid ${state.pid}) left pid ${pid} running (${shorten(command)}): stopping it`);
      await stopProcess(pid, command.includes('postgres') ? 'SIGINT' : 'SIGTERM');
    }
  }
  if (state && !isAlive(state.pid)) {
    await rm(labStatePath(dir), { force: true });
    await rm(path.join(dir, LAB_ENDPOINTS_FILE), { force: true });
  }
  // PostgreSQL's own lock: its first line is the postmaster's pid.
  const dataDir = path.join(dir, 'postgres');
  const lock = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = lock ? Number(lock.split('\n')[0]) : NaN;
  if (Number.isInteger(pid) && pid > 0) {
    const command = await labCommand(pid);
    if (command?.includes('postgres') && command.includes(dataDir)) {
      report(`PostgreSQL (pid ${pid}) of a lab that died still holds ${dataDir}: shutting it down`);
      await stopProcess(pid, 'SIGINT');
    }
  }
}

/** The command line of a running process that is one of a lab's; null otherwise. */
async function labCommand(pid: number): Promise<string | null> {
  if (!isAlive(pid) || pid === process.pid) return null;
  const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
  return LAB_PROCESSES.some((p) => command.includes(p)) ? command : null;
}

async function stopProcess(pid: number, signal: NodeJS.Signals): Promise<void> {
  const send = (s: NodeJS.Signals): void => {
    try {
      process.kill(pid, s);
    } catch {
      // gone meanwhile
    }
  };
  send(signal);
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) send('SIGKILL');
  while (isAlive(pid) && Date.now() < deadline + 5_000) await new Promise((resolve) => setTimeout(resolve, 100));
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
