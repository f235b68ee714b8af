import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RunRecord } from '../run-record';
import { markIfAbandoned } from './abandoned-run';
import { readRecord } from './record-file';

/** The lab folder remembers the latest run, so hints and the console know which scenario is being played. */
export const CURRENT_RUN_FILE = 'current-run.json';

const currentRunSchema = z.object({
  runFolder: z.string(),
  scenario: z.string(),
  startedAt: z.string(),
});
export type CurrentRun = z.infer<typeof currentRunSchema>;

/** Mode 0600: it names the scenario, so only the instructor's account reads it (learners get released-hints.json). */
export async function writeCurrentRun(labFolder: string, run: CurrentRun): Promise<void> {
  await mkdir(labFolder, { recursive: true });
  const file = path.join(labFolder, CURRENT_RUN_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(run, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

/** The latest run; null when there is none, or its runner died mid-run (see settleCurrentRun). */
export async function readCurrentRun(labFolder: string): Promise<CurrentRun | null> {
  const run = await readPointer(labFolder);
  if (run) await settle(labFolder, run);
  return run && (await readPointer(labFolder));
}

/**
 * When the latest run's runner died mid-run: its record is marked abandoned and the pointer to it
 * removed; returns that record (for the command to say so). Null otherwise.
 */
export async function settleCurrentRun(labFolder: string): Promise<RunRecord | null> {
  const run = await readPointer(labFolder).catch(() => null);
  return run ? settle(labFolder, run) : null;
}

async function settle(labFolder: string, run: CurrentRun): Promise<RunRecord | null> {
  const abandoned = await markIfAbandoned(run.runFolder).catch(() => null);
  // (or marked before, by a command given its folder)
  const marked = abandoned ?? (await readRecord(run.runFolder).catch(() => null));
  if (marked?.status === 'abandoned') await rm(path.join(labFolder, CURRENT_RUN_FILE), { force: true });
  return abandoned;
}

async function readPointer(labFolder: string): Promise<CurrentRun | null> {
  try {
    return currentRunSchema.parse(JSON.parse(await readFile(path.join(labFolder, CURRENT_RUN_FILE), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** One line for the terminal about a run found abandoned. */
export function abandonedLine(record: RunRecord, runFolder = record.runId): string {
  return `the run ${record.runId} (${runFolder}) was left running by a runner that died (pid ${record.runner?.pid}); its record is marked abandoned (last written ${record.abandoned?.lastWrittenAt})`;
}
