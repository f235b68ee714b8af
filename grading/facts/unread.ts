import type { PostmortemDocument } from '../document/parse-document';
import type { ReadingNote } from '../document/fences';
import { SECTION_TITLES, type SectionMap } from '../document/sections';
import { MIN_SECTION_WORDS } from '../tolerances';
import { MAX_UNIT_CHARS, type TextUnit } from './units';

export type { ReadingNote } from '../document/fences';

const LINK = /\]\((https?:\/\/[^)\s]+)\)|\bhttps?:\/\/\S+/;

/**
 * Content the grader could not read, so that it is reported to the learner and the instructor instead
 * of being scored as absent: an image or a link standing in for a section's text, a code block in a
 * section that has no prose, a sentence too long to analyse.
 */
export function findUnread(doc: PostmortemDocument, map: SectionMap, units: TextUnit[]): ReadingNote[] {
  const notes: ReadingNote[] = [];
  for (const section of map.sections.values()) {
    const said = units.filter((u) => u.section === section.id && u.says).reduce((n, u) => n + u.words, 0);
    if (said >= MIN_SECTION_WORDS[section.id]) continue;
    const title = SECTION_TITLES[section.id];
    const first = section.labels[0].line;
    const last = [...map.sections.values()].map((s) => s.labels[0].line).filter((l) => l > first).sort((a, b) => a - b)[0] ?? Infinity;
    for (const image of doc.images.filter((i) => i.line >= first && i.line < last)) {
      notes.push({ line: image.line, unread: true, message: `"${title}" holds an image (${image.alt || image.src || 'no description'}) that the grader cannot read; an instructor should look at it` });
    }
    for (const b of section.blocks) {
      const link = LINK.exec(b.text);
      if (b.kind === 'code') notes.push({ line: b.line, unread: true, message: `"${title}" is a code block (line ${b.line}) that was not read as prose; an instructor should look at it` });
      else if (link) notes.push({ line: b.line, unread: true, message: `"${title}" points to ${link[1] ?? link[0]}, which the grader cannot open; put the text in the postmortem` });
    }
  }
  for (const u of units.filter((x) => x.text.length >= MAX_UNIT_CHARS)) {
    notes.push({ line: u.line, unread: true, message: `the sentence on line ${u.line} is longer than ${MAX_UNIT_CHARS} characters; only its start was read` });
  }
  return notes;
}
