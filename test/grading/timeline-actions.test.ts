import { gradePostmortem, type CriterionResult } from '../../grading/grade';
import type { RunRecord } from '../../scenarios/run-record';
import { loadRun } from './fixture-helpers';

/**
 * The timeline criterion checks a drill's timeline against what the services logged (points of
 * attention, no points): the widget-render-leak fixture run
 * (Europe/Berlin, +01:00) with the operations a class did during it.
 */
const base = loadRun('widget-render-leak');
const drill: RunRecord = {
  ...base,
  mode: 'drill',
  actions: [
    { at: '2026-02-10T14:04:10.000+01:00', role: 'learner', learner: 'Ana', action: 'acknowledge', service: 'widget-api', detail: 'took the incident', result: 'ok' },
    { at: '2026-02-10T14:06:30.000+01:00', role: 'learner', learner: 'Ana', action: 'restart', service: 'widget-api', detail: 'rolling restart of widget-api 4.2.0', result: 'ok' },
    { at: '2026-02-10T14:08:00.000+01:00', role: 'learner', learner: 'Bo', action: 'heap-snapshot', service: 'widget-api', detail: 'snapshot', result: 'ok' },
    { at: '2026-02-10T14:11:50.000+01:00', role: 'learner', learner: 'Bo', action: 'rollback', service: 'widget-api', detail: '4.2.0 → 4.1.3', result: 'ok' },
    { at: '2026-02-10T14:12:30.000+01:00', role: 'learner', learner: 'Bo', action: 'rollback', service: 'storefront', detail: '3.8.0 → 3.7.1', result: 'refused: NOTHING_TO_ROLL_BACK: x' },
  ],
};

function timeline(...entries: string[]): string {
  return `## Issue summary\n\nFrom 13:02 to 13:13 UTC widget-api was slow for 31% of users.\n\n## Timeline\n\nAll times UTC.\n\n${entries.map((e) => `- ${e}`).join('\n')}\n`;
}

function timelineOf(markdown: string, run: RunRecord = drill): CriterionResult {
  return gradePostmortem(markdown, { run }).criteria.find((c) => c.id === 'timeline')!;
}

test('entries that match the logged operations (within two minutes, after the timezone): evidence, no warning', () => {
  const c = timelineOf(
    timeline(
      '13:03 - HighLatency fired; Ana acknowledged the page',
      '13:06 - restarted widget-api: the heap dropped, then climbed again',
      '13:12 - rolled back widget-api to 4.1.3 (the redeploy restarted it); latency back to normal',
    ),
  );
  expect(c.warnings).toEqual([]);
  expect(c.evidence.slice(-3).map((e) => e.expected)).toEqual([
    expect.stringContaining('acknowledge widget-api by Ana'),
    expect.stringContaining('restart widget-api by Ana'),
    expect.stringContaining('rollback widget-api by Bo: 4.2.0 → 4.1.3'),
  ]);
});

test('an operation at the wrong time, or one nobody did, is a point of attention naming what the services logged; it costs nothing', () => {
  const markdown = timeline('13:03 - the alert fired', '13:20 - restarted widget-api', '13:09 - rolled back storefront');
  const c = timelineOf(markdown);
  expect(c.points).toBe(timelineOf(markdown, base).points);
  expect(c.warnings.join(' ')).toMatch(/puts a restart of widget-api at 13:20; the services logged it at 13:06:30 UTC \(= 14:06:30 Europe\/Berlin\)/);
  // the storefront rollback was refused: it was not done
  expect(c.warnings.join(' ')).toMatch(/says a rollback of storefront was done; the services logged none/);
});

test('plans and things not done are not claims; a timeline without any operation is told what was done', () => {
  const planned = timelineOf(timeline('13:03 - the alert fired', '13:06 - we considered a restart of widget-api but did not restart'));
  expect(planned.warnings.join(' ')).toMatch(/does not show what was done.*14:06 restart widget-api \(Ana\).*\(Europe\/Berlin time\)/);
});

test('nothing to check in a run where nobody operated anything (scripted, or a record from before actions were kept)', () => {
  for (const run of [base, { ...base, actions: [] }]) {
    const c = timelineOf(timeline('13:06 - restarted widget-api', '13:09 - rolled back storefront'), run);
    expect(c.warnings).toEqual([]);
    expect(c.evidence.some((e) => /logged/.test(e.expected ?? ''))).toBe(false);
  }
});
