import type { GradeReport } from '../grade';
import { escapeHtml as h } from './escape';
import { pointsText, readingLines, runLine, scoreLine, STATUS_SYMBOL } from './summary';

/**
 * A self-contained HTML report. Every piece of text is escaped; a Content-Security-Policy that
 * allows no scripts and no external resources backs that up should anything slip through.
 */
export function htmlReport(r: GradeReport): string {
  const rows = r.criteria
    .map((c) => `<tr class="${c.status}"><td>${STATUS_SYMBOL[c.status]}</td><td>${h(c.title)}</td><td>${h(pointsText(c))}</td></tr>`)
    .join('\n');
  const details = r.criteria
    .filter((c) => c.status !== 'skipped')
    .map((c) => {
      const evidence = c.evidence
        .map((e) => `<li><span class="where">${e.line !== null ? `line ${e.line}` : 'read'}</span>: ${h(e.read)}${e.expected ? ` <span class="expected">expected: ${h(e.expected)}</span>` : ''}</li>`)
        .join('\n');
      const todo = c.feedback.map((f) => `<li class="todo">${h(f)}</li>`).join('\n');
      const check = c.warnings.map((w) => `<li class="check">${h(w)}</li>`).join('\n');
      return `<section class="${c.status}"><h2>${STATUS_SYMBOL[c.status]} ${h(c.title)} <small>${h(pointsText(c))}</small></h2>\n<ul>\n${evidence}\n${todo}\n${check}\n</ul></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Postmortem feedback: ${h(r.file ?? 'your postmortem')}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; } td { padding: .2rem .6rem; border-bottom: 1px solid #ddd; }
.pass td:first-child, section.pass h2 { color: #1a7f37; } .fail td:first-child, section.fail h2 { color: #cf222e; }
.partial td:first-child, section.partial h2 { color: #9a6700; } .skipped { color: #888; }
.flags { background: #fff4e5; padding: .2rem 1rem; } .where { color: #555; } .expected { color: #555; font-style: italic; } .todo::marker { content: '→ '; } .check::marker { content: '! '; }
</style>
</head>
<body>
<h1>Postmortem feedback: ${h(r.file ?? 'your postmortem')}</h1>
<p><strong>Score:</strong> ${h(scoreLine(r))}<br><strong>Run:</strong> ${h(runLine(r))}<br><strong>Words:</strong> ${r.wordCount}</p>
${r.flags.length > 0 ? `<section class="flags"><h2>Flags</h2><ul>\n${r.flags.map((f) => `<li><code>${h(f.code)}</code> ${h(f.message)}</li>`).join('\n')}\n</ul></section>` : ''}
${r.reading.length > 0 ? `<section class="reading"><h2>Reading notes</h2><ul>\n${readingLines(r).map((n) => `<li>${h(n)}</li>`).join('\n')}\n</ul></section>` : ''}
<table>
${rows}
</table>
${details}
</body>
</html>
`;
}
