import { gradePostmortem } from '../../grading/grade';
import { escapeHtml, escapeMarkdown, plain } from '../../grading/report/escape';
import { renderReport } from '../../grading/report';
import { loadRun, postmortemFixtures } from './fixture-helpers';

/** A postmortem full of markup and escape sequences: it is graded as text and reported inert. */
const HOSTILE = `# Postmortem <script>alert("x")</script>

## Issue Summary

From 13:02 to 13:13 UTC (11 minutes) <img src=x onerror=alert(1)> widget-api was slow for 31% of users.
The root cause was a leak: the composer kept references to complex widgets. \u001b[31mRED\u001b[0m \u202etxt.exe

## Timeline

- 13:04 UTC - alert fired <iframe src="https://evil.example"></iframe>
- 13:06 UTC - [click](javascript:alert(1)) checked the database, it looked normal
- 13:13 UTC - deployed the fix that releases widgets

## Root cause and resolution

<div onclick="steal()">The composer kept references</div> to every complex widget. We changed it to release them.

## Corrective and preventative measures

- Add an alert on heap growth over 20% in 10 minutes ("'&<>)
`;

const report = gradePostmortem(HOSTILE, { run: loadRun('widget-render-leak'), file: '<b>learner</b>.md' });

describe('reports of a postmortem with HTML, scripts and escape sequences', () => {
  test('it is graded as text (not refused, not crashing)', () => {
    expect(report.criteria.find((c) => c.id === 'run-root-cause')?.status).toBe('pass');
    expect(JSON.stringify(report)).toContain('<img src=x'); // the data keeps what was written
  });

  test('HTML: no tag from the postmortem survives, and a CSP forbids scripts', () => {
    const html = renderReport(report, 'html');
    expect(html).not.toMatch(/<script|<img|<iframe|<div onclick|<b>learner/i);
    expect(html).toContain('&lt;b&gt;learner&lt;/b&gt;.md');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    // Only the report's own tags remain.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(['body', 'br', 'h1', 'h2', 'head', 'html', 'li', 'meta', 'p', 'section', 'small', 'span', 'strong', 'style', 'table', 'td', 'title', 'tr', 'ul']);
  });

  test('Markdown: the learner text cannot open a tag, a link or a code span', () => {
    const md = renderReport(report, 'md');
    expect(md).not.toMatch(/<(script|img|iframe|div|b)\b/i);
    expect(md).not.toContain('](javascript');
    expect(md).toContain('&lt;b\\>learner&lt;/b\\>\\.md');
  });

  test('text: no terminal escape sequence or bidirectional override reaches the terminal', () => {
    for (const format of ['text', 'md', 'html'] as const) {
      const out = renderReport(report, format);
      expect(out).not.toContain('\u001b');
      expect(out).not.toContain('\u202e');
    }
  });

  test('JSON is valid and round-trips', () => {
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('escape helpers', () => {
  test('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  test('escapeMarkdown escapes markup characters and keeps one line', () => {
    expect(escapeMarkdown('**bold** [x](y) `c`\n# h')).toBe('\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\`c\\` \\# h');
  });
  test('plain replaces control characters', () => {
    expect(plain('a\u0007b\u001b[0mc')).toBe('a\uFFFDb\uFFFD[0mc');
  });
});

describe('the text report', () => {
  test('has one row per criterion with its points, the evidence line and feedback', () => {
    const fixture = postmortemFixtures().find((f) => f.name === 'surge-cache-growth--total-claimed')!;
    const r = gradePostmortem(fixture.text, { run: loadRun('surge-cache-growth'), file: 'total.md' });
    const text = renderReport(r, 'text');
    for (const c of r.criteria) expect(text).toContain(c.title);
    expect(text).toMatch(/✘ Impact matches the measured share\s+0 \/ 6/);
    expect(text).toMatch(/line 5: "100%" of users/);
    expect(text).toMatch(/→ You call it a complete outage, but it was partial/);
    expect(text).toContain(`Score:      ${r.points} / ${r.maxPoints} = ${r.percent}%`);
  });
});
