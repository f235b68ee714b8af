import { words } from './document/prose';
import { ASSIGNMENT_TEXT } from './lexicon/assignment-text';

/**
 * Near-identical submissions: Jaccard similarity of word 3-gram sets, leaving out the assignment's own
 * wording (every learner uses the same headings and template). Two learners writing about the same run
 * share facts and figures, not runs of words: measured on the corpus, honest pairs stay far below the
 * threshold and a copy with a few words changed stays far above it. Hand-written (a dozen lines): no
 * library is needed for sets of a few hundred shingles.
 */
const N = 3;
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

function shingles(text: string): Set<string> {
  const w = words(text.toLowerCase());
  const out = new Set<string>();
  for (let i = 0; i + N <= w.length; i++) out.add(w.slice(i, i + N).join(' '));
  return out;
}

let template: Set<string> | null = null;

export function fingerprint(text: string): Set<string> {
  template ??= shingles(ASSIGNMENT_TEXT);
  const own = shingles(text);
  for (const s of template) own.delete(s);
  return own;
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Every pair above the threshold, with its similarity. */
export function nearDuplicates(texts: Array<{ id: string; text: string }>): Array<{ a: string; b: string; similarity: number }> {
  const prints = texts.map((t) => ({ id: t.id, print: fingerprint(t.text) }));
  const pairs: Array<{ a: string; b: string; similarity: number }> = [];
  for (let i = 0; i < prints.length; i++) {
    for (let j = i + 1; j < prints.length; j++) {
      const s = similarity(prints[i].print, prints[j].print);
      if (s >= NEAR_DUPLICATE_THRESHOLD) pairs.push({ a: prints[i].id, b: prints[j].id, similarity: s });
    }
  }
  return pairs;
}
