import { clauses } from '../document/prose';
import { REQUESTS_NOUN, USERS_NOUN } from '../lexicon/language';
import type { TextUnit } from './units';

/** A share the learner states: "30% of users", "about 1 in 4 requests", "62 of 200 users (31%)". */
export interface PercentFact {
  value: number;
  noun: 'users' | 'requests' | null;
  /** 'failed': a share of errors or timeouts; 'affected': slow or otherwise affected. */
  kind: 'affected' | 'failed';
  raw: string;
  unit: TextUnit;
  /** A figure computed from "N of M" rather than written as a percentage. */
  fromCount: boolean;
}

const FAILED = /\b(fail\w*|errors?|errored|timed? ?out|timeouts?|5\d\d|5xx|refused|could(n't| not)|unable|down)\b/i;

const PERCENT = /(?<![\d.])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)/gi;
const COUNT = /(?<![\d.,])(\d[\d,]*)\s+(?:of|out of)\s+(?:the\s+|our\s+|all\s+)?(\d[\d,]*)\b/gi;
const ONE_IN = /\b(?:1|one) in (\d{1,3})\b/gi;
const NOUN_BEFORE = /\b(users?|customers?|visitors?|shoppers?|sessions?|requests?|traffic|calls?|page loads)\b[^.%\d]{0,30}$/i;

function nounOf(after: string, before: string): PercentFact['noun'] {
  if (USERS_NOUN.test(after)) return 'users';
  if (REQUESTS_NOUN.test(after)) return 'requests';
  const b = NOUN_BEFORE.exec(before);
  if (b) return /^(requests?|traffic|calls?|page loads)$/i.test(b[1]) ? 'requests' : 'users';
  return null;
}

export function findPercentages(unit: TextUnit): PercentFact[] {
  return clauses(unit.text).flatMap((clause) => inClause(clause, unit));
}

function inClause(text: string, unit: TextUnit): PercentFact[] {
  const out: PercentFact[] = [];
  const kind: PercentFact['kind'] = FAILED.test(text) ? 'failed' : 'affected';
  for (const m of text.matchAll(PERCENT)) {
    const value = Number(m[1].replace(',', '.'));
    if (value > 100) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    out.push({ value, noun: nounOf(after, before), kind, raw: m[0], unit, fromCount: false });
  }
  for (const m of text.matchAll(COUNT)) {
    const part = Number(m[1].replace(/,/g, ''));
    const whole = Number(m[2].replace(/,/g, ''));
    if (!(whole > 0) || part > whole) continue;
    const noun = nounOf(text.slice(m.index + m[0].length, m.index + m[0].length + 40), '');
    if (!noun) continue; // "2 of 3 replicas" is not a share of users or requests
    out.push({ value: (part / whole) * 100, noun, kind, raw: m[0], unit, fromCount: true });
  }
  for (const m of text.matchAll(ONE_IN)) {
    const noun = nounOf(text.slice(m.index + m[0].length, m.index + m[0].length + 40), '');
    if (noun) out.push({ value: 100 / Number(m[1]), noun, kind, raw: m[0], unit, fromCount: true });
  }
  return out;
}
