import type { GradeReport } from '../grade';
import { plain } from './escape';
import { flagLines, pointsText, readingLines, runLine, scoreLine, STATUS_SYMBOL } from './summary';

const WIDTH = 100;

/** The terminal report: one row per criterion, then the evidence read and what to do. */
export function textReport(r: GradeReport): string {
  const out: string[] = [];
  out.push(`Postmortem: ${plain(r.file ?? '(text)')}  (${r.wordCount} words)`);
  out.push(`Run:        ${plain(runLine(r))}`);
  out.push(`Score:      ${scoreLine(r)}`);
  for (const f of flagLines(r)) out.push(...wrap(`Flag:       ${plain(f)}`, '', '            '));
  for (const n of readingLines(r)) out.push(...wrap(`Reading:    ${plain(n)}`, '', '            '));
  out.push('');
  const titleWidth = Math.max(...r.criteria.map((c) => c.title.length));
  out.push(`  ${'Criterion'.padEnd(titleWidth)}  Points`);
  out.push(`  ${'-'.repeat(titleWidth)}  -------`);
  for (const c of r.criteria) {
    out.push(`${STATUS_SYMBOL[c.status]} ${c.title.padEnd(titleWidth)}  ${pointsText(c)}`);
    if (c.skipped) out.push(`    (${plain(c.skipped)})`);
    for (const e of c.evidence) {
      out.push(...wrap(`${e.line !== null ? `line ${e.line}` : 'read'}: ${plain(e.read)}`, '    ', '      '));
      if (e.expected) out.push(...wrap(`expected: ${plain(e.expected)}`, '      ', '        '));
    }
    for (const f of c.feedback) out.push(...wrap(`→ ${plain(f)}`, '    ', '      '));
    for (const w of c.warnings) out.push(...wrap(`! ${plain(w)}`, '    ', '      '));
  }
  return `${out.join('\n')}\n`;
}

function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + word.length + 1 > WIDTH) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines;
}
