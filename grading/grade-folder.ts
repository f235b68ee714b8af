import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '../scenarios/run-record';
import { flag, type Flag } from './flags';
import { gradePostmortem } from './grade';
import type { GradebookRow } from './gradebook';
import { readPostmortem } from './input/read-postmortem';
import { readRunRecord, RunRecordMissingError } from './input/read-run';
import { UnreadableInputError } from './input/unreadable-input';
import { nearDuplicates } from './similarity';

/** Files in a class folder that are postmortems (one per learner). */
export const POSTMORTEM_EXTENSIONS = ['.md', '.markdown'];

export interface FolderGrades {
  rows: GradebookRow[];
  /** Entries of the folder that were not graded, each with why ("notes.txt: not Markdown"). */
  skipped: string[];
}

/**
 * Grades every postmortem in a folder. Each learner is graded against `run` when given, else against
 * their own run folder next to their file (`alice.md` with `alice/run.json`). When the class uses own
 * runs, a learner whose run is missing or invalid is flagged and graded with the run criteria at zero:
 * a missing run is never better than a valid one. Unreadable files become rows that say why; pairs of
 * near-identical submissions are flagged on both rows, each naming the other learner.
 */
export async function gradeFolder(folder: string, run: RunRecord | null): Promise<FolderGrades> {
  const entries = (await readdir(folder, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  const postmortems = entries.filter((e) => e.isFile() && POSTMORTEM_EXTENSIONS.includes(path.extname(e.name).toLowerCase()));
  const learners = new Set(postmortems.map((e) => learnerOf(e.name)));
  const runFolders = new Set(entries.filter((e) => e.isDirectory() && learners.has(e.name)).map((e) => e.name));
  const skipped = entries
    .filter((e) => !postmortems.includes(e) && !runFolders.has(e.name))
    .map((e) => `${e.name}${e.isDirectory() ? '/' : ''}: ${skipReason(e.name, e.isDirectory())}`);
  const ownRuns = run === null && runFolders.size > 0;

  const rows: GradebookRow[] = [];
  const texts: Array<{ id: string; text: string }> = [];
  for (const entry of postmortems) {
    const learner = learnerOf(entry.name);
    const file = path.join(folder, entry.name);
    try {
      const text = await readPostmortem(file);
      texts.push({ id: learner, text });
      let record = run;
      let runProblem: Flag | null = null;
      if (ownRuns) {
        const own = await learnerRun(folder, learner, runFolders.has(learner));
        record = own.record;
        runProblem = own.problem;
      }
      const report = gradePostmortem(text, { run: record, file: entry.name, runProblem });
      rows.push({ learner, file: entry.name, status: 'graded', report, message: runProblem ? runProblem.message : '' });
    } catch (err) {
      if (!(err instanceof UnreadableInputError)) throw err;
      rows.push({ learner, file: entry.name, status: 'unreadable', report: null, message: err.message });
    }
  }
  for (const pair of nearDuplicates(texts)) {
    const percent = Math.round(pair.similarity * 100);
    for (const [self, other] of [[pair.a, pair.b], [pair.b, pair.a]]) {
      rows.find((r) => r.learner === self)?.report?.flags.push(flag('NEAR_DUPLICATE', `${percent}% of its wording is the same as ${other}'s postmortem (${other}); compare the two`));
    }
  }
  return { rows, skipped };
}

function learnerOf(name: string): string {
  return path.basename(name, path.extname(name));
}

function skipReason(name: string, folder: boolean): string {
  if (folder) return 'a folder that is no learner\'s run (a run folder is named like its learner\'s file: alice/ for alice.md)';
  const ext = path.extname(name).toLowerCase();
  if (['.html', '.htm'].includes(ext)) return 'HTML, not Markdown: export the postmortem as Markdown to grade it';
  if (['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'].includes(ext)) return 'an image';
  if (['.txt', '.text'].includes(ext)) return 'plain text is not graded: rename it to .md to grade it';
  if (['.pdf', '.doc', '.docx', '.odt'].includes(ext)) return 'a document format the grader cannot read: export it as Markdown';
  return 'not a Markdown postmortem (*.md)';
}

async function learnerRun(folder: string, learner: string, hasFolder: boolean): Promise<{ record: RunRecord | null; problem: Flag | null }> {
  if (!hasFolder) return { record: null, problem: flag('RUN_MISSING', `no run folder for ${learner} (expected ${learner}/run.json next to the postmortem)`) };
  try {
    return { record: await readRunRecord(path.join(folder, learner)), problem: null };
  } catch (err) {
    if (!(err instanceof UnreadableInputError)) throw err;
    const missing = err instanceof RunRecordMissingError;
    return { record: null, problem: flag(missing ? 'RUN_MISSING' : 'RUN_INVALID', `run not used: ${err.message}`) };
  }
}
