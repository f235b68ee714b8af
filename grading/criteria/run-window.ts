import type { DateTime } from 'luxon';
import { resolveNear } from '../time/resolve';
import { formatOffset } from '../time/zones';
import { faultEnd, instant, runZone, showInstant } from '../run/run-times';
import { TIMEZONE_SLIP_MIN_MS, WINDOW_TOLERANCE_MS, WINDOW_TOLERANCE_SHARE } from '../tolerances';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Without a timezone the times are read in the run's zone, for at most this share of the points. */
const NO_ZONE_CAP = 0.5;
const WRONG_DATE_COST = 0.1;

/**
 * The stated window matches the run's fault window after timezone conversion. The start may be
 * the fault's start or the first SLO breach (when users started to notice); the end, the fault's end.
 */
export const runWindowCriterion: Criterion = {
  id: 'run-window',
  title: "Window matches the run's fault window",
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    if (!run.faultWindow.start) return { skipped: 'the run recorded no fault window' };
    const start = instant(run.faultWindow.start);
    const end = faultEnd(run);
    if (!end) return { skipped: 'the run recorded no end of the fault' };
    const w = facts.window;
    const zone = w?.zone?.zone ?? null;
    if (!w) {
      return {
        score: 0,
        evidence: [notFound(`the outage window, ${showInstant(start, run, null)} to ${showInstant(end, run, null)}`)],
        feedback: ['State the start and end of the outage in the summary, with a timezone.'],
      };
    }
    const readZone = zone ?? runZone(run);
    const tolerance = Math.max(WINDOW_TOLERANCE_MS, WINDOW_TOLERANCE_SHARE * (end.toMillis() - start.toMillis()));
    const latestStart = run.firstSloBreach ? later(start, instant(run.firstSloBreach.at)) : start;

    const said = { start: resolveNear(w.start, readZone, start), end: resolveNear(w.end, readZone, end) };
    if (said.end < said.start) said.end = said.end.plus({ days: 1 });
    const startOff = offBy(said.start, start, latestStart, tolerance);
    const endOff = offBy(said.end, end, end, tolerance);

    const evidence: Evidence[] = [
      { line: w.startUnit.line, read: `start "${w.start.raw}" = ${showInstant(said.start, run, readZone)}`, expected: `${showInstant(start, run, readZone)}${latestStart > start ? ` to ${showInstant(latestStart, run, readZone)} (first SLO breach)` : ''}, ± ${Math.round(tolerance / 60_000)} min` },
      { line: w.endUnit.line, read: `end "${w.end.raw}" = ${showInstant(said.end, run, readZone)}`, expected: `${showInstant(end, run, readZone)} ± ${Math.round(tolerance / 60_000)} min` },
    ];
    const feedback: string[] = [];
    let score = (startOff === 0 ? 0.5 : 0) + (endOff === 0 ? 0.5 : 0);

    if (startOff !== 0 && endOff !== 0 && Math.abs(startOff - endOff) <= tolerance && Math.abs(startOff) >= TIMEZONE_SLIP_MIN_MS) {
      const hours = Math.round(startOff / 1_800_000) / 2;
      const localStart = start.setZone(readZone);
      feedback.push(
        `Both ends are ${Math.abs(hours)} h ${startOff > 0 ? 'late' : 'early'}: this looks like a timezone mix-up. The run was in ${run.timezone} (${formatOffset(start.setZone(runZone(run)).offset)}); in ${w.zone?.label ?? 'the zone you used'} the fault started at ${localStart.toFormat('HH:mm')}.`,
      );
    } else {
      if (startOff !== 0) feedback.push(`Your start (${w.start.raw}) is ${describeOff(startOff)} the run's: the fault started at ${showInstant(start, run, readZone)}.`);
      if (endOff !== 0) feedback.push(`Your end (${w.end.raw}) is ${describeOff(endOff)} the run's: the fault ended at ${showInstant(end, run, readZone)}.`);
    }
    if (!zone) {
      score = Math.min(score, NO_ZONE_CAP);
      feedback.push(`Your times have no timezone; they were read as ${run.timezone}. Add the zone.`);
    }
    const runDay = start.setZone(readZone).toISODate();
    const written = w.start.date ? `${w.start.date.year}-${String(w.start.date.month).padStart(2, '0')}-${String(w.start.date.day).padStart(2, '0')}` : null;
    if (written && written !== runDay) {
      score -= WRONG_DATE_COST;
      feedback.push(`The date you give (${written}) is not the run's (${runDay}).`);
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

function later(a: DateTime, b: DateTime): DateTime {
  return a > b ? a : b;
}

/** 0 when `said` falls in [from - tolerance, to + tolerance], else the signed distance to `from`/`to` in ms. */
function offBy(said: DateTime, from: DateTime, to: DateTime, tolerance: number): number {
  const s = said.toMillis();
  if (s < from.toMillis() - tolerance) return s - from.toMillis();
  if (s > to.toMillis() + tolerance) return s - to.toMillis();
  return 0;
}

function describeOff(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const amount = minutes >= 90 ? `${Math.round(minutes / 6) / 10} h` : `${minutes} min`;
  return `${amount} ${ms > 0 ? 'later than' : 'earlier than'}`;
}
