import { findDurations, type DurationMention } from '../time/durations';
import { findTimes, type TimeMention } from '../time/parse-times';
import { clockMinutesBetween } from '../time/resolve';
import type { ZoneRef } from '../time/zones';
import type { DeclaredZone } from './declared-zone';
import type { TextUnit } from './units';

/** The outage window the learner states: start, end, zone and the duration they give. */
export interface WindowFact {
  start: TimeMention;
  end: TimeMention;
  startUnit: TextUnit;
  endUnit: TextUnit;
  zone: ZoneRef | null;
  zoneFrom: 'explicit' | 'range' | 'nearby' | 'declared' | null;
  /** End minus start in minutes, as clock times (rolling over midnight). */
  clockMinutes: number;
  duration: (DurationMention & { unit: TextUnit }) | null;
  /** Where it was found: 0 the summary, 1 the text before the first section, 2 anywhere else. */
  where: number;
}

const START_CUE = /\b(start\w*|began|begin\w*|from|since|first|onset|commenc\w*)\b/i;
const END_CUE = /\b(end\w*|resolv\w*|restor\w*|recover\w*|until|till|fixed|mitigat\w*|back to normal|stabili[sz]\w*|over)\b/i;
const DURATION_CUE = /\b(lasted|last\w*|duration|long|total|outage|down for|for|took|spann\w*|over)\b/i;

/** Looks in the summary first, then in the text before the first section (a header block), then anywhere. */
export function findWindow(groups: TextUnit[][], declared: DeclaredZone | null): WindowFact | null {
  for (const [where, units] of groups.entries()) {
    const window = windowIn(units, declared);
    if (window) return { ...window, where };
  }
  return null;
}

function windowIn(units: TextUnit[], declared: DeclaredZone | null): Omit<WindowFact, 'where'> | null {
  const mentions = units.flatMap((unit) => findTimes(unit.text).map((t, i, all) => ({ t, unit, all, i })));
  if (mentions.length === 0) return null;
  let start: (typeof mentions)[number] | undefined;
  let end: (typeof mentions)[number] | undefined;
  // "from 10:15 to 11:45 EDT" in one sentence is the clearest statement.
  const ranged = mentions.find((m) => m.t.rangeWith !== null && m.t.rangeWith > m.i);
  if (ranged) {
    start = ranged;
    end = mentions.find((m) => m.unit === ranged.unit && m.i === ranged.t.rangeWith);
  } else {
    start = mentions.find((m) => START_CUE.test(m.unit.text)) ?? mentions[0];
    end = mentions.find((m) => m !== start && m.unit.line >= start!.unit.line && END_CUE.test(m.unit.text))
      ?? mentions.find((m) => m !== start && (m.unit.line > start!.unit.line || m.i > start!.i));
  }
  if (!start || !end) return null;

  let zone = start.t.zone ?? end.t.zone;
  let zoneFrom: WindowFact['zoneFrom'] = start.t.zone ? start.t.zoneSource : end.t.zone ? end.t.zoneSource : null;
  if (!zone && declared) {
    zone = declared.ref;
    zoneFrom = 'declared';
  }
  const s = { ...start.t, zone: start.t.zone ?? zone };
  const e = { ...end.t, zone: end.t.zone ?? zone };

  const durationUnits = units.filter((u) => u === start!.unit || u === end!.unit || DURATION_CUE.test(u.text));
  let duration: WindowFact['duration'] = null;
  for (const unit of durationUnits) {
    const found = findDurations(unit.text)[0];
    if (found) {
      duration = { ...found, unit };
      break;
    }
  }
  return {
    start: s, end: e, startUnit: start.unit, endUnit: end.unit,
    zone, zoneFrom,
    clockMinutes: clockMinutesBetween(s, e),
    duration,
  };
}

/** What a line that only gives the window is made of: times, zones, dates, durations and the words joining them. */
const WINDOW_PARTS = /\d{4}-\d{2}-\d{2}|\d{1,2}[:.h]\d{2}(?::\d{2})?|\b\d+(?:\.\d+)?\b|\b(?:[ap]\.?m\.?|utc|gmt|z|[A-Z]{2,5}|from|to|until|till|through|between|and|the|next|day|on|for|about|approx\w*|min\w*|hours?|hrs?|h|secs?|seconds?|duration|start\w*|end\w*|window|time|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*)\b/gi;

/**
 * A line that gives nothing but the window ("14:02–14:13 CET, 11 min", "Start: 14:01:30 UTC"): a fact,
 * read as one though it is not a sentence. A keyword string that happens to hold two times is not one.
 */
export function isWindowLine(text: string): boolean {
  if (findTimes(text).length === 0) return false;
  const left = text.replace(WINDOW_PARTS, ' ').match(/\p{L}{2,}/gu) ?? [];
  return left.length <= 1;
}
