import type { Block } from '../document/parse-document';
import { sentences, sentencesAt } from '../document/prose';

/** A line that is an entry of its own ("14:05 - ...", "- item"), not the continuation of a sentence. */
const LINE_ENTRY = /^\s*(?:[-*+]\s|\d{1,2}[:.]\d{2}|\d{4}-\d{2}-\d{2}|\[|\||$)/;
import type { SectionId, SectionMap } from '../document/sections';

/** A sentence of the document with the source line it is on and the section it belongs to. */
export interface TextUnit {
  text: string;
  line: number;
  section: SectionId | null;
  block: Block;
}

/**
 * A sentence longer than this is not prose anyone wrote on purpose; only its start is analysed,
 * which keeps the cost of every pattern bounded whatever the input.
 */
export const MAX_UNIT_CHARS = 2000;

export function bounded(text: string): string {
  return text.length > MAX_UNIT_CHARS ? text.slice(0, MAX_UNIT_CHARS) : text;
}

export function unitsOfBlock(block: Block, section: SectionId | null): TextUnit[] {
  if (block.kind === 'code') return [];
  // A label block's text may have lost its label; the rest still starts on the block's first line.
  // Table rows and timeline-like lines are kept one line each; prose sentences may span lines.
  const lines = block.text.split('\n');
  if (block.kind === 'table-row' || lines.every((l) => LINE_ENTRY.test(l))) {
    return lines.flatMap((l, offset) => sentences(l).map((s) => ({ text: bounded(s), line: block.line + offset, section, block })));
  }
  let line = block.line;
  let counted = 0;
  return sentencesAt(block.text).map((s) => {
    for (; counted < s.index; counted++) if (block.text.charCodeAt(counted) === 10) line++;
    return { text: bounded(s.text), line, section, block };
  });
}

export function allUnits(map: SectionMap): TextUnit[] {
  const units: TextUnit[] = [];
  for (const b of map.other) units.push(...unitsOfBlock(b, null));
  for (const section of map.sections.values()) {
    for (const b of section.blocks) units.push(...unitsOfBlock(b, section.id));
  }
  return units.sort((a, b) => a.line - b.line);
}
