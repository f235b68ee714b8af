import { classifyLabel, normalizeLabel } from './labels';
import type { Block, PostmortemDocument } from './parse-document';
import type { SectionId } from './section-ids';

export { classifyLabel, normalizeLabel } from './labels';
export { SECTION_IDS, SECTION_TITLES, type SectionId } from './section-ids';

/**
 * Which blocks belong to which of the four required sections. Learners label sections with
 * headings ("## Issue Summary"), bold labels ("**Timeline**"), numbered items ("1. Issue summary:")
 * or a short line of its own; any reasonable wording and order is accepted.
 */


export interface Section {
  id: SectionId;
  /** The labelling block(s), first one first. */
  labels: Block[];
  /** Content blocks (a label block's own text after the label counts as content). */
  blocks: Block[];
}

export interface SectionMap {
  sections: Map<SectionId, Section>;
  /** Blocks in no section (title, preamble, unknown headings such as "Appendix"). */
  other: Block[];
}

interface Current {
  id: SectionId;
  headingLevel: number | null;
  style: 'heading' | 'paragraph';
}

export function findSections(doc: PostmortemDocument): SectionMap {
  const sections = new Map<SectionId, Section>();
  const other: Block[] = [];
  let current = null as Current | null;

  for (const b of doc.blocks) {
    const match = b.label !== null && b.kind !== 'table-row' && b.kind !== 'code' ? classifyLabel(b.label) : null;
    let starts = false;
    if (b.kind === 'heading') {
      if (match) starts = !current || current.id !== match.id || (b.headingLevel ?? 9) <= (current.headingLevel ?? 9);
      else if (!current || current.headingLevel === null || (b.headingLevel ?? 9) <= current.headingLevel) current = null;
    } else if (match && !b.continuation && b.depth <= 1 && (!current || current.id !== match.id)) {
      // Inside a section that has a heading, only a strong label standing alone ("**Timeline**") acts
      // as a heading; "**Root cause:** a leak..." in a summary or "- Resolution: ..." in a timeline do not.
      if (!current || current.style === 'paragraph') starts = !summaryLine(current?.id, b);
      else starts = match.strong && b.depth === 0 && b.rest.trim() === '';
    }
    if (starts && match) {
      current = {
        id: match.id,
        headingLevel: b.kind === 'heading' ? b.headingLevel : (current?.headingLevel ?? null),
        style: b.kind === 'heading' ? 'heading' : 'paragraph',
      };
      const section = sections.get(match.id) ?? { id: match.id, labels: [], blocks: [] };
      section.labels.push(b);
      if (b.kind !== 'heading' && b.rest.trim()) section.blocks.push(restOf(b));
      sections.set(match.id, section);
      continue;
    }
    if (current) sections.get(current.id)?.blocks.push(b);
    else other.push(b);
  }
  return { sections, other };
}

/** The summary's own "Root cause: the cache never evicted" line is part of the summary the assignment asks for. */
function summaryLine(current: SectionId | undefined, b: Block): boolean {
  return current === 'summary' && b.rest.trim() !== '' && /^(root )?causes?$/.test(normalizeLabel(b.label ?? ''));
}

/** The section's text, one block a line. */
export function sectionText(section: Section | undefined): string {
  return section ? section.blocks.map((b) => b.text).join('\n') : '';
}

/** The text after a label, as a block of its own: on the label's line ("Root cause: ...") or from the next line on. */
function restOf(b: Block): Block {
  const sameLine = b.text.split('\n')[0].trim().length > (b.label ?? '').length + 2;
  return { ...b, kind: b.kind === 'list-item' && sameLine ? 'list-item' : 'paragraph', text: b.rest, line: sameLine ? b.line : b.line + 1, label: null, rest: b.rest, field: sameLine };
}
