import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/**
 * Timezone names as learners write them next to a time: "UTC", "UTC+2", "GMT-05:00", "EDT",
 * "EDT/UTC-4", "(Europe/Berlin)", "Pacific Time". Abbreviations are ambiguous in general; this
 * table picks the reading a postmortem most likely means and is the one place to extend it.
 */

export interface ZoneRef {
  /** What the learner wrote, for evidence ("EDT/UTC-4"). */
  label: string;
  zone: Zone;
}

/** Abbreviation -> offset in minutes (fixed, as the abbreviation states standard or daylight time). */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, UT: 0, WET: 0,
  BST: 60, CET: 60, WAT: 60, WEST: 60, IST: 330,
  CEST: 120, EET: 120, SAST: 120, CAT: 120,
  EEST: 180, MSK: 180, EAT: 180,
  GST: 240, PKT: 300,
  ICT: 420, WIB: 420,
  SGT: 480, HKT: 480, AWST: 480, PHT: 480,
  JST: 540, KST: 540,
  ACST: 570, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  BRT: -180, ART: -180,
  AST: -240, EDT: -240,
  EST: -300, CDT: -300,
  CST: -360, MDT: -360,
  MST: -420, PDT: -420,
  PST: -480, AKDT: -480,
  AKST: -540, HST: -600,
};

/** Generic names that follow the season: the IANA zone they stand for. */
const GENERIC: Record<string, string> = {
  PT: 'America/Los_Angeles', 'PACIFIC TIME': 'America/Los_Angeles',
  MT: 'America/Denver', 'MOUNTAIN TIME': 'America/Denver',
  CT: 'America/Chicago', 'CENTRAL TIME': 'America/Chicago',
  ET: 'America/New_York', 'EASTERN TIME': 'America/New_York',
  'CENTRAL EUROPEAN TIME': 'Europe/Berlin',
  'COORDINATED UNIVERSAL TIME': 'UTC',
};

/**
 * One zone designation at the start of `text` (after optional spaces, "(" or "in"), or null.
 * The regex finds where the designation is; luxon builds and validates the zone.
 */
const OFFSET = String.raw`[+\-−–]\s?\d{1,2}(?::?\d{2})?`;
const ZONE_AT_START = new RegExp(
  String.raw`^\s*\(?\s*(?:` +
    // "UTC+2", "GMT -05:00", "UTC"
    String.raw`(?<utc>(?:UTC|GMT|UT)(?:\s?${OFFSET})?)` +
    // "EDT/UTC-4", "EDT (UTC-4)", "CET"
    String.raw`|(?<abbr>[A-Z]{2,5})(?:\s*[/,]\s*|\s*\(\s*)?(?<abbrOffset>(?:UTC|GMT)\s?${OFFSET})?` +
    // "Europe/Berlin", "America/New_York"
    String.raw`|(?<iana>[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)` +
    // "Pacific Time"
    String.raw`|(?<generic>(?:Pacific|Mountain|Central|Eastern|Central European|Coordinated Universal) Time)` +
  String.raw`)\)?(?![A-Za-z0-9])`,
);

export function parseOffsetMinutes(text: string): number | null {
  const m = /([+\-−–])\s?(\d{1,2})(?::?(\d{2}))?/.exec(text);
  if (!m) return 0;
  const hours = Number(m[2]);
  const minutes = m[3] ? Number(m[3]) : 0;
  if (hours > 14 || minutes > 59) return null;
  const sign = m[1] === '+' ? 1 : -1;
  return sign * (hours * 60 + minutes);
}

/** The zone written at the start of `text`, with how many characters it took. */
export function zoneAtStart(text: string): { ref: ZoneRef; length: number } | null {
  const m = ZONE_AT_START.exec(text);
  if (!m?.groups) return null;
  const g = m.groups;
  let zone: Zone | null = null;
  let label = '';
  if (g.utc) {
    const offset = parseOffsetMinutes(g.utc.replace(/^(UTC|GMT|UT)/, ''));
    if (offset !== null) zone = FixedOffsetZone.instance(offset);
    label = g.utc;
  } else if (g.abbr) {
    label = g.abbrOffset ? `${g.abbr}/${g.abbrOffset}` : g.abbr;
    // An explicit offset next to the abbreviation wins: it is what the learner meant exactly.
    if (g.abbrOffset) {
      const offset = parseOffsetMinutes(g.abbrOffset.replace(/^(UTC|GMT)/, ''));
      if (offset !== null) zone = FixedOffsetZone.instance(offset);
    } else if (g.abbr in ABBREVIATIONS) {
      zone = FixedOffsetZone.instance(ABBREVIATIONS[g.abbr]);
    } else if (g.abbr in GENERIC) {
      zone = IANAZone.create(GENERIC[g.abbr]);
    }
  } else if (g.iana) {
    if (IANAZone.isValidZone(g.iana)) zone = IANAZone.create(g.iana);
    label = g.iana;
  } else if (g.generic) {
    const name = GENERIC[g.generic.toUpperCase()];
    if (name) zone = name === 'UTC' ? FixedOffsetZone.utcInstance : IANAZone.create(name);
    label = g.generic;
  }
  if (!zone || !zone.isValid) return null;
  return { ref: { label: label.trim(), zone }, length: m[0].length };
}

/** Two zones are the same when their names agree or their offsets agree at `at` (epoch ms). */
export function sameZone(a: ZoneRef, b: ZoneRef, at: number | null): boolean {
  if (a.zone.equals(b.zone)) return true;
  if (a.zone.isUniversal && b.zone.isUniversal) return a.zone.offset(0) === b.zone.offset(0);
  if (at === null) return false;
  return a.zone.offset(at) === b.zone.offset(at);
}

/** "UTC+2", "UTC−4", "UTC" for an offset in minutes: how evidence names a zone's offset. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
