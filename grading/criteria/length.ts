import { WORDS_NEAR, WORDS_TARGET } from '../tolerances';
import type { Criterion } from './criterion';

/**
 * 400 to 600 words: a little outside costs a little, far outside a little more. Only words that say
 * something count: a list of terms, a paragraph pasted twice or the assignment's own text add nothing.
 */
export const lengthCriterion: Criterion = {
  id: 'length',
  title: 'Length (400-600 words)',
  group: 'document',
  check({ facts }) {
    const n = facts.ownWords;
    const expected = `${WORDS_TARGET.min}-${WORDS_TARGET.max} words`;
    const filler = facts.wordCount - n;
    const evidence = [{ line: null, read: `${n} words of statements${filler > 40 ? ` (${facts.wordCount} written; terms, repeats and pasted text do not count)` : ''}`, expected }];
    if (n >= WORDS_TARGET.min && n <= WORDS_TARGET.max) return { score: 1, evidence, feedback: [] };
    const near = n >= WORDS_NEAR.min && n <= WORDS_NEAR.max;
    const feedback =
      n < WORDS_TARGET.min
        ? [`Add about ${WORDS_TARGET.min - n} words: detail the investigation in the timeline and the mechanism in the root cause.`]
        : [`Cut about ${n - WORDS_TARGET.max} words: keep the summary to the facts and the timeline to one line per event.`];
    return { score: near ? 0.5 : 0, evidence, feedback };
  },
};
