import { DateTime } from 'luxon';
import { excerpt } from '../document/prose';
import type { DocumentFacts } from '../facts/document-facts';
import type { TimelineEntry } from '../facts/timeline';
import { TIMELINE_TAG_NAMES, type TimelineTag } from '../lexicon/language';
import { sameZone, type ZoneRef } from '../time/zones';
import { checkActionClaims } from '../run/action-claims';
import { clampScore, notFound, type Criterion, type Evidence } from './criterion';

/** Fewer timed entries than this cannot cover detection to resolution. */
const MIN_ENTRIES = 4;
const DAY = 24 * 60;

/** The zone an entry's time is in: its own, else the one the document declares or the window uses. */
export function entryZone(facts: DocumentFacts, e: TimelineEntry): ZoneRef | null {
  return e.time?.zone ?? facts.declaredZone?.ref ?? facts.window?.zone ?? null;
}

/** Bullets with times, in order, in one timezone, covering detection through resolution. */
export const timelineCriterion: Criterion = {
  id: 'timeline',
  title: 'Timeline: timed bullets, in order, one timezone, complete',
  group: 'document',
  check({ facts, run }) {
    const entries = facts.timeline.filter((e) => e.says);
    if (entries.length === 0 && facts.timeline.length > 0) {
      return {
        score: 0,
        evidence: [{ line: facts.timeline[0].line, read: `${facts.timeline.length} entries, none saying what happened`, expected: '"time - what happened" entries' }],
        feedback: [`The timeline (line ${facts.timeline[0].line}) lists terms or repeats itself: write what happened at each time, "14:05 UTC - the latency alert fired and paged on-call".`],
      };
    }
    if (entries.length === 0) {
      return {
        score: 0,
        evidence: [notFound('a timeline of "time - what happened" bullets')],
        feedback: ['Add a timeline: one bullet per moment, "14:05 UTC - the latency alert fired", from detection to resolution.'],
      };
    }
    const evidence: Evidence[] = [];
    const feedback: string[] = [];
    const timed = entries.filter((e) => e.time);
    const first = entries[0].line;
    let score = 0;

    const bullets = entries.filter((e) => e.bullet).length / entries.length;
    score += 0.15 * (bullets >= 0.8 ? 1 : bullets);
    if (bullets < 0.8) feedback.push('Write the timeline as a bulleted list (or a table), one entry per moment.');

    const timedShare = (timed.length / entries.length) * Math.min(1, timed.length / MIN_ENTRIES);
    score += 0.2 * timedShare;
    evidence.push({ line: first, read: `${entries.length} entries, ${timed.length} with a time`, expected: `at least ${MIN_ENTRIES} entries, each starting with a time` });
    if (timed.length < entries.length) {
      const untimed = entries.find((e) => !e.time)!;
      feedback.push(`Start every timeline entry with its time; line ${untimed.line} has none ("${excerpt(untimed.text, 50)}").`);
    } else if (timed.length < MIN_ENTRIES) {
      feedback.push(`The timeline has only ${timed.length} timed entries: add the moments between detection and resolution.`);
    }

    const disorder = outOfOrder(facts, timed);
    if (timed.length >= 2 && !disorder) score += 0.15;
    if (disorder) {
      evidence.push({ line: disorder.line, read: `"${disorder.time?.raw}" comes after "${disorder.previous.time?.raw}" (line ${disorder.previous.line})`, expected: 'entries in chronological order' });
      feedback.push(`Put the timeline in chronological order: line ${disorder.line} ("${disorder.time?.raw}") is earlier than the entry before it.`);
    }

    const zones = distinctZones(facts, timed);
    if (zones.distinct.length === 1) {
      score += 0.15;
    } else if (zones.distinct.length === 0) {
      evidence.push({ line: first, read: 'no timezone on the timeline', expected: 'one timezone, stated' });
      feedback.push('Say which timezone the timeline uses (on each time or once: "all times UTC").');
    } else {
      evidence.push({ line: zones.lines[1] ?? first, read: `timezones mixed: ${zones.distinct.map((z) => z.label).join(', ')}`, expected: 'one timezone throughout' });
      feedback.push(`Use one timezone throughout; the timeline mixes ${zones.distinct.map((z) => z.label).join(' and ')}.`);
    }

    const covered = new Set<TimelineTag>(entries.flatMap((e) => [...e.tags]));
    const tags = Object.keys(TIMELINE_TAG_NAMES) as TimelineTag[];
    const missing = tags.filter((t) => !covered.has(t));
    score += 0.35 * ((tags.length - missing.length) / tags.length);
    evidence.push({ line: first, read: `covers: ${tags.filter((t) => covered.has(t)).join(', ') || 'none'}`, expected: tags.join(', ') });
    if (missing.length > 0) feedback.push(`The timeline does not show ${missing.map((t) => TIMELINE_TAG_NAMES[t]).join('; ')}.`);

    // A drill's record has the operations the services logged: the timeline's are checked against them (no points).
    const actions = run ? checkActionClaims(facts, run) : null;
    return { score: clampScore(score), evidence: [...evidence, ...(actions?.evidence ?? [])], feedback, ...(actions && actions.warnings.length > 0 ? { warnings: actions.warnings } : {}) };
  },
};

/** The first entry earlier than the one before it (a jump back of half a day or more is midnight). */
function outOfOrder(facts: DocumentFacts, timed: TimelineEntry[]): (TimelineEntry & { previous: TimelineEntry }) | null {
  let day = 0;
  let previous: { entry: TimelineEntry; minutes: number } | null = null;
  for (const e of timed) {
    const t = e.time!;
    const zone = entryZone(facts, e);
    const at = t.date ? DateTime.fromObject(t.date, { zone: 'utc' }).toMillis() : facts.day;
    let minutes = t.hour * 60 + t.minute + t.second / 60 - (zone ? zone.zone.offset(at) : 0);
    if (t.date) minutes += DateTime.fromObject(t.date, { zone: 'utc' }).toMillis() / 60_000;
    else minutes += day * DAY;
    if (previous && !t.date && minutes < previous.minutes - DAY / 2) {
      day++;
      minutes += DAY;
    }
    if (previous && minutes < previous.minutes) return { ...e, previous: previous.entry };
    previous = { entry: e, minutes };
  }
  return null;
}

function distinctZones(facts: DocumentFacts, timed: TimelineEntry[]): { distinct: ZoneRef[]; lines: number[] } {
  const distinct: ZoneRef[] = [];
  const lines: number[] = [];
  const candidates: Array<{ zone: ZoneRef; line: number }> = [];
  if (facts.window?.zone) candidates.push({ zone: facts.window.zone, line: facts.window.startUnit.line });
  for (const e of timed) {
    const z = entryZone(facts, e);
    if (z) candidates.push({ zone: z, line: e.line });
  }
  for (const c of candidates) {
    if (!distinct.some((d) => sameZone(d, c.zone, facts.day))) {
      distinct.push(c.zone);
      lines.push(c.line);
    }
  }
  return { distinct, lines };
}
