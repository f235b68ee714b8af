import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** This machine's processes, from /proc (what `ps -o pid,ppid,stat,cmd` shows). */
export function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      rows.push({ pid: Number(entry), ppid: Number(ppid), state: state!, command });
    } catch {
      // gone meanwhile
    }
  }
  return rows;
}

/** Whether the process runs (a zombie does not). */
export function isRunning(pid: number | undefined): boolean {
  return pid !== undefined && processTable().some((p) => p.pid === pid && p.state !== 'Z');
}
