import { words } from '../document/prose';
import { ASSIGNMENT_TEXT } from '../lexicon/assignment-text';

/** Share of a text's word 4-grams that also occur in the assignment's wording (0..1). */
const N = 4;

function shingles(text: string): string[] {
  const w = words(text.toLowerCase());
  const out: string[] = [];
  for (let i = 0; i + N <= w.length; i++) out.push(w.slice(i, i + N).join(' '));
  return out;
}

let assignment: Set<string> | null = null;

const memo = new Map<string, number>();

/** Forgets the memo: each postmortem is read from scratch (document-facts.ts calls it), so timings stay honest. */
export function forgetPasted(): void {
  memo.clear();
}

/** Memoised within one postmortem: the same sentence is asked about by the units, the timeline, the tasks and the sections. */
export function pastedShare(text: string): number {
  const known = memo.get(text);
  if (known !== undefined) return known;
  assignment ??= new Set(shingles(ASSIGNMENT_TEXT));
  const own = shingles(text);
  const share = own.length === 0 ? 0 : own.filter((s) => assignment!.has(s)).length / own.length;
  memo.set(text, share);
  return share;
}
