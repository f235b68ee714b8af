import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RUN_RECORD_FILE, type RunRecord } from '../run-record';
import { readRecord, RecordFile } from './record-file';

/**
 * A record a runner left `running` when it died (kill -9, the machine's OOM killer) is marked
 * `abandoned`, with the time it was last written (the runner was alive then), by the next command
 * that reads it: no record stays `running` for a run nobody is running. Returns the marked record;
 * null when the record is not that (finished, or its runner is alive or on another machine).
 */
export async function markIfAbandoned(runFolder: string): Promise<RunRecord | null> {
  const record = await readRecord(runFolder).catch(() => null);
  if (!record || record.status !== 'running' || !record.runner) return null;
  if (record.runner.host !== os.hostname() || isAlive(record.runner.pid)) return null;
  const { mtime } = await stat(path.join(runFolder, RUN_RECORD_FILE));
  record.status = 'abandoned';
  record.abandoned = { lastWrittenAt: mtime.toISOString(), markedAt: new Date().toISOString() };
  await new RecordFile(runFolder).write(record);
  return record;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
