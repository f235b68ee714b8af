import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '../scenarios/run-record';
import { gradePostmortem } from './grade';
import type { GradebookRow } from './gradebook';
import { readPostmortem } from './input/read-postmortem';
import { readRunRecord } from './input/read-run';
import { UnreadableInputError } from './input/unreadable-input';

/** Files in a class folder that are postmortems (one per learner). */
export const POSTMORTEM_EXTENSIONS = ['.md', '.markdown'];

/**
 * Grades every postmortem in a folder. Each learner is graded against `run` when given, else
 * against their own run folder next to their file (`alice.md` with `alice/run.json`), else
 * against the document alone. Unreadable files become rows that say why; they never stop the class.
 */
export async function gradeFolder(folder: string, run: RunRecord | null): Promise<GradebookRow[]> {
  const names = (await readdir(folder))
    .filter((n) => !n.startsWith('.') && POSTMORTEM_EXTENSIONS.includes(path.extname(n).toLowerCase()))
    .sort();
  const rows: GradebookRow[] = [];
  for (const name of names) {
    const learner = path.basename(name, path.extname(name));
    const file = path.join(folder, name);
    try {
      const text = await readPostmortem(file);
      const own = run ? null : await learnerRun(folder, learner);
      const report = gradePostmortem(text, { run: run ?? own?.record ?? null, file: name });
      rows.push({ learner, file: name, status: 'graded', report, message: own?.note ?? '' });
    } catch (err) {
      if (!(err instanceof UnreadableInputError)) throw err;
      rows.push({ learner, file: name, status: 'unreadable', report: null, message: err.message });
    }
  }
  return rows;
}

async function learnerRun(folder: string, learner: string): Promise<{ record: RunRecord | null; note: string } | null> {
  const dir = path.join(folder, learner);
  try {
    if (!(await stat(dir)).isDirectory()) return null;
  } catch {
    return null;
  }
  try {
    return { record: await readRunRecord(dir), note: '' };
  } catch (err) {
    if (!(err instanceof UnreadableInputError)) throw err;
    return { record: null, note: `run not used: ${err.message}` };
  }
}
