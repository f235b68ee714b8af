import { readFileSync } from 'node:fs';
import path from 'node:path';
import { humanGradeSchema } from '../../bench/grading-corpus';
import { loadRun } from './fixture-helpers';

export const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');

/** One postmortem of the human-graded corpus, with the run it is graded against. */
export function corpusDoc(id: string): { text: string; run: ReturnType<typeof loadRun> | null; file: string } {
  const grade = humanGradeSchema.parse(JSON.parse(readFileSync(path.join(CORPUS, `${id}.grade.json`), 'utf8')));
  return { text: readFileSync(path.join(CORPUS, `${id}.md`), 'utf8'), run: grade.run ? loadRun(grade.run) : null, file: path.join(CORPUS, `${id}.md`) };
}
