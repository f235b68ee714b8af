import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../services/kit/errors';
import { RunClock } from '../run-clock';
import { readCurrentRun } from './current-run';
import { readHintsShown, writeHintsShown } from './hints-shown';
import { playedScenario } from './played-scenario';

/**
 * Hints are the instructor's to release, one tier at a time (`outage-lab hint --release`, the
 * console's button). The run folder's hints.json says which tiers went out and when (the console
 * and the debrief read it); the lab folder's released-hints.json holds the released texts only —
 * no scenario, title or run folder, which name the cause — readable by every account, for the
 * learners' `outage-lab hint`. A new run starts it empty.
 */
export const RELEASED_HINTS_FILE = 'released-hints.json';

const releasedHintsSchema = z.object({
  runStartedAt: z.string(),
  hints: z.array(z.object({ tier: z.number().int().min(1).max(3), at: z.string(), text: z.string() })),
});
export type ReleasedHints = z.infer<typeof releasedHintsSchema>;

export async function writeReleasedHints(labFolder: string, released: ReleasedHints): Promise<void> {
  await mkdir(labFolder, { recursive: true });
  const file = path.join(labFolder, RELEASED_HINTS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(releasedHintsSchema.parse(released), null, 2) + '\n', { mode: 0o644 });
  await rename(tmp, file);
}

/** The hints released in the current run; null when no run has started in this lab folder. */
export async function readReleasedHints(labFolder: string): Promise<ReleasedHints | null> {
  try {
    return releasedHintsSchema.parse(JSON.parse(await readFile(path.join(labFolder, RELEASED_HINTS_FILE), 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Releases the next tier of the current run's hints (the instructor's: it reads the current run,
 * which only the instructor's account can). CONFLICT when all three are out.
 */
export async function releaseNextHint(labFolder: string): Promise<{ tier: number; at: string; text: string }> {
  let run;
  try {
    run = await readCurrentRun(labFolder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EACCES') throw new AppError('INSTRUCTOR_ONLY', 'Releasing hints is the instructor\'s: the current run is not readable from this account');
    throw err;
  }
  if (!run) throw new AppError('NOT_FOUND', 'No scenario run yet: start one with `outage-lab scenario run <name>`');
  const scenario = await playedScenario(run.runFolder, run.scenario);
  if (!scenario) throw new AppError('NOT_FOUND', `The current run's scenario (${run.scenario}) is gone: its run folder has no scenario.yaml`);
  const shown = await readHintsShown(run.runFolder);
  const tier = Math.max(0, ...shown.map((h) => h.tier)) + 1;
  if (tier > 3) throw new AppError('CONFLICT', 'All three hints are released');
  const at = new RunClock().now();
  const released = [...shown, { tier, at }].sort((a, b) => a.tier - b.tier);
  await writeHintsShown(run.runFolder, released);
  await writeReleasedHints(labFolder, {
    runStartedAt: run.startedAt,
    hints: released.map((h) => ({ tier: h.tier, at: h.at, text: scenario.hints[h.tier - 1]! })),
  });
  return { tier, at, text: scenario.hints[tier - 1]! };
}
