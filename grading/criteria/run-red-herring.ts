import { excerpt } from '../document/prose';
import { misleadingPathsNamed } from '../facts/cause';
import { RED_HERRING_TERMS } from '../lexicon/red-herrings';
import { clampScore, type Criterion } from './criterion';

/** Only misleading paths the run did not offer: some credit for naming one, little for the match. */
const UNOFFERED_CREDIT = 0.25;

/** The misleading path named is one that the run really offered (record.redHerrings[].kind). */
export const runRedHerringCriterion: Criterion = {
  id: 'run-red-herring',
  title: 'Misleading path is one the run offered',
  group: 'run',
  check({ facts, run, view }) {
    if (!run) return { skipped: 'no run given' };
    const offered = [...new Set(run.redHerrings.map((r) => r.kind))];
    if (offered.length === 0) return { skipped: 'the run offered no red herring' };
    const offeredNames = offered.map((k) => RED_HERRING_TERMS[k].name).join(', ');
    if (view?.cause.kind === 'herring') {
      return {
        score: 0,
        evidence: view.cause.evidence.slice(0, 1),
        feedback: [`The misleading path was taken for the cause: this run offered ${offeredNames} as red herrings, and the postmortem names one as the root cause.`],
      };
    }
    const named = misleadingPathsNamed(facts);
    const hit = named.find((n) => offered.includes(n.kind));
    if (hit) {
      return {
        score: 1,
        evidence: [{ line: hit.line, read: `${RED_HERRING_TERMS[hit.kind].name}: ${excerpt(hit.text, 90)}`, expected: `one of: ${offeredNames}` }],
        feedback: [],
      };
    }
    if (named.length > 0) {
      const first = named[0];
      return {
        score: clampScore(UNOFFERED_CREDIT),
        evidence: [{ line: first.line, read: `${RED_HERRING_TERMS[first.kind].name}: ${excerpt(first.text, 90)}`, expected: `one of: ${offeredNames}` }],
        feedback: [`The misleading path you name (${named.map((n) => RED_HERRING_TERMS[n.kind].name).join(', ')}) is not one this run showed; it offered ${offeredNames}. Describe the signal that actually misled you.`],
      };
    }
    return {
      score: 0,
      evidence: [{ line: null, read: '(no misleading path named)', expected: `one of: ${offeredNames}` }],
      feedback: [`Name the misleading path you followed and why it looked plausible (this run offered ${offeredNames}).`],
    };
  },
};
