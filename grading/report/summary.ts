import type { CriterionResult, CriterionStatus, GradeReport } from '../grade';

/** Words and symbols shared by the reporters. */
export const STATUS_SYMBOL: Record<CriterionStatus, string> = { pass: '✔', partial: '~', fail: '✘', skipped: '–' };

export function pointsText(c: CriterionResult): string {
  if (c.status === 'skipped') return 'skipped';
  return c.group === 'bonus' ? `+${c.points} / ${c.maxPoints}` : `${c.points} / ${c.maxPoints}`;
}

export function scoreLine(r: GradeReport): string {
  const bonus = r.bonus > 0 ? ` + ${r.bonus} extra credit` : '';
  return `${r.points} / ${r.maxPoints}${bonus} = ${r.percent}%`;
}

export function runLine(r: GradeReport): string {
  return r.run ? `${r.run.runId} (${r.run.scenario}, ${r.run.service}, ${r.run.timezone})` : 'none (document checks only)';
}
