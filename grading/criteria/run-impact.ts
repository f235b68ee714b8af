import { excerpt } from '../document/prose';
import { impactFigure, impactUnits } from '../facts/impact';
import { PARTIAL_CLAIM, TOTAL_CLAIM } from '../lexicon/language';
import { COMPLETE_OUTAGE_ERROR_SHARE, IMPACT_HALF_TOLERANCE_PP, IMPACT_TOLERANCE_PP } from '../tolerances';
import { clampScore, type Criterion, type Evidence } from './criterion';

const SHARE_PART = 0.6;
const CLAIM_PART = 0.4;

/** The impact share is within tolerance of the measured one; complete vs partial outage is right. */
export const runImpactCriterion: Criterion = {
  id: 'run-impact',
  title: 'Impact matches the measured share',
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    const users = run.impact.users.share * 100;
    const requests = run.impact.requests.share * 100;
    const errors = run.impact.errorShare * 100;
    const complete = run.impact.errorShare >= COMPLETE_OUTAGE_ERROR_SHARE;
    const measured = `${pct(users)}% of users and ${pct(requests)}% of requests affected (${pct(errors)}% of requests failed)`;
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score = 0;

    const figure = impactFigure(facts);
    if (!figure) {
      evidence.push({ line: null, read: '(no affected share given)', expected: measured });
      feedback.push(`Give the affected share as measured: ${measured}.`);
    } else {
      const noun = figure.noun ?? (Math.abs(figure.value - users) <= Math.abs(figure.value - requests) ? 'users' : 'requests');
      // "12% of requests timed out" is a share of failures: compare it with the failed share.
      const failed = noun === 'requests' && figure.kind === 'failed';
      const truth = failed ? errors : noun === 'users' ? users : requests;
      const what = failed ? 'requests failed' : `${noun} affected`;
      const diff = Math.abs(figure.value - truth);
      evidence.push({ line: figure.unit.line, read: `"${figure.raw}" of ${noun}: ${excerpt(figure.unit.text, 80)}`, expected: `${pct(truth)}% of ${what} ± ${IMPACT_TOLERANCE_PP} points` });
      if (diff <= IMPACT_TOLERANCE_PP) score += SHARE_PART;
      else if (diff <= IMPACT_HALF_TOLERANCE_PP) score += SHARE_PART / 2;
      if (diff > IMPACT_TOLERANCE_PP) {
        feedback.push(`You give ${pct(figure.value)}% of ${what}; the run measured ${pct(truth)}% (${measured}). Take the figure from the load report or the dashboard.`);
      }
    }

    const units = impactUnits(facts);
    const total = units.find((u) => TOTAL_CLAIM.test(u.text));
    const partial = units.find((u) => PARTIAL_CLAIM.test(u.text));
    if (total && !complete) {
      evidence.push({ line: total.line, read: `"${TOTAL_CLAIM.exec(total.text)![0]}"`, expected: `a partial outage: ${measured}` });
      feedback.push(`You call it a complete outage, but it was partial: ${measured}. Say who was affected and how.`);
    } else if (complete && !total && (partial || (figure && figure.value < 50))) {
      const at = partial ?? figure!.unit;
      evidence.push({ line: at.line, read: excerpt(at.text, 100), expected: `a complete outage: ${pct(errors)}% of requests failed` });
      feedback.push(`It was a complete outage (${pct(errors)}% of requests failed), not a partial one: say so.`);
    } else {
      score += CLAIM_PART;
      evidence.push({ line: (total ?? partial)?.line ?? null, read: total ? 'described as a complete outage' : 'described as partial', expected: complete ? 'complete outage' : 'partial outage' });
    }
    return { score: clampScore(score), evidence, feedback };
  },
};

function pct(n: number): number {
  return Math.round(n * 10) / 10;
}
