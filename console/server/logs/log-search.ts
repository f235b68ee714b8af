import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LogEntry } from '../../shared/api-types';

export type { LogEntry };


export interface LogQuery {
  service?: string;
  level?: string;
  route?: string;
  status?: string;
  text?: string;
  limit: number;
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Only the end of each file is read: the newest lines, bounded whatever the size of the log. */
export const TAIL_BYTES = 2 * 1024 * 1024;

/**
 * Tail and search across the services' JSON logs (`<lab>/logs/<service>.log`), newest first. Filters:
 * service, minimum level, route (the route template, or a path prefix of the URL), status (exact, or
 * a class such as 5xx) and free text over the line. Lines that are not JSON (a crash's stderr) are
 * shown as they are, timed by the JSON line before them.
 */
export async function searchLogs(logDir: string, services: string[], query: LogQuery): Promise<{ entries: LogEntry[]; scannedBytes: number }> {
  const wanted = query.service ? services.filter((s) => s === query.service) : services;
  const all: LogEntry[] = [];
  let scannedBytes = 0;
  for (const service of wanted) {
    const { lines, bytes } = await tail(path.join(logDir, `${service}.log`));
    scannedBytes += bytes;
    let lastTime = '';
    for (const line of lines) {
      const entry = parseLine(line, service, lastTime);
      if (!entry) continue;
      lastTime = entry.time;
      if (matchesQuery(entry, line, query)) all.push(entry);
    }
  }
  all.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return { entries: all.slice(0, query.limit), scannedBytes };
}

async function tail(file: string): Promise<{ lines: string[]; bytes: number }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { lines: [], bytes: 0 };
  }
  const start = Math.max(0, size - TAIL_BYTES);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // a partial first line
    return { lines: lines.filter((l) => l.trim() !== ''), bytes: buffer.length };
  } finally {
    await handle.close();
  }
}

const LEVEL_RANK = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'stderr'];

function parseLine(line: string, service: string, lastTime: string): LogEntry | null {
  if (!line.startsWith('{')) return lastTime ? { time: lastTime, service, level: 'stderr', msg: line.slice(0, 2_000) } : null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const req = (raw.req ?? {}) as { method?: string; url?: string; id?: string };
  const res = (raw.res ?? {}) as { statusCode?: number };
  const err = raw.err as { message?: string } | undefined;
  return {
    time: String(raw.time ?? lastTime),
    service,
    level: LEVELS[Number(raw.level)] ?? String(raw.level ?? 'info'),
    msg: `${String(raw.msg ?? '')}${err?.message ? `: ${err.message}` : ''}`.slice(0, 2_000),
    ...(req.method ? { method: req.method } : {}),
    ...(req.url ? { url: req.url } : {}),
    ...(typeof raw.route === 'string' ? { route: raw.route } : {}),
    ...(res.statusCode !== undefined ? { status: res.statusCode } : {}),
    ...(typeof raw.responseTime === 'number' ? { responseTimeMs: raw.responseTime } : {}),
    ...(req.id ? { requestId: String(req.id) } : {}),
  };
}

function matchesQuery(entry: LogEntry, line: string, q: LogQuery): boolean {
  if (q.level && LEVEL_RANK.indexOf(entry.level) < LEVEL_RANK.indexOf(q.level)) return false;
  if (q.status) {
    const status = String(entry.status ?? '');
    if (/^[1-5]xx$/i.test(q.status) ? status[0] !== q.status[0] : status !== q.status) return false;
  }
  if (q.route) {
    const pathOnly = (entry.url ?? '').split('?')[0]!;
    if (entry.route !== q.route && !pathOnly.startsWith(q.route)) return false;
  }
  if (q.text && !line.toLowerCase().includes(q.text.toLowerCase())) return false;
  return true;
}
