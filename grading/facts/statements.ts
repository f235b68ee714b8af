import { words } from '../document/prose';
import { FUNCTION_WORDS, IMPERATIVES, NOT_VERBS, VERBS } from '../lexicon/coherence';
import { OWNER_OR_DUE } from '../lexicon/language';

/**
 * Whether a piece of text says something: a subject doing something to something, not a list of terms.
 * Prose needs a verb and, past a few words, the function words that join English words into a claim
 * (a keyword list has none). A timeline entry or a list item may be terse ("14:04 - alert fired") but
 * still needs a verb or a joining word; a task starts with what to do. Text repeated word for word earns
 * nothing a second time (units.ts).
 */

export type StatementMode = 'prose' | 'entry' | 'task' | 'field';

const LEADING_TIME = /^\W*(?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}[:.h]?\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:\(?[A-Z]{2,5}(?:[+-−]\d{1,2})?\)?)?\W*/i;

function isVerb(w: string): boolean {
  return VERBS.has(w) || (w.length > 4 && w.endsWith('ed') && !NOT_VERBS.has(w));
}

export interface StatementRead {
  says: boolean;
  words: number;
}

export function readStatement(text: string, mode: StatementMode): StatementRead {
  const body = mode === 'entry' ? text.replace(LEADING_TIME, '') : text;
  const all = words(body.toLowerCase()).filter((w) => /\p{L}/u.test(w));
  const n = all.length;
  const fn = all.filter((w) => FUNCTION_WORDS.has(w)).length;
  const verb = all.some(isVerb);
  let says: boolean;
  switch (mode) {
    case 'field':
      says = n >= 1 && (n <= 15 || (verb && fn / n >= 0.12));
      break;
    case 'task':
      // A terse noun-phrase task with an owner or a date ("heap growth alert on widget-api (SRE, 17 Feb)") is a commitment, not a term list.
      says = (n >= 2 && (IMPERATIVES.has(all[0]) || (fn >= 1 && n >= 3)) && (n <= 6 || fn >= 1)) || (n >= 3 && n <= 14 && OWNER_OR_DUE.test(text));
      break;
    case 'entry':
      says = n >= 2 && (verb || fn >= 1) && (n <= 8 || fn / n >= 0.08);
      break;
    default:
      says = n >= 3 && (verb || fn / n >= 0.2) && (n <= 8 || fn / n >= 0.12);
  }
  return { says, words: n };
}
