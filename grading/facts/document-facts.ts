import { parseDocument, type PostmortemDocument } from '../document/parse-document';
import { wordCount } from '../document/prose';
import { findSections, SECTION_IDS, type SectionId, type SectionMap } from '../document/sections';
import { findDeclaredZone, type DeclaredZone } from './declared-zone';
import { findPercentages, type PercentFact } from './percentages';
import { documentDay } from './reference-day';
import { findTasks, type TaskFact } from './tasks';
import { findTimeline, type TimelineEntry } from './timeline';
import { allUnits, unitsOfBlock, type TextUnit } from './units';
import { findWindow, type WindowFact } from './window';

/** Everything the criteria read from a postmortem, extracted once. */
export interface DocumentFacts {
  doc: PostmortemDocument;
  sections: SectionMap;
  units: TextUnit[];
  unitsIn: Record<SectionId, TextUnit[]>;
  preamble: TextUnit[];
  declaredZone: DeclaredZone | null;
  window: WindowFact | null;
  percentages: PercentFact[];
  timeline: TimelineEntry[];
  tasks: TaskFact[];
  wordCount: number;
  /** The day on which zone offsets are read (the learner's own date if any): see reference-day.ts. */
  day: number;
}

export function extractFacts(source: string): DocumentFacts {
  const doc = parseDocument(source);
  const sections = findSections(doc);
  const units = allUnits(sections);
  const unitsIn = Object.fromEntries(
    SECTION_IDS.map((id) => [id, units.filter((u) => u.section === id)]),
  ) as Record<SectionId, TextUnit[]>;
  const firstSectionLine = [...sections.sections.values()].reduce((min, s) => Math.min(min, s.labels[0].line), Infinity);
  const preamble = sections.other
    .filter((b) => b.line < firstSectionLine)
    .flatMap((b) => unitsOfBlock(b, null));
  const declaredZone = findDeclaredZone(doc);
  const window = findWindow(unitsIn.summary, preamble, declaredZone);
  const timeline = findTimeline(sections.sections.get('timeline'));
  return {
    doc,
    sections,
    units,
    unitsIn,
    preamble,
    declaredZone,
    window,
    percentages: units.flatMap(findPercentages),
    timeline,
    tasks: findTasks(sections.sections.get('corrective')),
    wordCount: doc.blocks.filter((b) => b.kind !== 'code').reduce((n, b) => n + wordCount(b.text), 0),
    day: documentDay(window, timeline),
  };
}
