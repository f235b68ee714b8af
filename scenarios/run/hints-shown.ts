import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from './record-file';

/** Which hint tiers were shown during a run, and when (hints.json in the run folder; the debrief lists them). */
export const HINTS_FILE = 'hints.json';

const hintsShownSchema = z.array(z.object({ tier: z.number().int().min(1).max(3), at: z.string() }));
export type HintsShown = z.infer<typeof hintsShownSchema>;

export async function readHintsShown(runFolder: string): Promise<HintsShown> {
  try {
    return hintsShownSchema.parse(JSON.parse(await readFile(path.join(runFolder, HINTS_FILE), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export async function writeHintsShown(runFolder: string, shown: HintsShown): Promise<void> {
  await writeAtomically(path.join(runFolder, HINTS_FILE), JSON.stringify(shown, null, 2) + '\n');
}
