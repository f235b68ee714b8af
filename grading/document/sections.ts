import type { Block, PostmortemDocument } from './parse-document';

/**
 * Which blocks belong to which of the four required sections. Learners label sections with
 * headings ("## Issue Summary"), bold labels ("**Timeline**"), numbered items ("1. Issue summary:")
 * or a short line of its own; any reasonable wording and order is accepted.
 */

export const SECTION_IDS = ['summary', 'timeline', 'root-cause', 'corrective'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_TITLES: Record<SectionId, string> = {
  summary: 'Issue summary',
  timeline: 'Timeline',
  'root-cause': 'Root cause and resolution',
  corrective: 'Corrective and preventative measures',
};

/**
 * Strong labels name a section unambiguously and may start with the phrase ("Timeline (all times UTC)").
 * Weak labels ("Resolution", "Impact") are whole labels only, and start a section only as headings
 * or where the document labels sections with paragraphs, not inside a section that has a heading.
 */
const STRONG: Array<[string, SectionId]> = [
  ['issue summary', 'summary'], ['incident summary', 'summary'], ['outage summary', 'summary'],
  ['executive summary', 'summary'], ['summary of the issue', 'summary'], ['summary of the incident', 'summary'],
  ['summary', 'summary'], ['overview', 'summary'], ['tl dr', 'summary'], ['tldr', 'summary'],
  ['timeline', 'timeline'], ['time line', 'timeline'], ['incident timeline', 'timeline'], ['chronology', 'timeline'],
  ['sequence of events', 'timeline'], ['timeline of events', 'timeline'],
  ['root cause and resolution', 'root-cause'], ['root cause resolution', 'root-cause'], ['root causes and resolution', 'root-cause'],
  ['root cause analysis', 'root-cause'], ['root cause', 'root-cause'], ['root causes', 'root-cause'],
  ['cause and resolution', 'root-cause'], ['causes and resolution', 'root-cause'], ['cause and fix', 'root-cause'],
  ['corrective and preventative measures', 'corrective'], ['corrective and preventive measures', 'corrective'],
  ['corrective and preventative actions', 'corrective'], ['corrective and preventive actions', 'corrective'],
  ['corrective measures', 'corrective'], ['corrective actions', 'corrective'], ['preventative measures', 'corrective'],
  ['preventive measures', 'corrective'], ['preventative actions', 'corrective'], ['preventive actions', 'corrective'],
  ['action items', 'corrective'], ['follow up actions', 'corrective'], ['follow up items', 'corrective'],
  ['remediation', 'corrective'], ['lessons learned', 'corrective'], ['next steps', 'corrective'],
  ['todo', 'corrective'], ['to do list', 'corrective'], ['prevention', 'corrective'],
];
const WEAK: Array<[string, SectionId]> = [
  ['impact', 'summary'], ['duration', 'summary'], ['what happened', 'summary'],
  ['timeline utc', 'timeline'], ['events', 'timeline'],
  ['resolution', 'root-cause'], ['resolution and recovery', 'root-cause'], ['cause', 'root-cause'],
  ['the fix', 'root-cause'], ['fix', 'root-cause'], ['how it was fixed', 'root-cause'], ['what went wrong', 'root-cause'],
  ['actions', 'corrective'], ['improvements', 'corrective'], ['follow ups', 'corrective'], ['follow up', 'corrective'],
  ['tasks', 'corrective'], ['todo list', 'corrective'],
];

/** "1. Issue Summary:", "Part II — Timeline", "🕒 Timeline (UTC)" -> "issue summary", "timeline", "timeline utc". */
export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/^\s*(?:part|section|step)?\s*(?:\d+|[ivx]+)\s*[.):\-—–]?\s+/i, '')
    .replace(/[^a-z0-9\s]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function classifyLabel(label: string): { id: SectionId; strong: boolean } | null {
  const norm = normalizeLabel(label);
  if (!norm || norm.split(' ').length > 8) return null;
  for (const [phrase, id] of STRONG) {
    if (norm === phrase || norm.startsWith(`${phrase} `)) return { id, strong: true };
  }
  for (const [phrase, id] of WEAK) if (norm === phrase) return { id, strong: false };
  return null;
}

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
      if (b.kind !== 'heading' && b.rest.trim()) section.blocks.push({ ...b, text: b.rest });
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
