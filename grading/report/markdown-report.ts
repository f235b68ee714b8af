import type { GradeReport } from '../grade';
import { escapeMarkdown as md } from './escape';
import { flagLines, pointsText, readingLines, runLine, scoreLine, STATUS_SYMBOL } from './summary';

/** A report to hand back to the learner, in Markdown; everything the learner wrote is escaped. */
export function markdownReport(r: GradeReport): string {
  const out: string[] = [];
  out.push(`# Postmortem feedback: ${md(r.file ?? 'your postmortem')}`, '');
  out.push(`**Score:** ${md(scoreLine(r))}  `, `**Run:** ${md(runLine(r))}  `, `**Words:** ${r.wordCount}`, '');
  if (r.flags.length > 0) out.push('**Flags:**', '', ...flagLines(r).map((f) => `- ${md(f)}`), '');
  if (r.reading.length > 0) out.push('**Reading notes:**', '', ...readingLines(r).map((n) => `- ${md(n)}`), '');
  out.push('| | Criterion | Points |', '|---|---|---|');
  for (const c of r.criteria) out.push(`| ${STATUS_SYMBOL[c.status]} | ${md(c.title)} | ${md(pointsText(c))} |`);
  out.push('');
  for (const c of r.criteria) {
    if (c.status === 'skipped') continue;
    out.push(`## ${STATUS_SYMBOL[c.status]} ${md(c.title)} (${md(pointsText(c))})`, '');
    for (const e of c.evidence) {
      const where = e.line !== null ? `line ${e.line}` : 'read';
      out.push(`- ${where}: ${md(e.read)}${e.expected ? `, expected: ${md(e.expected)}` : ''}`);
    }
    if (c.feedback.length > 0 || c.warnings.length > 0) out.push('');
    for (const f of c.feedback) out.push(`- **To do:** ${md(f)}`);
    for (const w of c.warnings) out.push(`- **Check:** ${md(w)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
