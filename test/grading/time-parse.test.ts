import { findDurations } from '../../grading/time/durations';
import { findTimes } from '../../grading/time/parse-times';
import { clockMinutesBetween } from '../../grading/time/resolve';

/** [text, [h, m], offset in minutes at 2026-01-15 or null when no zone] for the first time in the text. */
const SINGLE: Array<[string, [number, number], number | null]> = [
  ['14:00 UTC', [14, 0], 0],
  ['at 10:00 AM PST the alert fired', [10, 0], -480],
  ['10:00 a.m. PST', [10, 0], -480],
  ['3:05 pm EDT', [15, 5], -240],
  ['12:30 AM UTC', [0, 30], 0],
  ['02:30 (UTC+2)', [2, 30], 120],
  ['02:30 UTC+02:00', [2, 30], 120],
  ['09:15 GMT-5', [9, 15], -300],
  ['14:05 CET', [14, 5], 60],
  ['14:05 CEST', [14, 5], 120],
  ['11:45 EDT/UTC-4', [11, 45], -240],
  ['11:45 EDT (UTC-4)', [11, 45], -240],
  ['2026-02-10T13:02:00Z', [13, 2], 0],
  ['2026-02-10T14:02:00+01:00', [14, 2], 60],
  ['2026-06-09 10:19 EDT', [10, 19], -240],
  ['[2026-02-10 14:05:33 Europe/Berlin]', [14, 5], 60],
  ['1400Z: paged', [14, 0], 0],
  ['10 pm PT', [22, 0], -480],
  ['**13:04** – the alert fires', [13, 4], null],
  ['14:06:30 - checked the database', [14, 6], null],
];

describe('findTimes', () => {
  test.each(SINGLE)('%s', (text, [h, m], offset) => {
    const t = findTimes(text)[0];
    expect(t).toBeDefined();
    expect([t.hour, t.minute]).toEqual([h, m]);
    expect(t.zone ? t.zone.zone.offset(Date.UTC(2026, 0, 15)) : null).toBe(offset);
  });

  test('a range shares its zone: "10:15-11:45 EDT/UTC-4"', () => {
    const [a, b] = findTimes('Duration: 10:15-11:45 EDT/UTC-4');
    expect([a.hour, a.minute, b.hour, b.minute]).toEqual([10, 15, 11, 45]);
    expect(a.zoneSource).toBe('range');
    expect(a.zone?.zone.offset(0)).toBe(-240);
    expect(clockMinutesBetween(a, b)).toBe(90);
  });

  test('a zone a few words later applies: "10:00 to 02:30 the next day (UTC+2)", across midnight', () => {
    const [a, b] = findTimes('From 10:00 to 02:30 the next day (UTC+2), 16.5 hours.');
    expect(a.zone?.zone.offset(0)).toBe(120);
    expect(b.zone?.zone.offset(0)).toBe(120);
    expect(clockMinutesBetween(a, b)).toBe(16.5 * 60);
  });

  test('"between 14:00 and 16:00 UTC" and "from 2:01 PM to 2:13 PM PST"', () => {
    expect(findTimes('between 14:00 and 16:00 UTC').map((t) => t.zone?.label)).toEqual(['UTC', 'UTC']);
    const [a, b] = findTimes('from 2:01 PM to 2:13 PM PST');
    expect([a.hour, b.hour, a.zone?.zone.offset(0)]).toEqual([14, 14, -480]);
  });

  test('times in different zones are compared as instants', () => {
    const [a, b] = findTimes('10:00 PST until 18:30 UTC');
    expect(clockMinutesBetween(a, b)).toBe(30);
  });

  test('a date written before a time is kept', () => {
    expect(findTimes('On March 10, 2026 at 14:05 CET')[0].date).toEqual({ year: 2026, month: 3, day: 10 });
    expect(findTimes('10 February 2026, 13:02 UTC')[0].date).toEqual({ year: 2026, month: 2, day: 10 });
  });

  test('what is not a time of day is ignored', () => {
    expect(findTimes('it lasted 1:30 hours')).toEqual([]);
    expect(findTimes('version 2.14.0 of the library, ratio 3:1')).toEqual([]);
    expect(findTimes('25:00 and 12:75')).toEqual([]);
    expect(findTimes('Times in GMT-05:00 throughout')).toEqual([]);
    // An unknown capitalised word is not a zone.
    expect(findTimes('14:05 API latency rose')[0].zone).toBeNull();
  });
});

describe('findDurations', () => {
  test.each([
    ['16.5 hours', 990],
    ['2 hours and 30 minutes', 150],
    ['1h30', 90],
    ['1h 30m', 90],
    ['90 min', 90],
    ['an hour and a half', 90],
    ['one and a half hours', 90],
    ['eleven minutes', 11],
    ['an 11-minute outage', 11],
    ['half an hour', 30],
  ])('%s = %d minutes', (text, minutes) => {
    expect(findDurations(text)[0]?.minutes).toBe(minutes);
  });

  test('numbers that are not durations', () => {
    expect(findDurations('we had 2 hosts and 5 ms latency')).toEqual([]);
  });
});
