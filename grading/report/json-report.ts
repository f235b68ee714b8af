import type { GradeReport } from '../grade';

/** For tools: the whole report, keys in a stable order. */
export function jsonReport(r: GradeReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
