import { clauses } from '../document/prose';
import {
  BLAME_ALWAYS, BLAME_NEGATED, BLAME_PERSON, CAUSED_BY_PERSON, DRAMATIC, FAILING_MODIFIER, FAILING_ON_ITS_OWN, FAILURE_VERB, NAMED_PERSON, NOT_A_NAME,
  PERSON_ACTION, PERSON_FAILING, PERSON_SUBJECT, ROLE_PERSON, SANCTION, SOFTWARE_SUBJECT,
} from '../lexicon/language';
import type { TextUnit } from './units';

export interface ToneFinding {
  kind: 'blame' | 'possible-blame' | 'dramatic';
  /** The blame is aimed at a person (a name or a role), not at a system or "human error" in general. */
  person?: boolean;
  unit: TextUnit;
  /** The words that triggered it. */
  match: string;
}

/**
 * Blame is a person's action presented as the cause ("Dave forgot to...", "human error").
 * "failed to" after software ("the process failed to release memory") is not blame; after
 * an unknown subject it is a warning for the learner to check.
 */
export function toneFindings(units: TextUnit[]): ToneFinding[] {
  const out: ToneFinding[] = [];
  const lower = lowerCaseWords(units);
  for (const unit of units) {
    const aimed = personBlame(unit.text, lower);
    if (aimed) out.push({ kind: 'blame', person: true, unit, match: aimed });
    for (const clause of aimed ? [] : clauses(unit.text)) {
      const always = BLAME_ALWAYS.exec(clause);
      const named = NAMED_PERSON.exec(clause);
      const aimedAt = BLAME_PERSON.exec(clause);
      const action = PERSON_ACTION.exec(clause);
      const actor = action ? (action[1] ?? action[2]) : null;
      if (always && !BLAME_NEGATED.test(clause)) {
        out.push({ kind: 'blame', unit, match: always[0] });
      } else if (aimedAt && !BLAME_NEGATED.test(clause) && !NOT_A_NAME.test(aimedAt[0].split(/\s+/).pop() ?? '')) {
        out.push({ kind: 'blame', person: true, unit, match: aimedAt[0] });
      } else if (action && actor && !NOT_A_NAME.test(actor) && !SOFTWARE_SUBJECT.test(actor)) {
        out.push({ kind: 'blame', person: true, unit, match: action[0] });
      } else if (named && !SOFTWARE_SUBJECT.test(named[1]) && !NOT_A_NAME.test(named[1])) {
        out.push({ kind: 'blame', person: true, unit, match: named[0] });
      } else {
        const failure = FAILURE_VERB.exec(clause);
        if (failure) {
          const subject = clause.slice(Math.max(0, failure.index - 40), failure.index);
          const lastWords = subject.split(/\s+/).slice(-4).join(' ');
          if (PERSON_SUBJECT.test(lastWords)) out.push({ kind: 'blame', unit, match: `${lastWords.trim()} ${failure[0]}` });
          else if (!SOFTWARE_SUBJECT.test(lastWords)) out.push({ kind: 'possible-blame', unit, match: `${lastWords.trim()} ${failure[0]}`.trim() });
        }
      }
      const dramatic = DRAMATIC.exec(clause);
      if (dramatic) out.push({ kind: 'dramatic', unit, match: dramatic[0] });
    }
  }
  return out;
}

const NAME = /\b[A-Z][a-z]{2,}\b/g;
const ROLE = new RegExp(String.raw`\b${ROLE_PERSON}\b`, 'gi');
const LOWER_WORD = /\b[a-z][a-z]{2,}\b/g;

/** Words the document writes in lower case: a capitalised one among them is a word, not a name ("Memory grew"). */
function lowerCaseWords(units: TextUnit[]): Set<string> {
  const out = new Set<string>();
  for (const u of units) for (const m of u.text.matchAll(LOWER_WORD)) out.add(m[0]);
  return out;
}

function isName(word: string, lower: Set<string>): boolean {
  return !lower.has(word.toLowerCase()) && !NOT_A_NAME.test(word) && !SOFTWARE_SUBJECT.test(word);
}

/**
 * A sentence that blames a person, wherever it stands: "Thanks to Dave's sloppy PR", "Priya approved it
 * without even reading it", "Tom, our intern, removed the size limit", "Tom is no longer allowed to...".
 * A person doing their job ("Alice rolled back the release", "owner: Sam") is not blame.
 */
export function personBlame(sentence: string, lower: Set<string>): string | null {
  const by = CAUSED_BY_PERSON.exec(sentence);
  if (by && isName(by[1] ?? by[2], lower)) return by[0];
  const people: Array<{ text: string; end: number }> = [];
  for (const m of sentence.matchAll(NAME)) if (isName(m[0], lower)) people.push({ text: m[0], end: m.index + m[0].length });
  for (const m of sentence.matchAll(ROLE)) people.push({ text: m[0], end: m.index + m[0].length });
  for (const p of people) {
    const after = sentence.slice(p.end).replace(/^'s\b/, '');
    if (SANCTION.test(after)) return `${p.text}${sentence.slice(p.end, p.end + 40).split(/[.;]/)[0]}`;
    if (sentence.slice(p.end).startsWith("'s") && BLAME_ALWAYS.test(sentence)) return `${p.text}'s ${BLAME_ALWAYS.exec(sentence)![0]}`;
    if (PERSON_FAILING.test(after)) {
      const rest = after.slice(0, 80);
      if (FAILING_ON_ITS_OWN.test(after) || FAILING_MODIFIER.test(rest) || BLAME_ALWAYS.test(sentence)) return `${p.text}${rest.split(/[.;]/)[0]}`;
      // A role made the change ("our intern removed the size limit"): the person, not the process, as the cause.
      if (/^(the|our|a|an|new|that|this)\s/i.test(p.text) || /^[,\s]*(our|the)\s+[\w-]+/.test(after)) return `${p.text}${rest.split(/[.;]/)[0]}`;
    }
  }
  return null;
}
