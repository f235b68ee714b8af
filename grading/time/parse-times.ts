import { DateTime, FixedOffsetZone } from 'luxon';
import { zoneAtStart, type ZoneRef } from './zones';

/**
 * Finds the times a learner wrote in a piece of text: "14:00 UTC", "10:00 AM PST", "02:30 (UTC+2)",
 * "2026-02-10T13:02:00Z", "10:15-11:45 EDT/UTC-4", "1400Z". Regexes only locate candidates;
 * luxon validates and builds every date, time and zone.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface TimeMention {
  /** The text as written, for evidence. */
  raw: string;
  index: number;
  end: number;
  hour: number;
  minute: number;
  second: number;
  date: CalendarDate | null;
  zone: ZoneRef | null;
  /**
   * 'explicit': written next to this time; 'range': borrowed from the other end of "10:15-11:45 EDT";
   * 'nearby': written a few words later in the same sentence ("10:00 to 02:30 the next day (UTC+2)").
   */
  zoneSource: 'explicit' | 'range' | 'nearby' | null;
  /** For the start of a range, the index (in the returned array) of its end, and the reverse. */
  rangeWith: number | null;
  /** 'a' or 'p' when written in 12-hour form ("10:15 AM"). */
  meridiem: 'a' | 'p' | null;
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const ISO = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])/g;
// "14:05", "9:30", "14:05:30", "10:00 AM", "10 pm", "1400Z", "1400 UTC".
const CLOCK = /(?<![\d:.])(?:(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d|:\d)|(\d{1,2})(?=\s?[ap]\.?m\b)|([01]\d|2[0-3])([0-5]\d)(?=\s?(?:Z|UTC|GMT)\b))(\s?([ap])\.?m\b\.?)?/gi;
const OFFSET_BEFORE = /(?:UTC|GMT)\s?[+\-−–]$/;
const DURATION_AFTER = /^\s*(?:hours?|hrs?|h\b|minutes?|mins?)/i;
const DATE_BEFORE = new RegExp(
  String.raw`(?:(\d{4})-(\d{2})-(\d{2})|(${MONTHS})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTHS})\.?,?\s+(\d{4}))` +
    // "9 June 2026 at 10:15", "On 2 April 2026, from 03:12", "2026-02-19 between 10:02": the date of the time after it.
    String.raw`(?:,|\s+at|\s*[-–—,]|\s+)?(?:\s*(?:from|between|starting at|starting|at|since))?\s*$`,
  'i',
);
const RANGE_JOIN = /^\s*(?:[-–—~]|to|until|till|through|and)\s*$/i;

export function parseCalendarDate(text: string): CalendarDate | null {
  const m = DATE_BEFORE.exec(text.endsWith(' ') ? text : `${text} `);
  if (!m) return null;
  let dt: DateTime;
  if (m[1]) dt = DateTime.fromObject({ year: +m[1], month: +m[2], day: +m[3] });
  else if (m[4]) dt = DateTime.fromFormat(`${m[4].slice(0, 3)} ${m[5]} ${m[6]}`, 'LLL d yyyy', { locale: 'en' });
  else dt = DateTime.fromFormat(`${m[7]} ${m[8].slice(0, 3)} ${m[9]}`, 'd LLL yyyy', { locale: 'en' });
  return dt.isValid ? { year: dt.year, month: dt.month, day: dt.day } : null;
}

export function findTimes(text: string): TimeMention[] {
  const found: TimeMention[] = [];
  const taken: Array<[number, number]> = []; // ISO spans, in order
  let next = 0; // the first ISO span that may still cover a clock match (matches come in order)

  for (const m of text.matchAll(ISO)) {
    const offset = m[3];
    const dt = DateTime.fromISO(`${m[1]}T${m[2]}${offset ?? ''}`, { setZone: true });
    if (!dt.isValid) continue;
    let end = m.index + m[0].length;
    let zone: ZoneRef | null = offset ? { label: offset, zone: FixedOffsetZone.instance(dt.offset) } : null;
    if (!zone) {
      const after = zoneAtStart(text.slice(end));
      if (after) {
        zone = after.ref;
        end += after.length;
      }
    }
    found.push(mention(text, m.index, end, dt.hour, dt.minute, dt.second, { year: dt.year, month: dt.month, day: dt.day }, zone));
    taken.push([m.index, end]);
  }

  for (const m of text.matchAll(CLOCK)) {
    const start = m.index;
    while (next < taken.length && taken[next][1] <= start) next++;
    if (next < taken.length && start >= taken[next][0]) continue;
    if (OFFSET_BEFORE.test(text.slice(Math.max(0, start - 5), start))) continue; // the "05:00" of "GMT-05:00"
    let hour = Number(m[1] ?? m[4] ?? m[5]);
    const minute = Number(m[2] ?? m[6] ?? 0);
    const second = Number(m[3] ?? 0);
    const meridiem = m[8]?.toLowerCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) continue;
      hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || second > 59) continue;
    let end = start + m[0].length;
    const rest = text.slice(end);
    if (!meridiem && DURATION_AFTER.test(rest)) continue; // "1:30 hours" is a duration
    let zone: ZoneRef | null = null;
    if (/^Z(?![A-Za-z0-9])/.test(rest)) {
      zone = { label: 'Z', zone: FixedOffsetZone.utcInstance };
      end += 1;
    } else {
      const after = zoneAtStart(rest);
      if (after) {
        zone = after.ref;
        end += after.length;
      }
    }
    const date = parseCalendarDate(text.slice(Math.max(0, start - 40), start));
    const m12 = mention(text, start, end, hour, minute, second, date, zone);
    m12.meridiem = meridiem === 'a' || meridiem === 'p' ? meridiem : null;
    found.push(m12);
  }

  found.sort((a, b) => a.index - b.index);
  linkRanges(text, found);
  borrowNearbyZones(text, found);
  return found;
}

const NEARBY_ZONE = /\((?=\s*[A-Z])|\b(?=(?:UTC|GMT)\b)|\b(?:in|all times)\s+(?=[A-Z])/g;
const NEARBY_SPAN = 40;

/** A zone written a few words after a time (or range) that has none, before the sentence ends. */
function borrowNearbyZones(text: string, times: TimeMention[]): void {
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t.zone || (t.rangeWith !== null && t.rangeWith < i)) continue;
    const last = t.rangeWith !== null ? times[t.rangeWith] : t;
    const next = times[(t.rangeWith ?? i) + 1];
    let gap = text.slice(last.end, Math.min(next ? next.index : text.length, last.end + NEARBY_SPAN));
    const stop = /[.;!?\n](\s|$)/.exec(gap);
    if (stop) gap = gap.slice(0, stop.index);
    for (const m of gap.matchAll(NEARBY_ZONE)) {
      const found = zoneAtStart(gap.slice(m.index + (m[0].startsWith('(') ? 0 : m[0].length)));
      if (!found) continue;
      for (const target of t.rangeWith !== null ? [t, last] : [t]) {
        target.zone = found.ref;
        target.zoneSource = 'nearby';
      }
      break;
    }
  }
}

function mention(
  text: string, index: number, end: number, hour: number, minute: number, second: number,
  date: CalendarDate | null, zone: ZoneRef | null,
): TimeMention {
  return {
    raw: text.slice(index, end).trim(),
    index, end, hour, minute, second, date, zone,
    zoneSource: zone ? 'explicit' : null,
    rangeWith: null,
    meridiem: null,
  };
}

/** "10:15-11:45 EDT", "from 14:00 to 16:00 UTC": the two ends share one zone and one date. */
function linkRanges(text: string, times: TimeMention[]): void {
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i];
    const b = times[i + 1];
    if (a.rangeWith !== null || !RANGE_JOIN.test(text.slice(a.end, b.index))) continue;
    a.rangeWith = i + 1;
    b.rangeWith = i;
    if (!a.zone && b.zone) {
      a.zone = b.zone;
      a.zoneSource = 'range';
    } else if (a.zone && !b.zone) {
      b.zone = a.zone;
      b.zoneSource = 'range';
    }
    if (!b.date && a.date) b.date = a.date; // the end may roll over midnight: see resolve.ts
    // "from 1:15 to 2:30 PM": the start takes the end's PM when that keeps it before the end.
    if (b.meridiem === 'p' && a.meridiem === null && a.hour < 12 && a.hour + 12 <= b.hour) {
      a.hour += 12;
      a.meridiem = 'p';
    }
  }
}
