import { gradePostmortem } from '../../grading/grade';
import { RUN_WEIGHTS } from '../../grading/weights';
import { loadRun, postmortemFixtures, scenarioNames } from './fixture-helpers';

/**
 * The grader held to the fixtures: realistic postmortems for the lab's five scenarios, from
 * excellent to poor, each with the outcome a careful human grader expects per criterion.
 */
const fixtures = postmortemFixtures();
const runs = Object.fromEntries(scenarioNames().map((s) => [s, loadRun(s)]));

describe('postmortem fixtures', () => {
  test('there are at least ten, covering all five scenarios, from excellent to poor', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    expect(new Set(fixtures.map((f) => f.expected.run))).toEqual(new Set(scenarioNames()));
    expect(scenarioNames()).toHaveLength(5);
    const percents = fixtures.map((f) => f.expected.percent);
    expect(Math.max(...percents.map((p) => p.min))).toBeGreaterThanOrEqual(95);
    expect(Math.min(...percents.map((p) => p.max))).toBeLessThanOrEqual(40);
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const report = gradePostmortem(fixture.text, { run: runs[fixture.expected.run], file: `${fixture.name}.md` });

    test.each(Object.entries(fixture.expected.criteria))('%s is %s', (id, status) => {
      const c = report.criteria.find((x) => x.id === id)!;
      expect({ id, status: c.status, feedback: c.feedback }).toMatchObject({ id, status });
    });

    test('the total falls in the expected band', () => {
      expect(report.percent).toBeGreaterThanOrEqual(fixture.expected.percent.min);
      expect(report.percent).toBeLessThanOrEqual(fixture.expected.percent.max);
    });

    test('the feedback says what is wrong', () => {
      for (const [id, mentions] of Object.entries(fixture.expected.feedbackMentions ?? {})) {
        const feedback = report.criteria.find((x) => x.id === id)!.feedback.join(' ').toLowerCase();
        for (const m of mentions) expect({ id, feedback }).toEqual({ id, feedback: expect.stringContaining(m.toLowerCase()) });
      }
    });

    test('every point taken comes with evidence and feedback', () => {
      for (const c of report.criteria.filter((x) => x.status === 'partial' || x.status === 'fail')) {
        expect({ id: c.id, evidence: c.evidence.length > 0, feedback: c.feedback.length > 0 }).toEqual({ id: c.id, evidence: true, feedback: true });
      }
    });

    test('without a run, the document criteria are the same and the run criteria are skipped', () => {
      const alone = gradePostmortem(fixture.text, { file: `${fixture.name}.md` });
      for (const c of alone.criteria) {
        if (c.id in RUN_WEIGHTS) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'skipped' });
        else expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: fixture.expected.criteria[c.id] });
      }
      expect(alone.maxPoints).toBe(report.maxPoints - Object.values(RUN_WEIGHTS).reduce((a, b) => a + b, 0));
    });
  });
});

describe('root cause against the wrong run', () => {
  // Every postmortem that names the right cause for its own run loses the root-cause points on any other scenario's run.
  const right = fixtures.filter((f) => f.expected.criteria['run-root-cause'] === 'pass');
  const pairs = right.flatMap((f) => scenarioNames().filter((s) => s !== f.expected.run).map((s) => [f.name, s, f] as const));

  test('several right-cause postmortems, one per scenario at least', () => {
    expect(new Set(right.map((f) => f.expected.run))).toEqual(new Set(scenarioNames()));
  });

  test.each(pairs)('%s graded against %s scores no root-cause points', (_name, scenario, fixture) => {
    const report = gradePostmortem(fixture.text, { run: runs[scenario] });
    const c = report.criteria.find((x) => x.id === 'run-root-cause')!;
    expect({ status: c.status, points: c.points }).toEqual({ status: 'fail', points: 0 });
    expect(c.feedback.join(' ')).toMatch(/this run|in this run/);
  });
});

describe('determinism', () => {
  test('grading twice gives identical reports', () => {
    for (const f of fixtures) {
      const a = gradePostmortem(f.text, { run: runs[f.expected.run], file: f.name });
      const b = gradePostmortem(f.text, { run: runs[f.expected.run], file: f.name });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });
});
