import type { RedHerringKind } from '../../scenarios/run-record';
import type { Block } from '../document/parse-document';
import { normalizeProse } from '../document/prose';
import type { Section } from '../document/sections';
import { TIMELINE_TAGS, type TimelineTag } from '../lexicon/language';
import { MISLEADING_CUE, RED_HERRING_TERMS } from '../lexicon/red-herrings';
import { findTimes, type TimeMention } from '../time/parse-times';
import { PASTED_SHARE } from '../tolerances';
import { pastedShare } from './pasted';
import { readStatement } from './statements';
import { bounded, MAX_UNIT_CHARS } from './units';

/** One entry of the learner's timeline: a bullet, a table row, or a line that starts with a time. */
export interface TimelineEntry {
  text: string;
  line: number;
  time: TimeMention | null;
  /** A list item or table row (the assignment asks for bullets). */
  bullet: boolean;
  tags: Set<TimelineTag>;
  /** Red-herring kinds this entry names. */
  kinds: RedHerringKind[];
  /** It says what happened (statements.ts); a string of terms, or the same entry again, does not. */
  says: boolean;
}

/** Without a timeline section, lines that start with a time elsewhere count when there are at least this many. */
const MIN_LOOSE_ENTRIES = 3;

/** A time counts as the entry's own when it opens the entry ("14:05 UTC - ...", "At 14:05, ..."). */
const LEADING_TIME_CHARS = 40;

export function findTimeline(section: Section | undefined, loose: Block[] = []): TimelineEntry[] {
  if (!section) {
    const found = entriesOf(loose.filter((b) => b.kind === 'list-item' || b.kind === 'paragraph' || b.kind === 'table-row')).filter((e) => e.time);
    return found.length >= MIN_LOOSE_ENTRIES ? found : [];
  }
  return entriesOf(section.blocks);
}

function entriesOf(blocks: Block[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const listDepth = blocks.reduce((min, b) => (b.kind === 'list-item' ? Math.min(min, b.depth) : min), Infinity);
  let last: TimelineEntry | null = null;

  const add = (text: string, line: number, bullet: boolean): void => {
    last = { text: bounded(text), line, time: leadingTime(text.slice(0, LEADING_TIME_CHARS * 2)), bullet, tags: new Set(), kinds: [], says: true };
    entries.push(last);
  };
  const append = (text: string): void => {
    if (last && last.text.length < MAX_UNIT_CHARS) last.text = bounded(`${last.text}\n${text}`);
  };

  for (const b of blocks) {
    if (b.kind === 'list-item' && b.depth === listDepth) add(stripCheckbox(b.text), b.line, true);
    else if (b.kind === 'list-item' || b.continuation) append(b.text);
    else if (b.kind === 'table-row' && !b.header) add(b.text, b.line, true);
    else if (b.kind === 'paragraph') paragraphEntries(b, add, append);
  }
  const seen = new Set<string>();
  for (const e of entries) {
    const key = e.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    e.says = !seen.has(key) && (e.text.includes('|') || readStatement(e.text, 'entry').says) && pastedShare(e.text) < PASTED_SHARE;
    seen.add(key);
    classify(e);
  }
  return entries;
}

function paragraphEntries(b: Block, add: (t: string, l: number, bullet: boolean) => void, append: (t: string) => void): void {
  b.text.split('\n').forEach((line, offset) => {
    if (leadingTime(line)) add(line, b.line + offset, false);
    else append(line);
  });
}

function leadingTime(text: string): TimeMention | null {
  const first = findTimes(normalizeProse(text))[0];
  return first && first.index < LEADING_TIME_CHARS ? first : null;
}

function stripCheckbox(text: string): string {
  return text.replace(/^\[[ xX]\]\s*/, '');
}

function classify(e: TimelineEntry): void {
  for (const [tag, pattern] of Object.entries(TIMELINE_TAGS) as Array<[TimelineTag, RegExp]>) {
    if (pattern.test(e.text)) e.tags.add(tag);
  }
  if (MISLEADING_CUE.test(e.text)) e.tags.add('misleading');
  for (const [kind, terms] of Object.entries(RED_HERRING_TERMS) as Array<[RedHerringKind, { patterns: RegExp[] }]>) {
    if (terms.patterns.some((p) => p.test(e.text))) e.kinds.push(kind);
  }
}
