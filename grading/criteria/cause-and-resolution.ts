import { FAULT_CLASSES } from '../../catalogue/service-catalogue';
import { excerpt } from '../document/prose';
import { toneFindings } from '../facts/blame';
import { causeClauses } from '../facts/cause';
import { FAULT_CLASS_TERMS, MITIGATION } from '../lexicon/fault-classes';
import { CHANGE_VERB, EXPLAINS, HEDGE, MECHANISM, TELLS_RESOLUTION, genericStatement, tellsOnlyCause } from '../lexicon/language';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

const RESOLUTION_CUE = /\b(fix\w*|resolv\w*|hotfix\w*|patch\w*|deployed|now|changed|replaced|rewr(ote|itten))\b/i;

/** A sentence about the fix rather than the cause. */
const ABOUT_THE_FIX = /^(the |our |a )?(resolution|fix|hotfix|solution|remediation)\b|^we (fixed|resolved|patched|deployed|solved)\b|\b(was|were|is|got|has been) (fixed|resolved|patched|solved)\b/i;

/** Fewer words than this cannot explain a mechanism "in detail". */
const DETAILED_WORDS = 80;
/** A cause named ("a memory leak") without saying how it worked. */
const NAMED_ONLY = 0.15;

/** The root cause names a mechanism, not a person; the resolution says what changed. */
/**
 * A change that says nothing of what changed: "made the necessary changes", "changed the configuration so
 * that things went back to the way they should be". A figure, a name in code or a fix of some fault class
 * ("bounded the pool", "an LRU limit") makes it specific.
 */
const VAGUE_CHANGE = /\b(the (necessary|needed|required|appropriate|right|relevant) (changes?|fix(es)?|adjustments?)|things (went|go|were|are) back|the way (it|they|things) should (be|work)|(fixed|resolved|solved|addressed) the (problem|issue|bug)|(some|a few) (changes|adjustments|tweaks))\b/i;
function vagueChange(text: string): boolean {
  return VAGUE_CHANGE.test(text) && !/\d|`/.test(text) && !FAULT_CLASSES.some((fc) => FAULT_CLASS_TERMS[fc].fix.some((p) => p.test(text)));
}

/**
 * A sentence that tells the fault's mechanism ("the pool maximum was set to 500 ... so the pool opened
 * connections until every slot was taken") and nothing of a resolution: its "set" or "changed" is how the
 * fault came about, not what fixed it.
 */
function tellsMechanism(text: string): boolean {
  return !TELLS_RESOLUTION.test(text) && FAULT_CLASSES.some((fc) => FAULT_CLASS_TERMS[fc].mechanism.some((p) => p.test(text)));
}

export const causeAndResolutionCriterion: Criterion = {
  id: 'cause-and-resolution',
  title: 'Root cause is a mechanism; resolution says what changed',
  group: 'document',
  check({ facts }) {
    const section = facts.sections.sections.get('root-cause');
    const clauses = causeClauses(facts);
    // Without a section of its own, the cause and the fix may be told anywhere (prose): read them there.
    const units = facts.unitsIn['root-cause'].length > 0 ? facts.unitsIn['root-cause'] : [...new Set(clauses.map((c) => c.unit))];
    if (units.length === 0) {
      return {
        score: 0,
        evidence: [notFound('a root cause and resolution section')],
        feedback: ['Add "Root cause and resolution": the mechanism that caused the outage, in detail, and what you changed to fix it.'],
      };
    }
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    let score = 0;
    const n = section ? units.reduce((sum, u) => sum + u.words, 0) : Math.round(units.reduce((sum, u) => sum + u.words, 0) / 2);

    const blame = toneFindings(units).filter((f) => f.kind === 'blame');
    const named = clauses.find((c) => units.includes(c.unit) && MECHANISM.test(c.text));
    // A mechanism offered as a guess ("I think it might have been keeping...") names the problem without explaining it.
    // Nor does a sentence about the fix ("the code was fixed so the widgets are released") explain the cause.
    const mechanism = clauses.find((c) => units.includes(c.unit) && MECHANISM.test(c.text) && EXPLAINS.test(c.text) && !HEDGE.test(c.text) && !ABOUT_THE_FIX.test(c.text) && c.text.split(/\s+/).length >= 5);
    if (blame.length > 0) {
      evidence.push({ line: blame[0].unit.line, read: excerpt(blame[0].unit.text, 100), expected: 'a mechanism, not a person' });
      feedback.push('The root cause names a person: state the technical mechanism, and the process gap that let it through.');
    } else if (!mechanism) {
      if (named) score += NAMED_ONLY;
      evidence.push({ line: (named ?? { unit: units[0] }).unit.line, read: excerpt((named?.unit ?? units[0]).text, 100), expected: 'a technical mechanism (what held memory, what grew, what ran out), and why' });
      feedback.push(named
        ? `Line ${named.unit.line} names the problem but does not explain it: say what in the code or configuration did what, and why it produced the symptom.`
        : 'Name the mechanism: what in the code or configuration caused the symptom, and why.');
    } else {
      score += 0.2 + 0.3 * Math.min(1, n / DETAILED_WORDS);
      evidence.push({ line: mechanism.unit.line, read: `mechanism: ${excerpt(mechanism.text, 100)}` });
      if (n < DETAILED_WORDS) feedback.push(`Explain the root cause in more detail (${n} words): how the mechanism produced the symptom users saw.`);
    }

    // A change once the stop-gaps are set aside: "we restarted it, and fixed it by adding an index" has one.
    const withoutStopGaps = (text: string): string => MITIGATION.reduce((t, p) => t.replace(new RegExp(p.source, 'gi'), ' '), text);
    const changes = units.filter((u) => CHANGE_VERB.test(u.text) || MITIGATION.some((p) => p.test(u.text)));
    const fixes = units
      // A sentence that only tells the cause ("the maximum had been set to 500") describes the fault, and a
      // limit grown ("increased the connection limit, which gives the pool room") is a stop-gap whatever follows.
      .filter((u) => !tellsOnlyCause(u.text) && !tellsMechanism(u.text) && !genericStatement(u.text) && !vagueChange(u.text))
      .filter((u) => CHANGE_VERB.test(withoutStopGaps(u.text)) || FAULT_CLASSES.some((fc) => FAULT_CLASS_TERMS[fc].fix.some((p) => p.test(withoutStopGaps(u.text)))))
      // For the evidence, a sentence that talks about the fix beats one that uses a change verb in passing.
      .sort((a, b) => Number(RESOLUTION_CUE.test(b.text)) - Number(RESOLUTION_CUE.test(a.text)));
    if (fixes.length > 0) {
      score += 0.5;
      evidence.push({ line: fixes[0].line, read: `change: ${excerpt(fixes[0].text, 100)}` });
    } else if (changes.length > 0) {
      score += 0.25;
      const vague = changes.find((u) => vagueChange(u.text));
      evidence.push({ line: (vague ?? changes[0]).line, read: excerpt((vague ?? changes[0]).text, 100), expected: 'a change that removes the cause, not only a restart or more capacity' });
      feedback.push(vague
        ? `Line ${vague.line} says a change was made but not which ("${excerpt(vague.text, 50)}"): say what was changed, where, and to what.`
        : 'The resolution only describes a stop-gap (restart, more memory or capacity): explain the change that removed the cause.');
    } else {
      evidence.push(notFound('what was changed to resolve it'));
      feedback.push('Say how it was fixed: what was changed in the code or configuration, and how you verified it.');
    }
    return { score: clampScore(score), evidence, feedback };
  },
};
