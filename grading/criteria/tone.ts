import { excerpt } from '../document/prose';
import { toneFindings } from '../facts/blame';
import { clampScore, type Criterion, type Evidence } from './criterion';

/** Each sentence blaming a person costs half the criterion; each dramatic one a little. */
const BLAME_COST = 0.5;
const DRAMA_COST = 0.15;

/** Blameless, plain language: a person's action is never the root cause. */
export const toneCriterion: Criterion = {
  id: 'tone',
  title: 'Blameless, plain language',
  group: 'document',
  check({ facts }) {
    const findings = toneFindings(facts.units);
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    const warnings: string[] = [];
    let score = 1;
    for (const f of findings) {
      const read = `"${f.match}": ${excerpt(f.unit.text, 100)}`;
      if (f.kind === 'blame') {
        score -= BLAME_COST;
        evidence.push({ line: f.unit.line, read, expected: 'the mechanism or process gap, not a person' });
        feedback.push(`Line ${f.unit.line} blames a person ("${f.match}"): describe what in the system or process allowed it (a missing test, alert or review step).`);
      } else if (f.kind === 'dramatic') {
        score -= DRAMA_COST;
        evidence.push({ line: f.unit.line, read, expected: 'plain, factual wording' });
        feedback.push(`Line ${f.unit.line}: replace "${f.match}" with the measured fact (what failed, for how long, for how many users).`);
      } else {
        warnings.push(`Line ${f.unit.line}: "${f.match}": if this is about a person, rephrase it around the system; if it is about software, fine.`);
      }
    }
    if (findings.length === 0) evidence.push({ line: null, read: 'no blame or dramatic language found' });
    return { score: clampScore(score), evidence, feedback, warnings };
  },
};
