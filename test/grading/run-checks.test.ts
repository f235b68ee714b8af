import { gradePostmortem, type CriterionResult } from '../../grading/grade';
import { loadRun } from './fixture-helpers';

/** The run-record checks on small documents, so that one thing changes at a time. */
const widgetRun = loadRun('widget-render-leak'); // Europe/Berlin, fault 14:02:00-14:13:00 +01:00, first signal 14:03:40
const surgeRun = loadRun('surge-cache-growth'); // America/New_York (EDT), fault 10:15-10:26 -04:00, 26% of users

function doc(window: string, detection = '13:05 UTC - the latency alert fired.'): string {
  return `## Issue summary\n\n${window} widget-api was slow for 31% of users.\n\n## Timeline\n\n- ${detection}\n`;
}

function criterion(markdown: string, id: string, run = widgetRun): CriterionResult {
  return gradePostmortem(markdown, { run }).criteria.find((c) => c.id === id)!;
}

describe('run-window: the same window written in other zones', () => {
  test.each([
    'From 13:02 to 13:13 UTC (11 minutes),',
    'From 14:02 to 14:13 CET (11 minutes),',
    'From 14:02 to 14:13 (UTC+1), 11 minutes,',
    'From 2026-02-10T13:02:00Z to 2026-02-10T13:13:00Z,',
    'From 08:02 AM to 08:13 AM EST (11 minutes),',
    'From 5:02 AM to 5:13 AM PST,',
    'Between 22:02 and 22:13 JST,',
    'From 14:02 to 14:13 Europe/Berlin,',
    'From 13:03 to 13:14 UTC,', // within tolerance
    'From 13:04 to 13:13 UTC,', // started when users noticed (first SLO breach at 13:03:40)
  ])('%s passes', (window) => {
    expect(criterion(doc(window), 'run-window').status).toBe('pass');
  });

  test('local time labelled UTC fails, and the feedback names the timezone mix-up', () => {
    const c = criterion(doc('From 14:02 to 14:13 UTC,'), 'run-window');
    expect(c.status).toBe('fail');
    expect(c.feedback.join(' ')).toMatch(/1 h late: this looks like a timezone mix-up.*Europe\/Berlin/);
  });

  test.each([
    ['From 13:02 to 13:45 UTC,', /end .* later than the run's/],
    ['From 12:40 to 13:13 UTC,', /start .* earlier than the run's/],
  ])('%s: one end wrong, half the points', (window, message) => {
    const c = criterion(doc(window), 'run-window');
    expect(c.status).toBe('partial');
    expect(c.points).toBe(c.maxPoints / 2);
    expect(c.feedback.join(' ')).toMatch(message);
  });

  test('without a timezone the times are read in the run zone, for half the points at most', () => {
    const c = criterion(doc('From 14:02 to 14:13,'), 'run-window');
    expect(c.status).toBe('partial');
    expect(c.feedback.join(' ')).toMatch(/no timezone.*Europe\/Berlin/);
  });

  test('a summer run in New York: "10:15-10:26 EDT/UTC-4" passes, the same in EST does not', () => {
    expect(criterion('## Summary\n\n10:15-10:26 EDT/UTC-4, storefront slow for 26% of users.\n', 'run-window', surgeRun).status).toBe('pass');
    expect(criterion('## Summary\n\n10:15-10:26 EST, storefront slow for 26% of users.\n', 'run-window', surgeRun).status).toBe('fail');
    expect(criterion('## Summary\n\n10:15-10:26 ET, storefront slow for 26% of users.\n', 'run-window', surgeRun).status).toBe('pass');
  });
});

describe('run-detection', () => {
  test('detection at or just before the first signal (written to the minute) passes', () => {
    expect(criterion(doc('From 13:02 to 13:13 UTC,', '13:03 UTC - users report slow pages.'), 'run-detection').status).toBe('pass');
    expect(criterion(doc('From 13:02 to 13:13 UTC,', '14:04 CET - the alert fired.'), 'run-detection').status).toBe('pass');
  });

  test('an entry seen only in hindsight is not the detection', () => {
    const md = doc('From 13:02 to 13:13 UTC,', '13:02 UTC - heap starts to climb (noticed later in the heap graph).\n- 13:05 UTC - the latency alert fired.');
    const c = criterion(md, 'run-detection');
    expect(c.status).toBe('pass');
    expect(c.evidence[0].read).toMatch(/^"13:05 UTC"/);
  });

  test('detection before anything could be seen fails', () => {
    const c = criterion(doc('From 13:02 to 13:13 UTC,', '13:01 UTC - we noticed the slowdown.'), 'run-detection');
    expect(c.status).toBe('fail');
    expect(c.feedback.join(' ')).toMatch(/before the first SLO breach/);
  });

  test('a timeline zone declared once applies to bare times', () => {
    const md = `## Summary\n\nFrom 14:02 to 14:13 CET.\n\n## Timeline (all times CET)\n\n- 14:01 - alert fired\n`;
    expect(criterion(md, 'run-detection').status).toBe('fail');
    expect(criterion(md.replace('14:01', '14:05'), 'run-detection').status).toBe('pass');
  });
});

describe('run-impact', () => {
  const summary = (text: string): string => `## Issue summary\n\nFrom 10:15 to 10:26 EDT the storefront ${text}\n`;

  test('a share within tolerance of the measured one gets the share points; further away, half or none', () => {
    const points = (share: number): number => criterion(summary(`was slow for about ${share}% of users.`), 'run-impact', surgeRun).points;
    expect(criterion(summary('was slow for about 25% of users.'), 'run-impact', surgeRun).status).toBe('pass');
    expect(points(35)).toBe(points(25));
    expect(points(45)).toBeLessThan(points(35));
    expect(points(60)).toBeLessThan(points(45));
  });

  test('a partial outage called complete loses the claim points', () => {
    const c = criterion(summary('had a complete outage; about 26% of users were affected.'), 'run-impact', surgeRun);
    expect(c.status).toBe('partial');
    expect(c.feedback.join(' ')).toMatch(/complete outage, but it was partial/);
  });

  test('a complete outage called partial loses the claim points', () => {
    const pool = loadRun('db-pool-exhaustion');
    const c = criterion('## Summary\n\nFrom 10:02 to 10:12 (UTC+2) Widgetify was slow for some users: 20% of users saw errors.\n', 'run-impact', pool);
    expect(c.status).toBe('fail');
    expect(c.feedback.join(' ')).toMatch(/complete outage/);
  });

  test('a share of failures is compared with the failed share', () => {
    const c = criterion(summary('answered 7% of requests with 503 errors.'), 'run-impact', surgeRun);
    expect(c.evidence[0].expected).toMatch(/7% of requests failed/);
    expect(c.status).toBe('pass');
  });
});

describe('run-root-cause partial credit', () => {
  const rc = (cause: string): CriterionResult =>
    criterion(`## Summary\n\nThe storefront was slow.\n\n## Root cause and resolution\n\n${cause}\n`, 'run-root-cause', surgeRun);

  test('mechanism, culprit and service: full credit', () => {
    expect(rc('The storefront product cache had no size limit and never evicted entries.').status).toBe('pass');
  });

  test('the symptom class only ("a memory leak") gets partial credit', () => {
    const c = rc('The root cause was a memory leak in the storefront.');
    expect(c.status).toBe('partial');
    expect(c.points).toBeLessThan(c.maxPoints / 2);
  });

  test('a red herring named as the cause gets nothing', () => {
    expect(rc('The root cause was database overload caused by the traffic surge.').status).toBe('fail');
  });

  test('the surge as the trigger of the real mechanism is not a red herring', () => {
    expect(rc('The traffic surge brought many new keys, and because the cache had no eviction it grew without bound in the storefront.').status).toBe('pass');
  });
});
