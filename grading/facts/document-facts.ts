import { parseDocument, type PostmortemDocument } from '../document/parse-document';
import { wordCount } from '../document/prose';
import { findSections, SECTION_IDS, type SectionId, type SectionMap } from '../document/sections';
import { PASTED_SHARE } from '../tolerances';
import { findDeclaredZone, type DeclaredZone } from './declared-zone';
import { forgetPasted, pastedShare } from './pasted';
import { findPercentages, type PercentFact } from './percentages';
import { documentDay } from './reference-day';
import { findUnread, type ReadingNote } from './unread';
import { findTasks, type TaskFact } from './tasks';
import { findTimeline, type TimelineEntry } from './timeline';
import { allUnits, telling, unitsOfBlock, type TextUnit } from './units';
import { findWindow, isWindowLine, type WindowFact } from './window';
import { FILLER, genericStatement } from '../lexicon/language';

/** Everything the criteria read from a postmortem, extracted once. */
export interface DocumentFacts {
  doc: PostmortemDocument;
  sections: SectionMap;
  /** Every sentence or entry, in source order. */
  units: TextUnit[];
  /** The units that earn credit: statements (not term lists), said once, not the assignment pasted back. */
  telling: TextUnit[];
  unitsIn: Record<SectionId, TextUnit[]>;
  preamble: TextUnit[];
  declaredZone: DeclaredZone | null;
  window: WindowFact | null;
  percentages: PercentFact[];
  timeline: TimelineEntry[];
  tasks: TaskFact[];
  /** Every word outside code (as the assignment counts length). */
  wordCount: number;
  /** Words of the telling units: what the learner really said. */
  ownWords: number;
  /** Words of those that lecture on the topic or fill (genericStatement, FILLER): said, but not of this incident. */
  lectureWords: number;
  /** What the reader had to work around, and what it could not read (an instructor should look). */
  reading: ReadingNote[];
  /** The day on which zone offsets are read (the learner's own date if any): see reference-day.ts. */
  day: number;
}

export function extractFacts(source: string): DocumentFacts {
  forgetPasted();
  const doc = parseDocument(source);
  const sections = findSections(doc);
  const units = allUnits(sections);
  for (const u of units) if (u.says && u.words >= 4 && pastedShare(u.text) >= PASTED_SHARE) u.says = false;
  const said = telling(units);
  const saidKeys = new Set(said.map((u) => `${u.line}\u0000${u.text}`));
  const unitsIn = Object.fromEntries(SECTION_IDS.map((id) => [id, said.filter((u) => u.section === id)])) as Record<SectionId, TextUnit[]>;
  const firstSectionLine = [...sections.sections.values()].reduce((min, s) => Math.min(min, s.labels[0].line), Infinity);
  const preamble = sections.other
    .filter((b) => b.line < firstSectionLine)
    .flatMap((b) => unitsOfBlock(b, null))
    .filter((u) => saidKeys.has(`${u.line}\u0000${u.text}`));
  const elsewhere = said.filter((u) => u.section !== 'summary' && !preamble.includes(u));
  const declaredZone = findDeclaredZone(doc);
  // A summary line that gives only the window ("14:02–14:13 CET, 11 min") is a fact, though not a sentence.
  const windowLines = units.filter((u) => u.section === 'summary' && !u.says && !u.repeat && isWindowLine(u.text));
  const summaryFacts = windowLines.length > 0 ? [...unitsIn.summary, ...windowLines].sort((a, b) => a.line - b.line) : unitsIn.summary;
  const window = findWindow([summaryFacts, preamble, elsewhere], declaredZone);
  const timeline = findTimeline(sections.sections.get('timeline'), sections.sections.size === 0 ? sections.other : []);
  const tasks = findTasks(sections.sections.get('corrective'));
  return {
    doc,
    sections,
    units,
    telling: said,
    unitsIn,
    preamble,
    declaredZone,
    window,
    percentages: said.flatMap(findPercentages),
    timeline,
    tasks,
    wordCount: doc.blocks.filter((b) => b.kind !== 'code').reduce((n, b) => n + wordCount(b.text), 0),
    ownWords: said.reduce((n, u) => n + u.words, 0),
    lectureWords: said.filter((u) => genericStatement(u.text) || FILLER.test(u.text)).reduce((n, u) => n + u.words, 0),
    reading: [...doc.reading, ...findUnread(doc, sections, units)],
    day: documentDay(window, timeline),
  };
}
