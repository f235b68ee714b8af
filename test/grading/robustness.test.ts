import { gradePostmortem } from '../../grading/grade';
import { renderReport, REPORT_FORMATS } from '../../grading/report';
import { loadRun, postmortemFixtures, scenarioNames } from './fixture-helpers';

/**
 * Whatever Markdown a learner writes, grading returns a report: documents are assembled from
 * fragments learners really write, cut and shuffled by a seeded generator (same cases every run).
 */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '## Issue Summary', '**Timeline**', '1. Issue summary:', 'Root cause:', '### 4. Corrective measures', 'Timeline (all times UTC)',
  '- 14:05 UTC - alert fired', '| Time (UTC) | Event |\n|---|---|\n| 14:05 | alert |', '* 10:00 AM PST: checked the database, looked normal',
  'From 23:50 to 00:20 (UTC+2), 30 minutes', '10:15-11:45 EDT/UTC-4', '2026-02-10T13:02:00Z', 'at 25:99 UTC', '99% of 0 users', '0 of 0 requests',
  'The cache never evicted entries.', 'We restarted it, which fixed the problem.', 'Dave forgot to clear the array.', 'a catastrophic disaster!!',
  '```mermaid\ngraph TD; A-->B\n```', '```\nunterminated', '![x](y.png)', '<script>alert(1)</script>', '<!-- comment', '> quote\n> - nested 14:00',
  '- [ ] Add an alert on heap growth (owner: @maya, due 2026-03-01)', '    - deeply\n        - nested\n            - list 12:00',
  '\u202e\u0007\u001b[2J', '😀🔥 émoji ünïcode 中文 14:00', '', '\n\n\n', '|||', '***', '---', '#', '1.', '-', '**', '`', '[', '](', 'UTC+99', 'GMT-',
];

const runs = scenarioNames().map(loadRun);

describe('robustness', () => {
  const random = mulberry32(20260210);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const fixtureTexts = postmortemFixtures().map((f) => f.text);
  const documents: string[] = [];
  for (let i = 0; i < 100; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 25) }, () => pick(FRAGMENTS));
    documents.push(parts.join(random() < 0.5 ? '\n' : '\n\n'));
  }
  // Fixtures cut at random places and spliced together.
  for (let i = 0; i < 30; i++) {
    const a = pick(fixtureTexts);
    const b = pick(fixtureTexts);
    documents.push(a.slice(0, Math.floor(random() * a.length)) + b.slice(Math.floor(random() * b.length)));
  }

  test('every generated document gets a well-formed report in every format', () => {
    for (const [i, text] of documents.entries()) {
      const run = i % 3 === 0 ? null : runs[i % runs.length];
      const report = gradePostmortem(text, { run });
      expect(report.points).toBeGreaterThanOrEqual(0);
      expect(report.points).toBeLessThanOrEqual(report.maxPoints);
      expect(report.percent).toBeGreaterThanOrEqual(0);
      expect(report.percent).toBeLessThanOrEqual(100);
      for (const c of report.criteria) {
        expect(c.points).toBeLessThanOrEqual(c.maxPoints);
        if (c.status === 'partial' || c.status === 'fail') expect(c.feedback.length).toBeGreaterThan(0);
      }
      for (const format of REPORT_FORMATS) expect(renderReport(report, format).length).toBeGreaterThan(0);
    }
  });
});
