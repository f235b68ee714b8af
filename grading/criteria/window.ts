import { excerpt } from '../document/prose';
import { DURATION_TOLERANCE_MINUTES, DURATION_TOLERANCE_SHARE } from '../tolerances';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Start and end times with a timezone, and a stated duration that agrees with them. */
export const windowCriterion: Criterion = {
  id: 'window',
  title: 'Start, end, timezone and duration',
  group: 'document',
  check({ facts }) {
    const w = facts.window;
    if (!w) {
      return {
        score: 0,
        evidence: [notFound('a start and an end time with a timezone in the summary')],
        feedback: ['State when the outage started and ended, with a timezone, in the summary: for example "from 14:02 to 14:13 UTC (11 minutes)".'],
      };
    }
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score = 0.4;
    evidence.push({ line: w.startUnit.line, read: `start "${w.start.raw}", end "${w.end.raw}": ${excerpt(w.startUnit.text, 100)}` });

    if (w.zone) {
      score += 0.3;
      if (w.zoneFrom === 'declared') evidence.push({ line: facts.declaredZone?.line ?? null, read: `timezone declared for the document: ${w.zone.label}` });
    } else {
      evidence.push({ line: w.startUnit.line, read: `"${w.start.raw}" has no timezone`, expected: 'a timezone (UTC, UTC+2, EDT, Europe/Berlin...)' });
      feedback.push(`Add the timezone to "${w.start.raw}" and "${w.end.raw}" (for example "UTC" or "UTC+2"); a time without one cannot be checked by anyone in another zone.`);
    }

    const computed = Math.round(w.clockMinutes * 10) / 10;
    if (!w.duration) {
      evidence.push({ line: null, read: 'no duration stated', expected: `a duration (${formatMinutes(computed)} from the times you give)` });
      feedback.push(`State the duration next to the times ("${formatMinutes(computed)}") so the reader does not have to compute it.`);
    } else {
      const tolerance = Math.max(DURATION_TOLERANCE_MINUTES, computed * DURATION_TOLERANCE_SHARE);
      const ok = Math.abs(w.duration.minutes - computed) <= tolerance;
      evidence.push({
        line: w.duration.unit.line,
        read: `duration "${w.duration.raw}" (${formatMinutes(w.duration.minutes)})`,
        expected: `${formatMinutes(computed)} from ${w.start.raw} to ${w.end.raw}`,
      });
      if (ok) score += 0.3;
      else feedback.push(`The stated duration "${w.duration.raw}" contradicts your times (${w.start.raw} to ${w.end.raw} is ${formatMinutes(computed)}): fix one or the other.`);
    }
    if (w.where === 2) {
      score *= ELSEWHERE_SHARE;
      feedback.push(`State the window in the summary: it was found on line ${w.startUnit.line}, where a reader of the summary will not see it.`);
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

/** A window stated outside the summary and its header counts, for this share. */
const ELSEWHERE_SHARE = 0.7;

export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
