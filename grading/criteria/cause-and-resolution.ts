import { FAULT_CLASSES } from '../../scenarios/run-record';
import { excerpt, wordCount } from '../document/prose';
import { sectionText } from '../document/sections';
import { toneFindings } from '../facts/blame';
import { causeClauses } from '../facts/cause';
import { FAULT_CLASS_TERMS, MITIGATION } from '../lexicon/fault-classes';
import { CHANGE_VERB, MECHANISM } from '../lexicon/language';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

const RESOLUTION_CUE = /\b(fix\w*|resolv\w*|hotfix\w*|patch\w*|deployed|now|changed|replaced|rewr(ote|itten))\b/i;

/** Fewer words than this cannot explain a mechanism "in detail". */
const DETAILED_WORDS = 60;

/** The root cause names a mechanism, not a person; the resolution says what changed. */
export const causeAndResolutionCriterion: Criterion = {
  id: 'cause-and-resolution',
  title: 'Root cause is a mechanism; resolution says what changed',
  group: 'document',
  check({ facts }) {
    const section = facts.sections.sections.get('root-cause');
    const units = facts.unitsIn['root-cause'];
    if (!section || units.length === 0) {
      return {
        score: 0,
        evidence: [notFound('a root cause and resolution section')],
        feedback: ['Add "Root cause and resolution": the mechanism that caused the outage, in detail, and what you changed to fix it.'],
      };
    }
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score = 0;
    const n = wordCount(sectionText(section));

    const blame = toneFindings(units).filter((f) => f.kind === 'blame');
    const mechanism = causeClauses(facts).find((c) => c.unit.section === 'root-cause' && MECHANISM.test(c.text));
    if (blame.length > 0) {
      evidence.push({ line: blame[0].unit.line, read: excerpt(blame[0].unit.text, 100), expected: 'a mechanism, not a person' });
      feedback.push('The root cause names a person: state the technical mechanism, and the process gap that let it through.');
    } else if (!mechanism) {
      evidence.push({ line: units[0].line, read: excerpt(units[0].text, 100), expected: 'a technical mechanism (what held memory, what grew, what ran out)' });
      feedback.push('Name the mechanism: what in the code or configuration caused the symptom, and why.');
    } else {
      score += n >= DETAILED_WORDS ? 0.5 : 0.3;
      evidence.push({ line: mechanism.unit.line, read: `mechanism: ${excerpt(mechanism.text, 100)}` });
      if (n < DETAILED_WORDS) feedback.push(`Explain the root cause in more detail (${n} words): how the mechanism produced the symptom users saw.`);
    }

    // A change once the stop-gaps are set aside: "we restarted it, and fixed it by adding an index" has one.
    const withoutStopGaps = (text: string): string => MITIGATION.reduce((t, p) => t.replace(new RegExp(p.source, 'gi'), ' '), text);
    const changes = units.filter((u) => CHANGE_VERB.test(u.text) || MITIGATION.some((p) => p.test(u.text)));
    const fixes = units
      .filter((u) => CHANGE_VERB.test(withoutStopGaps(u.text)) || FAULT_CLASSES.some((fc) => FAULT_CLASS_TERMS[fc].fix.some((p) => p.test(u.text))))
      // For the evidence, a sentence that talks about the fix beats one that uses a change verb in passing.
      .sort((a, b) => Number(RESOLUTION_CUE.test(b.text)) - Number(RESOLUTION_CUE.test(a.text)));
    if (fixes.length > 0) {
      score += 0.5;
      evidence.push({ line: fixes[0].line, read: `change: ${excerpt(fixes[0].text, 100)}` });
    } else if (changes.length > 0) {
      score += 0.25;
      evidence.push({ line: changes[0].line, read: excerpt(changes[0].text, 100), expected: 'a change that removes the cause, not only a restart or more capacity' });
      feedback.push('The resolution only describes a stop-gap (restart, more memory or capacity): explain the change that removed the cause.');
    } else {
      evidence.push(notFound('what was changed to resolve it'));
      feedback.push('Say how it was fixed: what was changed in the code or configuration, and how you verified it.');
    }
    return { score: clampScore(score), evidence, feedback };
  },
};
