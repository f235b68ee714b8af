import type { CriterionResult, CriterionStatus, GradeReport } from '../grade';

/** Words and symbols shared by the reporters. */
export const STATUS_SYMBOL: Record<CriterionStatus, string> = { pass: '✔', partial: '~', fail: '✘', skipped: '–' };

export function pointsText(c: CriterionResult): string {
  if (c.status === 'skipped') return 'skipped';
  return c.group === 'bonus' ? `+${c.points} / ${c.maxPoints}` : `${c.points} / ${c.maxPoints}`;
}

export function scoreLine(r: GradeReport): string {
  const bonus = r.bonus > 0 ? ` + ${r.bonus} extra credit` : '';
  const cap = r.cap ? ` (capped at ${r.cap.percent}%: ${r.cap.reason})` : '';
  const deduction = r.deduction ? ` (−${r.deduction.points} points: ${r.deduction.reason})` : '';
  return `${r.points} / ${r.maxPoints}${bonus} = ${r.percent}%${deduction}${cap}`;
}

/** "OFF_TOPIC: this postmortem is not about ...", one a line: what an instructor should look at. */
export function flagLines(r: GradeReport): string[] {
  return r.flags.map((f) => `${f.code}: ${f.message}`);
}

/** "line 1: the code fence opened on line 1 is never closed ...": how the text was read. */
export function readingLines(r: GradeReport): string[] {
  return r.reading.map((n) => `line ${n.line}: ${n.message}`);
}

export function runLine(r: GradeReport): string {
  return r.run ? `${r.run.runId} (${r.run.scenario}, ${r.run.service}, ${r.run.timezone})` : 'none (document checks only)';
}
