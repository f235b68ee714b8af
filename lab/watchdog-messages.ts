/** What a supervising process tells its orphan watchdog (lab/watchdog-main.ts) over IPC. */
export interface WatchTarget {
  pid: number;
  /** How to ask it to stop (PostgreSQL: SIGINT, a fast shutdown). */
  signal: NodeJS.Signals;
  /** Then SIGKILL after this long. */
  graceMs: number;
  /** A part of its command line, so a pid reused by another program is left alone. */
  match: string;
  /** A folder of its own to remove once it is gone (a private Prometheus's data). */
  removeDir?: string;
}

export type WatchMessage = { type: 'watch'; target: WatchTarget } | { type: 'unwatch'; pid: number };

export function isWatchMessage(message: unknown): message is WatchMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'watch' || type === 'unwatch';
}
