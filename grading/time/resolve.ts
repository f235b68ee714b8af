import { DateTime, type Zone } from 'luxon';
import type { CalendarDate, TimeMention } from './parse-times';

/**
 * Learners mostly write a time of day without a date. These helpers put such a time on the
 * calendar: on the date they gave, or on the day that brings it closest to a reference instant.
 */

export function onDate(t: TimeMention, date: CalendarDate, zone: Zone): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: t.hour, minute: t.minute, second: t.second },
    { zone },
  );
}

/** The instant `t` names in `zone` on the day (before, of or after `near`) closest to `near`. */
export function resolveNear(t: TimeMention, zone: Zone, near: DateTime): DateTime {
  if (t.date) return onDate(t, t.date, zone);
  const local = near.setZone(zone);
  let best: DateTime | null = null;
  for (const days of [-1, 0, 1]) {
    const day = local.plus({ days });
    const candidate = onDate(t, { year: day.year, month: day.month, day: day.day }, zone);
    if (!best || Math.abs(candidate.toMillis() - near.toMillis()) < Math.abs(best.toMillis() - near.toMillis())) {
      best = candidate;
    }
  }
  return best as DateTime;
}

/** Where an IANA zone's offset is read when the learner gave no date (any fixed day keeps scores deterministic). */
export const REFERENCE_DAY = DateTime.fromISO('2026-01-15T12:00:00Z').toMillis();

/**
 * Minutes from a to b as clock times, rolling past midnight when b is earlier ("22:00 to 01:30");
 * when both carry zones that differ ("10:00 PST to 18:30 UTC") the offsets are taken into account.
 */
export function clockMinutesBetween(a: TimeMention, b: TimeMention): number {
  let minutes = (b.hour * 60 + b.minute + b.second / 60) - (a.hour * 60 + a.minute + a.second / 60);
  if (a.zone && b.zone) {
    const at = a.date ? DateTime.fromObject(a.date, { zone: 'utc' }).toMillis() : REFERENCE_DAY;
    minutes -= b.zone.zone.offset(at) - a.zone.zone.offset(at);
  }
  if (a.date && b.date) {
    const days = DateTime.fromObject(b.date).diff(DateTime.fromObject(a.date), 'days').days;
    return minutes + days * 24 * 60;
  }
  return minutes < 0 ? minutes + 24 * 60 : minutes;
}
