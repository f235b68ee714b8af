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

export function unitsOfBlock(block: Block, section: SectionId | null): TextUnit[] {
  if (block.kind === 'code') return [];
  // A label block's text may have lost its label; the rest still starts on the block's first line.
  // Table rows and timeline-like lines are kept one line each; prose sentences may span lines.
  const lines = block.text.split('\n');
  if (block.kind === 'table-row' || lines.every((l) => LINE_ENTRY.test(l))) {
    return lines.flatMap((l, offset) => sentences(l).map((s) => ({ text: s, line: block.line + offset, section, block })));
  }
  return sentencesAt(block.text).map((s) => ({
    text: s.text,
    line: block.line + (block.text.slice(0, s.index).match(/\n/g)?.length ?? 0),
    section,
    block,
  }));
}

export function allUnits(map: SectionMap): TextUnit[] {
  const units: TextUnit[] = [];
  for (const b of map.other) units.push(...unitsOfBlock(b, null));
  for (const section of map.sections.values()) {
    for (const b of section.blocks) units.push(...unitsOfBlock(b, section.id));
  }
  return units.sort((a, b) => a.line - b.line);
}
