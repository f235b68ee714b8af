import { clauses } from '../document/prose';
import {
  BLAME_ALWAYS, BLAME_NEGATED, DRAMATIC, FAILURE_VERB, NAMED_PERSON, PERSON_SUBJECT, SOFTWARE_SUBJECT,
} from '../lexicon/language';
import type { TextUnit } from './units';

export interface ToneFinding {
  kind: 'blame' | 'possible-blame' | 'dramatic';
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
  for (const unit of units) {
    for (const clause of clauses(unit.text)) {
      const always = BLAME_ALWAYS.exec(clause);
      const named = NAMED_PERSON.exec(clause);
      if (always && !BLAME_NEGATED.test(clause)) {
        out.push({ kind: 'blame', unit, match: always[0] });
      } else if (named && !SOFTWARE_SUBJECT.test(named[1])) {
        out.push({ kind: 'blame', unit, match: named[0] });
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
