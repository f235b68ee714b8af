import { clauses, excerpt } from '../document/prose';
import type { TextUnit } from '../facts/units';
import { FAULT_CLASS_TERMS, GROWTH_MITIGATION, MITIGATION, MITIGATION_LABEL } from '../lexicon/fault-classes';
import { NO_EFFECT } from '../lexicon/red-herrings';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Fix found, but a stop-gap is also presented as the fix. */
const FIX_WITH_MITIGATION_AS_FIX = 0.6;
/** No fix, but the stop-gap is honestly called a mitigation. */
const MITIGATION_ONLY_LABELLED = 0.25;
const PRESENTED_AS_FIX = /\b(fix\w*|resolv\w*|solv\w*|solution|permanent\w*|root fix)\b/i;

/** The fix removes the cause for this fault class; a restart, a bigger heap or pool is named as mitigation. */
export const runFixCriterion: Criterion = {
  id: 'run-fix',
  title: 'Fix removes the cause; mitigation named as such',
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    const terms = FAULT_CLASS_TERMS[run.fault.class];
    // What was done (everywhere but the corrective tasks, which are for the future).
    const units = facts.units.filter((u) => u.section !== 'corrective');
    const fix = units.find((u) => clauses(u.text).some((c) => terms.fix.some((p) => p.test(c)) && !GROWTH_MITIGATION.test(c) && !NO_EFFECT.test(c)));
    const mitigations = units.filter((u) => MITIGATION.some((p) => p.test(u.text)) && !NO_EFFECT.test(u.text));
    // A stop-gap is presented as the fix when its sentence says "fixed/resolved" and names no real fix,
    // or when the resolution has nothing else to offer.
    const classFix = (u: TextUnit): boolean => terms.fix.some((p) => p.test(u.text));
    const asFix = mitigations.filter(
      (u) => !MITIGATION_LABEL.test(u.text) && !classFix(u) && (PRESENTED_AS_FIX.test(u.text) || (!fix && u.section === 'root-cause')),
    );

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
    if (asFix.length > 0) {
      feedback.push(`Line ${asFix[0].line} presents a stop-gap as the fix ("${excerpt(asFix[0].text, 60)}"): a restart, more memory, more capacity or a bigger pool only buys time; call it a mitigation.`);
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

function mitigationEvidence(u: TextUnit): Evidence {
  return { line: u.line, read: `mitigation: ${excerpt(u.text, 100)}`, expected: 'named as a mitigation, with the fix that removes the cause' };
}
