import { clampScore, type Criterion } from './criterion';

/**
 * The service, fault class and culprit named as the root cause match this run (judged once, in
 * run/run-view.ts). A red herring named as the cause, another service, or another scenario's culprit
 * scores nothing; the true cause named together with its trigger keeps the credit.
 */
export const runRootCauseCriterion: Criterion = {
  id: 'run-root-cause',
  title: 'Root cause matches the run',
  group: 'run',
  check({ run, view }) {
    if (!run || !view) return { skipped: 'no run given' };
    const { cause } = view;
    return { score: clampScore(cause.score), evidence: cause.evidence, feedback: cause.feedback };
  },
};
