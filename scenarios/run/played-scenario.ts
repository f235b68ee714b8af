import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../common/user-error';
import { scenarios } from '../definitions';
import { formatProblem, parseScenarioText } from '../scenario-file';
import type { Scenario } from '../scenario-schema';

/**
 * The run folder keeps the scenario file it played (`scenario.yaml`): its hints, brief and debrief
 * come from what was played, a built-in or an instructor's own file, even once that file has moved
 * or changed. It names the cause, so only the instructor's account reads it (mode 0600, like the
 * lab folder's pointer to the current run).
 */
export const PLAYED_SCENARIO_FILE = 'scenario.yaml';

export async function writePlayedScenario(runFolder: string, text: string): Promise<void> {
  await writeFile(path.join(runFolder, PLAYED_SCENARIO_FILE), text, { mode: 0o600 });
}

/**
 * The scenario a run folder played: its copy, else (a run from before copies were kept) the
 * built-in scenario of that name; undefined when neither exists.
 */
export async function playedScenario(runFolder: string, name: string): Promise<Scenario | undefined> {
  const file = path.join(runFolder, PLAYED_SCENARIO_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return scenarios().find((s) => s.name === name);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.success) throw new UserError(`the run's scenario no longer passes the checks: ${formatProblem(file, parsed.problems[0]!)}`);
  return parsed.scenario;
}
