import type { RunRecord } from '../scenarios/run-record';
import { CRITERIA } from './criteria';
import type { Evidence, Finding, GradeContext } from './criteria/criterion';
import { toneFindings } from './facts/blame';
import { extractFacts } from './facts/document-facts';
import { flag, UNFINISHED_STATUSES, type Flag } from './flags';
import { viewRun, wrongCause, type CauseKind } from './run/run-view';
import { BLAME_MAX_SENTENCES, BLAME_PENALTY, HERRING_CAUSE_CAP, JUDGEMENT_CRITERIA, LECTURE_SHARE_FREE, MIN_FOCUS, OFF_TOPIC_CAP, STOP_GAP_AS_FIX_CAP, SUBSTANCE_WORDS, WEIGHTS, WRONG_CAUSE_CAP, type CriterionId } from './weights';
import { judgeFix, stopGapAsFix } from './criteria/run-fix';

export type CriterionStatus = 'pass' | 'partial' | 'fail' | 'skipped';

/** How the cap's reason names each wrong cause (another scenario's culprit otherwise). */
const WRONG_CAUSE_WORDS: Partial<Record<CauseKind, string>> = {
  herring: 'a red herring',
  'other-service': 'another service',
  'other-class': 'another fault class',
  'other-component': 'another component of the service',
};

export interface CriterionResult {
  id: CriterionId;
  title: string;
  group: 'document' | 'run' | 'bonus';
  status: CriterionStatus;
  /** 0..1 before weighting (null when skipped). */
  score: number | null;
  points: number;
  maxPoints: number;
  evidence: Evidence[];
  feedback: string[];
  warnings: string[];
  skipped?: string;
}

export interface GradeReport {
  /** The postmortem's file name as given (for the reader; never used to open anything). */
  file: string | null;
  run: { runId: string; scenario: string; service: string; faultClass: string; timezone: string; status: string } | null;
  wordCount: number;
  /** Points earned on graded criteria, their maximum, the extra credit, and the total as a percentage (capped at 100). */
  points: number;
  maxPoints: number;
  bonus: number;
  percent: number;
  /** Set when the percentage was capped below what the points give, with the reason (weights.ts). */
  cap: { percent: number; reason: string } | null;
  /** Percentage points taken off the total, with the reason (blame of a person: weights.ts). */
  deduction: { points: number; reason: string } | null;
  /** What an instructor should look at: OFF_TOPIC, UNREAD_CONTENT, RUN_* (flags.ts). */
  flags: Flag[];
  /** How the text was read: an unclosed fence read as text, an image that could not be read (line, message). */
  reading: Array<{ line: number; message: string }>;
  criteria: CriterionResult[];
}

export interface GradeOptions {
  run?: RunRecord | null;
  file?: string | null;
  /**
   * The learner's run could not be used (missing or invalid): the run criteria count, at zero, so that
   * a missing run is never better than a valid one. The flag says why.
   */
  runProblem?: Flag | null;
}

/** Grades one postmortem's text, against a run's record when one is given. Pure and deterministic. */
export function gradePostmortem(text: string, options: GradeOptions = {}): GradeReport {
  const run = options.run ?? null;
  const facts = extractFacts(text);
  const view = run ? viewRun(facts, run) : null;
  const ctx: GradeContext = { facts, run, view };
  const brevity = Math.min(1, facts.ownWords / SUBSTANCE_WORDS);
  // Lectures and filler past a little: the explanation's points follow the share that is about the incident.
  const lectureShare = facts.ownWords > 0 ? facts.lectureWords / facts.ownWords : 0;
  const focus = Math.max(MIN_FOCUS, Math.min(1, 1 - lectureShare + LECTURE_SHARE_FREE));
  const substance = brevity * focus;
  const flags: Flag[] = [];
  if (options.runProblem) flags.push(options.runProblem);
  if (run && UNFINISHED_STATUSES.includes(run.status)) {
    flags.push(flag('RUN_UNFINISHED', `the run record ${run.runId} is "${run.status}": the run did not finish, so its figures may be incomplete; check the grade by hand`));
  }
  if (view?.offTopic) flags.push(flag('OFF_TOPIC', `this postmortem is not about run ${run!.runId}: ${view.offTopic}`));
  if (view?.reportCopy) flags.push(flag('REPORT_FACTS', `this postmortem retells the incident report, not run ${run!.runId}: ${view.reportCopy}`));
  const unread = facts.reading.filter((n) => n.unread);
  if (unread.length > 0) flags.push(flag('UNREAD_CONTENT', unread.map((n) => `line ${n.line}: ${n.message}`).join('; ')));

  const criteria = CRITERIA.map((c): CriterionResult => {
    const max = WEIGHTS[c.id];
    if (c.group === 'run' && !run && options.runProblem) {
      return result(c.id, c.title, c.group, { score: 0, evidence: [{ line: null, read: '(no usable run)', expected: 'a valid run record' }], feedback: [`Not checked against a run: ${options.runProblem.message}.`] }, max);
    }
    if (c.group === 'run' && view?.offTopic) {
      return result(c.id, c.title, c.group, {
        score: 0,
        evidence: [{ line: null, read: 'not about this run', expected: `a postmortem of ${run!.runId} (${run!.service})` }],
        feedback: [`No credit against this run: ${view.offTopic}. Write the postmortem of the run you played.`],
      }, max);
    }
    if (c.group === 'run' && view?.reportCopy) {
      return result(c.id, c.title, c.group, {
        score: 0,
        evidence: [{ line: facts.window?.startUnit.line ?? null, read: 'the incident report\'s facts', expected: `what run ${run!.runId} showed` }],
        feedback: [`No credit against this run: ${view.reportCopy}. Write what your own run showed: its times, its figures, what you found in it.`],
      }, max);
    }
    const outcome = c.check(ctx);
    if ('skipped' in outcome) {
      return { id: c.id, title: c.title, group: c.group, status: 'skipped', score: null, points: 0, maxPoints: c.group === 'bonus' ? max : 0, evidence: [], feedback: [], warnings: [], skipped: outcome.skipped };
    }
    // The status is the criterion's verdict; the points also weigh how much the document says.
    if (JUDGEMENT_CRITERIA.includes(c.id) && substance < 1 && outcome.score > 0) {
      const scaled = result(c.id, c.title, c.group, { ...outcome, score: Math.round(outcome.score * substance * 1000) / 1000 }, max);
      return {
        ...scaled,
        status: result(c.id, c.title, c.group, outcome, max).status,
        feedback: [
          ...outcome.feedback,
          brevity < 1
            ? `Points scaled to ${Math.round(substance * 100)}%: the postmortem says little (${facts.ownWords} words of statements; full credit from ${SUBSTANCE_WORDS}).`
            : `Points scaled to ${Math.round(substance * 100)}%: ${Math.round(lectureShare * 100)}% of the postmortem's words lecture on the topic or fill (general truths, thanks, conclusions) instead of telling this incident.`,
        ],
      };
    }
    return result(c.id, c.title, c.group, outcome, max);
  });
  const graded = criteria.filter((c) => c.group !== 'bonus' && c.status !== 'skipped');
  const points = round(graded.reduce((n, c) => n + c.points, 0));
  const maxPoints = graded.reduce((n, c) => n + c.maxPoints, 0);
  const bonus = round(criteria.filter((c) => c.group === 'bonus').reduce((n, c) => n + c.points, 0));
  let percent = maxPoints > 0 ? round(Math.min(100, ((points + bonus) / maxPoints) * 100)) : 0;
  let deduction: GradeReport['deduction'] = null;
  const blamed = [...new Set(toneFindings(facts.units).filter((f) => f.kind === 'blame' && f.person).map((f) => f.unit.line))].sort((a, b) => a - b);
  if (blamed.length > 0) {
    const taken = Math.min(percent, BLAME_PENALTY * Math.min(blamed.length, BLAME_MAX_SENTENCES));
    deduction = { points: taken, reason: `blames a person on line${blamed.length > 1 ? 's' : ''} ${blamed.join(', ')}: a person's action is never the root cause` };
    percent = round(percent - taken);
  }
  let cap: GradeReport['cap'] = null;
  if (view?.offTopic && percent > OFF_TOPIC_CAP) {
    cap = { percent: OFF_TOPIC_CAP, reason: `the postmortem is not about this run (${view.offTopic}): it is not the assignment` };
    percent = OFF_TOPIC_CAP;
  }
  const wrongCap = view?.cause.kind === 'herring' ? HERRING_CAUSE_CAP : WRONG_CAUSE_CAP;
  if (wrongCause(view) && !view!.offTopic && percent > wrongCap) {
    cap = { percent: wrongCap, reason: `the root cause is wrong for this run (${WRONG_CAUSE_WORDS[view!.cause.kind] ?? "another scenario's culprit"}): a postmortem that misses the cause cannot pass` };
    percent = wrongCap;
  }
  if (run && view && !view.offTopic && !view.reportCopy && !wrongCause(view) && percent > STOP_GAP_AS_FIX_CAP) {
    const fix = judgeFix(facts, run);
    if (stopGapAsFix(fix)) {
      cap = { percent: STOP_GAP_AS_FIX_CAP, reason: `the fix it gives is a stop-gap (line ${fix.asFix[0].line}) and no change removes the cause: the fault is left in place` };
      percent = STOP_GAP_AS_FIX_CAP;
    }
  }
  return {
    file: options.file ?? null,
    run: run ? { runId: run.runId, scenario: run.scenario, service: run.service, faultClass: run.fault.class, timezone: run.timezone, status: run.status } : null,
    wordCount: facts.wordCount,
    points,
    maxPoints,
    bonus,
    percent,
    cap,
    deduction,
    flags,
    reading: facts.reading.map((n) => ({ line: n.line, message: n.message })),
    criteria,
  };
}

function result(id: CriterionId, title: string, group: CriterionResult['group'], f: Finding, max: number): CriterionResult {
  const status: CriterionStatus = f.score >= 0.999 ? 'pass' : f.score <= 0.001 ? 'fail' : 'partial';
  return { id, title, group, status, score: f.score, points: round(f.score * max), maxPoints: max, evidence: f.evidence, feedback: f.feedback, warnings: f.warnings ?? [] };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
