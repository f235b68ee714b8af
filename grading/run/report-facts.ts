import type { RunRecord } from '../../scenarios/run-record';
import { scenarios } from '../../scenarios/definitions';
import type { WindowFact } from '../facts/window';
import { findTimes, type TimeMention } from '../time/parse-times';
import { clockMinutesBetween } from '../time/resolve';
import { faultEnd, instant } from './run-times';

/**
 * A postmortem that retells the incident report (the story the scenario reproduces: its times and
 * duration) instead of what the learner's run showed. The run lasts minutes; the report's incident
 * lasted hours: a window as long as the report's, starting at its clock time, and not the run's, is
 * the report's. Its facts were read, not observed, so it earns nothing against the run.
 */

export interface ReportWindow {
  start: TimeMention;
  minutes: number;
  text: string;
}

/** A duration this close to the report's (share of it, or minutes) is the report's. */
const SAME_DURATION_SHARE = 0.1;
const SAME_DURATION_MIN = 5;
/** A duration this close to the run's (share of it, or minutes) may be the run's: never flagged. */
const RUN_DURATION_SHARE = 0.25;
/** Clock times this many minutes apart are the same. */
const SAME_CLOCK_MIN = 2;

let reportWindows: Map<string, ReportWindow | null> | undefined;

/** The report's window of each built-in scenario ("10:00 to 02:30 the next day (UTC+2), 16.5 hours"), read with the grader's own time parser. */
function reportWindowOf(scenario: string): ReportWindow | null {
  reportWindows ??= new Map(scenarios().map((s) => {
    const times = findTimes(s.incident.window);
    const [start, end] = times;
    return [s.name, start && end ? { start, minutes: clockMinutesBetween(start, end), text: s.incident.window } : null];
  }));
  return reportWindows.get(scenario) ?? null;
}

function sameClock(a: TimeMention, b: TimeMention): boolean {
  const minutes = (t: TimeMention): number => t.hour * 60 + t.minute;
  if (Math.abs(minutes(a) - minutes(b)) <= SAME_CLOCK_MIN) return true;
  if (!a.zone || !b.zone) return false;
  // The same instant written in another zone ("08:00 UTC" for "10:00 (UTC+2)").
  const at = Date.UTC(2026, 0, 15);
  const utc = (t: TimeMention): number => (minutes(t) - t.zone!.zone.offset(at) + 1440) % 1440;
  const d = Math.abs(utc(a) - utc(b));
  return Math.min(d, 1440 - d) <= SAME_CLOCK_MIN;
}

/** Why the postmortem's window is the incident report's and not the run's (null: it is not). */
export function reportCopy(window: WindowFact | null, run: RunRecord): string | null {
  const report = reportWindowOf(run.scenario);
  if (!window || !report || !run.faultWindow.start) return null;
  const runMinutes = ((faultEnd(run) ?? instant(run.faultWindow.start)).toMillis() - instant(run.faultWindow.start).toMillis()) / 60_000;
  const said = [window.clockMinutes, ...(window.duration ? [window.duration.minutes] : [])];
  const asReport = said.some((m) => Math.abs(m - report.minutes) <= Math.max(SAME_DURATION_MIN, SAME_DURATION_SHARE * report.minutes));
  const asRun = said.some((m) => Math.abs(m - runMinutes) <= Math.max(SAME_DURATION_MIN, RUN_DURATION_SHARE * runMinutes));
  if (!asReport || asRun || !sameClock(window.start, report.start)) return null;
  return `its window (${window.start.raw} to ${window.end.raw}) is the incident report's (${report.text}), not your run's (${Math.round(runMinutes)} minutes)`;
}
