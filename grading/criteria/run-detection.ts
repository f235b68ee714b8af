import { excerpt } from '../document/prose';
import { firstSignal, runZone, showInstant } from '../run/run-times';
import { resolveNear } from '../time/resolve';
import { DETECTION_TOLERANCE_MS } from '../tolerances';
import { clampScore, notFound, type Criterion } from './criterion';
import { entryZone } from './timeline';

const HINDSIGHT = /\b(later|afterwards|in hindsight|in retrospect|unknown to us|not yet|unnoticed|before anyone)\b/i;

/** Detection is not earlier than the first alert or the first SLO breach, whichever came first. */
export const runDetectionCriterion: Criterion = {
  id: 'run-detection',
  title: 'Detection not before the first signal',
  group: 'run',
  check({ facts, run }) {
    if (!run) return { skipped: 'no run given' };
    const signal = firstSignal(run);
    if (!signal) return { skipped: 'the run recorded no alert and no SLO breach' };
    // "13:02 - memory starts to climb (noticed later in the heap graph)" is when it began, not when it was detected.
    const entry = facts.timeline.find((e) => e.time && e.tags.has('detection') && !HINDSIGHT.test(e.text));
    if (!entry?.time) {
      return {
        score: 0,
        evidence: [notFound(`a timeline entry for detection, at or after ${showInstant(signal.at, run, null)}`)],
        feedback: ['Add a timeline entry for when and how the issue was detected (which alert, or who noticed).'],
      };
    }
    const zone = entryZone(facts, entry);
    const readZone = zone?.zone ?? runZone(run);
    const detected = resolveNear(entry.time, readZone, signal.at);
    const early = signal.at.toMillis() - detected.toMillis();
    const evidence = [{
      line: entry.line,
      read: `"${entry.time.raw}" = ${showInstant(detected, run, readZone)}: ${excerpt(entry.text, 80)}`,
      expected: `not before ${showInstant(signal.at, run, readZone)}, ${signal.what}`,
    }];
    if (early > DETECTION_TOLERANCE_MS) {
      return {
        score: 0,
        evidence,
        feedback: [`Detection at ${entry.time.raw} is ${Math.round(early / 60_000)} min before ${signal.what} (${showInstant(signal.at, run, readZone)}): nothing could be seen yet. Check the time, and its timezone.`],
      };
    }
    return { score: clampScore(zone ? 1 : 0.5), evidence, feedback: zone ? [] : [`The detection time has no timezone; it was read as ${run.timezone}.`] };
  },
};
