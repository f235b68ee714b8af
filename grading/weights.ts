/**
 * Points per criterion: the one place to read or change how a postmortem is scored.
 * Document criteria need only the text; run criteria need the run's record and are skipped
 * (and left out of the maximum) without one. Extra credit is added on top, capped at 100%.
 */
export const DOCUMENT_WEIGHTS = {
  sections: 12, // the four sections, with real content, not the assignment pasted back
  length: 3, // 400-600 words
  window: 8, // start and end with a timezone, stated duration agrees
  impact: 8, // service, symptom, percentage, the same figure everywhere
  timeline: 10, // bullets with times, in order, one timezone, covers detection ... resolution
  'cause-and-resolution': 7, // a mechanism (not a person) and what changed
  'corrective-tasks': 7, // a list of specific tasks; vague ones named
  tone: 5, // blameless, not dramatic
} as const;

export const RUN_WEIGHTS = {
  'run-root-cause': 12, // service, fault class and culprit of this run
  'run-window': 6, // the fault window, after timezone conversion
  'run-detection': 3, // not detected before anything could be seen
  'run-impact': 6, // share within tolerance; complete vs partial
  'run-red-herring': 4, // a misleading path this run really offered
  'run-fix': 5, // a fix for this fault class, mitigation named as such
  'run-detection-task': 4, // an alert or test that would catch this fault class
} as const;

export const BONUS_WEIGHTS = {
  'extra-credit': 2, // a diagram (mermaid, image) or a table
} as const;

export const WEIGHTS = { ...DOCUMENT_WEIGHTS, ...RUN_WEIGHTS, ...BONUS_WEIGHTS } as const;
export type CriterionId = keyof typeof WEIGHTS;
