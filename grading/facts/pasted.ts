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

export function pastedShare(text: string): number {
  assignment ??= new Set(shingles(ASSIGNMENT_TEXT));
  const own = shingles(text);
  if (own.length === 0) return 0;
  return own.filter((s) => assignment!.has(s)).length / own.length;
}
