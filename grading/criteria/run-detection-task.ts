import { excerpt } from '../document/prose';
import { FAULT_CLASS_TERMS } from '../lexicon/fault-classes';
import { DETECTION_VERB } from '../lexicon/language';
import { clampScore, notFound, type Criterion } from './criterion';

/** A detection task for some other signal (CPU, disk) is better than none, but would not have caught this. */
const OTHER_DETECTION_CREDIT = 0.25;

/** The corrective tasks include an alert or test that would have caught this fault class. */
export const runDetectionTaskCriterion: Criterion = {
  id: 'run-detection-task',
  title: 'A task that would detect this fault class',
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    const terms = FAULT_CLASS_TERMS[run.fault.class];
    // Vague tasks ("improve monitoring") do not count: nobody could tell when they are done.
    const detecting = facts.tasks.filter((t) => t.says && !t.vague && DETECTION_VERB.test(t.text));
    const fitting = detecting.find((t) => terms.detection.some((p) => p.test(t.text)));
    if (fitting) {
      return { score: 1, evidence: [{ line: fitting.line, read: excerpt(fitting.text, 100), expected: terms.detectionHint }], feedback: [] };
    }
    if (detecting.length > 0) {
      return {
        score: clampScore(OTHER_DETECTION_CREDIT),
        evidence: [{ line: detecting[0].line, read: excerpt(detecting[0].text, 100), expected: terms.detectionHint }],
        feedback: [`Your detection tasks would not have caught this fault class (${terms.name}): add ${terms.detectionHint}.`],
      };
    }
    return {
      score: 0,
      evidence: [notFound(terms.detectionHint)],
      feedback: [`Add a task that would catch this fault class early: ${terms.detectionHint}.`],
    };
  },
};
