import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Which process a heap snapshot is of, kept beside it (<snapshot>.process.json) when `heap
 * snapshot` saves it: the service answers with it in the x-process header (services/kit/process-header.ts). A diff compares two
 * snapshots of one process; of two, every object is "new" and the diff says nothing true.
 */
export { PROCESS_HEADER } from '../services/kit/process-header';

const originSchema = z.object({ service: z.string(), pid: z.number().int(), startedAt: z.string() });
export type SnapshotOrigin = z.infer<typeof originSchema>;

export function parseProcessHeader(value: string | string[] | undefined): SnapshotOrigin | null {
  const match = typeof value === 'string' ? /^(\S+) pid=(\d+) started=(\S+)$/.exec(value) : null;
  return match ? { service: match[1]!, pid: Number(match[2]), startedAt: match[3]! } : null;
}

export function originFile(snapshot: string): string {
  return `${snapshot}.process.json`;
}

export async function writeOrigin(snapshot: string, origin: SnapshotOrigin): Promise<void> {
  await writeFile(originFile(snapshot), JSON.stringify(origin) + '\n', { mode: 0o600 });
}

/** The snapshot's origin; null when it has none (saved otherwise) or it does not parse. */
export async function readOrigin(snapshot: string): Promise<SnapshotOrigin | null> {
  try {
    return originSchema.parse(JSON.parse(await readFile(originFile(snapshot), 'utf8')));
  } catch {
    return null;
  }
}

/** "widget-api (pid 123, started 10:02:03)" */
export function describeOrigin(o: SnapshotOrigin): string {
  return `${o.service} (pid ${o.pid}, started ${o.startedAt})`;
}

/** Whether two origins are one process (a pid reused after a restart has another start time). */
export function sameProcess(a: SnapshotOrigin, b: SnapshotOrigin): boolean {
  return a.service === b.service && a.pid === b.pid && Math.abs(Date.parse(a.startedAt) - Date.parse(b.startedAt)) < 2_000;
}
