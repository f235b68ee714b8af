import type { Block } from '../document/parse-document';
import { sentences, sentencesAt, wordCount } from '../document/prose';
import type { SectionId, SectionMap } from '../document/sections';
import { readStatement, type StatementMode } from './statements';

/** A line that is an entry of its own ("14:05 - ...", "- item"), not the continuation of a sentence. */
const LINE_ENTRY = /^\s*(?:[-*+]\s|\d{1,2}[:.]\d{2}|\d{4}-\d{2}-\d{2}|\[|\||$)/;
const STARTS_WITH_TIME = /^\W*(?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}[:.]\d{2}/;
/** Repeats shorter than this are ordinary ("Fixed."); longer ones are filler. */
const MIN_REPEAT_WORDS = 5;

/** A sentence of the document with the source line it is on and the section it belongs to. */
export interface TextUnit {
  text: string;
  line: number;
  section: SectionId | null;
  block: Block;
  /** It says something (statements.ts): only such units earn credit. */
  says: boolean;
  /** The same words already appeared earlier in the document. */
  repeat: boolean;
  words: number;
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
    return lines.flatMap((l, offset) => sentences(l).map((s, i) => unit(s, block.line + offset, section, block, i === 0 && offset === 0)));
  }
  let line = block.line;
  let counted = 0;
  return sentencesAt(block.text).map((s, i) => {
    for (; counted < s.index; counted++) if (block.text.charCodeAt(counted) === 10) line++;
    return unit(s.text, line, section, block, i === 0);
  });
}

function unit(raw: string, line: number, section: SectionId | null, block: Block, first: boolean): TextUnit {
  const text = bounded(raw);
  if (block.kind === 'table-row') return { text, line, section, block, says: /[\p{L}\p{N}]/u.test(text), repeat: false, words: wordCount(text) };
  const read = readStatement(text, modeOf(text, section, block, first));
  return { text, line, section, block, says: read.says, repeat: false, words: wordCount(text) };
}

function modeOf(text: string, section: SectionId | null, block: Block, first: boolean): StatementMode {
  if (first && (block.field || (block.label !== null && block.rest.trim() !== '' && block.kind !== 'heading'))) return 'field';
  if (block.kind === 'list-item' && section === 'corrective') return 'task';
  if (block.kind === 'list-item' || STARTS_WITH_TIME.test(text)) return 'entry';
  return 'prose';
}

function repeatKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function allUnits(map: SectionMap): TextUnit[] {
  const units: TextUnit[] = [];
  for (const b of map.other) units.push(...unitsOfBlock(b, null));
  for (const section of map.sections.values()) {
    for (const b of section.blocks) units.push(...unitsOfBlock(b, section.id));
  }
  units.sort((a, b) => a.line - b.line);
  const seen = new Set<string>();
  for (const u of units) {
    const key = repeatKey(u.text);
    if (u.words >= MIN_REPEAT_WORDS && seen.has(key)) u.repeat = true;
    seen.add(key);
  }
  return units;
}

/** The units that earn credit: statements, said once. */
export function telling(units: TextUnit[]): TextUnit[] {
  return units.filter((u) => u.says && !u.repeat);
}
