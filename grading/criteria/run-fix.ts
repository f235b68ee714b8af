import type { RunRecord } from '../../scenarios/run-record';
import { clauses, excerpt } from '../document/prose';
import type { DocumentFacts } from '../facts/document-facts';
import type { TextUnit } from '../facts/units';
import { FAULT_CLASS_TERMS, GROWTH_MITIGATION, MITIGATION, MITIGATION_LABEL, poolSetHigh, SERVER_LIMIT_RAISED } from '../lexicon/fault-classes';
import { genericStatement, tellsOnlyCause } from '../lexicon/language';
import { NO_EFFECT } from '../lexicon/red-herrings';
import { wrongCause } from '../run/run-view';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Fix found, but a stop-gap is also presented as the fix. */
const FIX_WITH_MITIGATION_AS_FIX = 0.6;
/** No fix, but the stop-gap is honestly called a mitigation. */
const MITIGATION_ONLY_LABELLED = 0.25;
const PRESENTED_AS_FIX = /\b(fix\w*|resolv\w*|solv\w*|solution|permanent\w*|root fix)\b/i;

/**
 * What the postmortem did about the fault: the change that removes the cause (if any), the stop-gaps it
 * tells, and those it presents as the fix. Read once for the criterion and for the grade's cap
 * (STOP_GAP_AS_FIX_CAP): a raised max_connections or a restart called "the fix" leaves the fault in place.
 */
export interface FixJudgement {
  fix: TextUnit | undefined;
  mitigations: TextUnit[];
  asFix: TextUnit[];
}

/** Per document and run: the criterion and the grade's cap ask for the same judgement. */
const judged = new WeakMap<DocumentFacts, WeakMap<RunRecord, FixJudgement>>();

export function judgeFix(facts: DocumentFacts, run: RunRecord): FixJudgement {
  let byRun = judged.get(facts);
  if (!byRun) judged.set(facts, (byRun = new WeakMap()));
  let judgement = byRun.get(run);
  if (!judgement) byRun.set(run, (judgement = readFix(facts, run)));
  return judgement;
}

function readFix(facts: DocumentFacts, run: RunRecord): FixJudgement {
  const terms = FAULT_CLASS_TERMS[run.fault.class];
  // What was done (everywhere but the corrective tasks, which are for the future). A sentence that only
  // tells the cause ("its maximum of 500 was far above the 40 slots") describes the fault, not a fix.
  // A lecture on the topic ("databases can only accept so many connections") is no change made either.
  const units = facts.telling.filter((u) => u.section !== 'corrective' && !genericStatement(u.text));
  // A clause that grows a limit ("raised max_connections so the pool has room") relieves, it does not fix.
  const fixClause = (c: string): boolean => terms.fix.some((p) => p.test(c)) && !GROWTH_MITIGATION.test(c) && !SERVER_LIMIT_RAISED.test(c) && !poolSetHigh(c) && !NO_EFFECT.test(c);
  const fix = units.find((u) => !tellsOnlyCause(u.text) && clauses(u.text).some(fixClause));
  const mitigations = units.filter((u) => MITIGATION.some((p) => p.test(u.text)) && !NO_EFFECT.test(u.text));
  // A stop-gap is presented as the fix when its sentence says "fixed/resolved" and names no real fix,
  // or when the resolution has nothing else to offer.
  const classFix = (u: TextUnit): boolean => clauses(u.text).some(fixClause);
  const asFix = mitigations.filter(
    (u) => !MITIGATION_LABEL.test(u.text) && !classFix(u) && (PRESENTED_AS_FIX.test(u.text) || (!fix && u.section === 'root-cause')),
  );
  return { fix, mitigations, asFix };
}

/** A stop-gap presented as the fix, and no change that removes the cause: the fault is still there. */
export function stopGapAsFix(judgement: FixJudgement): boolean {
  return !judgement.fix && judgement.asFix.length > 0;
}

/** The fix removes the cause for this fault class; a restart, a bigger heap or pool is named as mitigation. */
export const runFixCriterion: Criterion = {
  id: 'run-fix',
  title: 'Fix removes the cause; mitigation named as such',
  group: 'run',
  check({ facts, run, view }) {
    if (!run) return { skipped: 'no run given' };
    const terms = FAULT_CLASS_TERMS[run.fault.class];
    const { fix, mitigations, asFix } = judgeFix(facts, run);

    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score: number;
    if (fix) evidence.push({ line: fix.line, read: `fix: ${excerpt(fix.text, 100)}`, expected: terms.fixHint });
    else evidence.push(notFound(terms.fixHint));
    for (const m of asFix.slice(0, 2)) evidence.push(mitigationEvidence(m));

    if (fix) {
      score = asFix.length > 0 ? FIX_WITH_MITIGATION_AS_FIX : 1;
    } else if (mitigations.length > 0 && asFix.length === 0) {
      score = MITIGATION_ONLY_LABELLED;
      evidence.push(mitigationEvidence(mitigations[0]));
      feedback.push(`You describe the stop-gap but no fix that removes the cause: ${terms.fixHint}.`);
    } else {
      score = 0;
      feedback.push(`For this fault class (${terms.name}) the fix is to ${terms.fixHint}.`);
    }
    if (wrongCause(view)) {
      score = 0;
      evidence.unshift(...view!.cause.evidence.slice(0, 1));
      feedback.unshift('No credit for the fix: it removes a cause this run did not have (see the root cause). A fix must remove the real cause.');
    }
    if (asFix.length > 0) {
      feedback.push(`Line ${asFix[0].line} presents a stop-gap as the fix ("${excerpt(asFix[0].text, 60)}"): a restart, more memory, more capacity or a bigger pool only buys time; call it a mitigation.`);
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

function mitigationEvidence(u: TextUnit): Evidence {
  return { line: u.line, read: `mitigation: ${excerpt(u.text, 100)}`, expected: 'named as a mitigation, with the fix that removes the cause' };
}
