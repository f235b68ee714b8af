/**
 * How far a learner's figures may stray from the truth and still count. Runs are compressed
 * (minutes long) and learners read times off dashboards to the minute, so windows are compared
 * with an absolute floor and a share of the fault window, whichever is larger.
 */

/** Word count the assignment asks for; outside it costs a little, further outside a little more. */
export const WORDS_TARGET = { min: 400, max: 600 } as const;
export const WORDS_NEAR = { min: 300, max: 750 } as const;

/** A stated duration agrees with the start and end times within this many minutes or this share. */
export const DURATION_TOLERANCE_MINUTES = 2;
export const DURATION_TOLERANCE_SHARE = 0.1;

/** The same impact figure quoted twice may differ by rounding only (percentage points). */
export const CONSISTENCY_TOLERANCE_PP = 1.5;

/** Window ends are right within max(2 minutes, 15% of the run's fault window). */
export const WINDOW_TOLERANCE_MS = 2 * 60_000;
export const WINDOW_TOLERANCE_SHARE = 0.15;
/** A window off by about a whole number of half hours on both ends is a timezone slip. */
export const TIMEZONE_SLIP_MIN_MS = 30 * 60_000;

/** Detection may be written up to a minute before the first alert (times are written to the minute). */
export const DETECTION_TOLERANCE_MS = 60_000;

/** Impact share: full credit within 10 points of the measured share, half within 20. */
export const IMPACT_TOLERANCE_PP = 10;
export const IMPACT_HALF_TOLERANCE_PP = 20;
/** A run is a complete outage when at least this share of requests failed in the fault window. */
export const COMPLETE_OUTAGE_ERROR_SHARE = 0.8;

/** Minimum own words for a section to count as written (not a heading with a line under it). */
export const MIN_SECTION_WORDS = { summary: 25, timeline: 20, 'root-cause': 35, corrective: 12 } as const;
/** A section whose word 4-grams are at least this share of the assignment's was pasted back. */
export const PASTED_SHARE = 0.4;

/** A timeline entry's operation ("14:05 restarted widget-api") matches one logged this close (minute-precision times, clocks read off a screen). */
export const ACTION_TOLERANCE_MS = 2 * 60_000;
