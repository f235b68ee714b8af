import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from './record-file';

/** The lab folder remembers the latest run, so `outage-lab hint` knows which scenario is being played. */
export const CURRENT_RUN_FILE = 'current-run.json';

const currentRunSchema = z.object({
  runFolder: z.string(),
  scenario: z.string(),
  startedAt: z.string(),
});
export type CurrentRun = z.infer<typeof currentRunSchema>;

export async function writeCurrentRun(labFolder: string, run: CurrentRun): Promise<void> {
  await mkdir(labFolder, { recursive: true });
  await writeAtomically(path.join(labFolder, CURRENT_RUN_FILE), JSON.stringify(run, null, 2) + '\n');
}

export async function readCurrentRun(labFolder: string): Promise<CurrentRun | null> {
  try {
    return currentRunSchema.parse(JSON.parse(await readFile(path.join(labFolder, CURRENT_RUN_FILE), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
