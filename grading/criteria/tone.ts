import { excerpt } from '../document/prose';
import { toneFindings } from '../facts/blame';
import { clampScore, type Criterion, type Evidence } from './criterion';

/** Each sentence blaming a person costs half the criterion; each dramatic one a little. */
const BLAME_COST = 0.5;
const DRAMA_COST = 0.15;
/** Tone is judged on a postmortem, not on a stub: full credit from this many words of statements. */
const TONE_WORDS = 150;
/** Below this, there is nothing to judge: no tone points at all. */
const MIN_TONE_WORDS = 50;

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
    const content = facts.ownWords < MIN_TONE_WORDS ? 0 : Math.min(1, facts.ownWords / TONE_WORDS);
    if (content < 1) {
      evidence.push({ line: null, read: `${facts.ownWords} words of statements`, expected: `at least ${TONE_WORDS} to judge the tone` });
      feedback.push(`There is too little text (${facts.ownWords} words) to judge its tone: write the postmortem out, in plain and blameless words.`);
    }
    return { score: clampScore(score * content), evidence, feedback, warnings };
  },
};
