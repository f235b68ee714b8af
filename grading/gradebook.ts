import { stringify } from 'csv-stringify/sync';
import type { GradeReport } from './grade';
import { plain } from './report/escape';
import { WEIGHTS, type CriterionId } from './weights';

/** One learner's line in the class gradebook. */
export interface GradebookRow {
  learner: string;
  file: string;
  status: 'graded' | 'unreadable';
  report: GradeReport | null;
  /** Why the file could not be graded, or a note (no run found). */
  message: string;
}

const CRITERION_IDS = Object.keys(WEIGHTS) as CriterionId[];

/** The gradebook as CSV: one row per learner, points per criterion (empty when skipped). */
export function gradebookCsv(rows: GradebookRow[]): string {
  const header = ['learner', 'file', 'status', 'run', 'points', 'max_points', 'extra_credit', 'percent', ...CRITERION_IDS, 'flags', 'message'];
  const records = rows.map((row) => {
    const r = row.report;
    const perCriterion = CRITERION_IDS.map((id) => {
      const c = r?.criteria.find((x) => x.id === id);
      return c && c.status !== 'skipped' ? c.points : '';
    });
    return [
      cell(row.learner), cell(row.file), row.status, cell(r?.run?.runId ?? ''),
      r?.points ?? '', r?.maxPoints ?? '', r?.bonus ?? '', r?.percent ?? '',
      ...perCriterion,
      cell((r?.flags ?? []).map((f) => `${f.code}: ${f.message}`).join(' | ')),
      cell(row.message),
    ];
  });
  return stringify([header, ...records]);
}

/** Spreadsheets run cells that start with = + - @ as formulas; a file name must never be one. */
function cell(text: string): string {
  const clean = plain(text);
  return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
}
