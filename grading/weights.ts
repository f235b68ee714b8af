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

/**
 * Criteria that judge what the postmortem explains (not facts that are right or wrong at any length):
 * their credit scales with what the document says, full from SUBSTANCE_WORDS words of statements, so a
 * two-line stub that names the right cause does not collect the analysis points.
 */
export const JUDGEMENT_CRITERIA: readonly CriterionId[] = [
  'impact', 'timeline', 'cause-and-resolution', 'corrective-tasks',
  'run-root-cause', 'run-red-herring', 'run-fix', 'run-detection-task',
];
export const SUBSTANCE_WORDS = 300;
/**
 * A postmortem may lecture or fill a little ("connection pools are a common pattern"); past this share of
 * its words, the judgement criteria scale with the share that is about the incident (never below
 * MIN_FOCUS): a long postmortem that says little in many words earns what its incident statements earn.
 */
export const LECTURE_SHARE_FREE = 0.1;
export const MIN_FOCUS = 0.5;

/**
 * A postmortem whose root cause is wrong for the run (a red herring, another service, another
 * culprit) has failed its main purpose, however well written: its grade is at most this percentage,
 * and the report says why.
 */
export const WRONG_CAUSE_CAP = 45;
/**
 * A red herring asserted as the cause is the lower cap: the learner was misled by exactly what the
 * exercise puts in their way, and the fix they give (block IPs, add capacity, tune queries) leaves the
 * fault in place. Another service or culprit (WRONG_CAUSE_CAP) at least found the mechanism.
 */
export const HERRING_CAUSE_CAP = 35;

/**
 * A postmortem that is not about the run it is graded against (OFF_TOPIC: another incident, whatever
 * words it shares with the run) is not the assignment: the rubric gives it no credit against the run,
 * and its writing does not make up for that. Its grade is at most this percentage.
 */
export const OFF_TOPIC_CAP = 10;

/**
 * A stop-gap presented as the fix, with no change that removes the cause (a raised max_connections
 * "permanently resolves" the pool exhaustion, a restart "fixed it"): the cause is found but left in place,
 * so the postmortem fails half of its purpose, preventing the next one. It can pass, not do well: its grade
 * is at most this percentage (a wrong cause is WRONG_CAUSE_CAP). Naming the stop-gap as a mitigation, next
 * to the fix or alone, is not capped.
 */
export const STOP_GAP_AS_FIX_CAP = 60;

/**
 * Each sentence that blames a person (a colleague named, a role: "Thanks to Dave's sloppy PR", "our
 * intern removed the limit", "Tom is no longer allowed to...") costs this many percentage points on top
 * of the tone criterion, for at most BLAME_MAX_SENTENCES sentences: the rubric's first rule of a
 * postmortem is that a person's action is never the root cause, and naming and shaming a colleague
 * breaks it wherever it is written.
 */
export const BLAME_PENALTY = 6;
export const BLAME_MAX_SENTENCES = 3;
