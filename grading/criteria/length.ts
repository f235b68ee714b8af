import { WORDS_NEAR, WORDS_TARGET } from '../tolerances';
import type { Criterion } from './criterion';

/** 400 to 600 words: a little outside costs a little, far outside a little more. */
export const lengthCriterion: Criterion = {
  id: 'length',
  title: 'Length (400-600 words)',
  group: 'document',
  check({ facts }) {
    const n = facts.wordCount;
    const expected = `${WORDS_TARGET.min}-${WORDS_TARGET.max} words`;
    const evidence = [{ line: null, read: `${n} words`, expected }];
    if (n >= WORDS_TARGET.min && n <= WORDS_TARGET.max) return { score: 1, evidence, feedback: [] };
    const near = n >= WORDS_NEAR.min && n <= WORDS_NEAR.max;
    const feedback =
      n < WORDS_TARGET.min
        ? [`Add about ${WORDS_TARGET.min - n} words: detail the investigation in the timeline and the mechanism in the root cause.`]
        : [`Cut about ${n - WORDS_TARGET.max} words: keep timeline entries to one or two sentences and drop background the reader does not need.`];
    return { score: near ? 0.5 : 0, evidence, feedback };
  },
};
