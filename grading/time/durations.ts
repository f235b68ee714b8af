/**
 * Durations as learners state them: "16.5 hours", "2 hours and 30 minutes", "1h30", "90 min",
 * "an hour and a half", "eleven minutes". Returns minutes.
 */

export interface DurationMention {
  raw: string;
  index: number;
  minutes: number;
}

const WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50,
};
const NUMBER = String.raw`(\d+(?:[.,]\d+)?|${Object.keys(WORDS).sort((a, b) => b.length - a.length).join('|')})`;
// One-letter units ("1h30", "90m") only after digits: "a m" would read "10:15 AM" as a minute.
const HOURS = String.raw`(?:hours?|hrs?|(?<=\d\s?)h)`;
const MINUTES = String.raw`(?:minutes?|mins?|(?<=\d\s?)m)`;
const DURATION = new RegExp(
  String.raw`\b(?:` +
    String.raw`${NUMBER}(\s+and\s+a\s+half)?[\s-]*${HOURS}(?:\s*(?:and\s+)?(?:a\s+)?(half)|\s*(?:and\s+)?(\d{1,2})\s*${MINUTES}|(\d{2})(?!\d))?` +
    String.raw`|${NUMBER}[\s-]*${MINUTES}` +
    String.raw`|(half)\s+an?\s+hour` +
  String.raw`)(?![A-Za-z0-9])`,
  'gi',
);

function toNumber(text: string): number {
  const key = text.toLowerCase();
  return key in WORDS ? WORDS[key] : Number(key.replace(',', '.'));
}

export function findDurations(text: string): DurationMention[] {
  const out: DurationMention[] = [];
  for (const m of text.matchAll(DURATION)) {
    let minutes: number;
    if (m[1] !== undefined) {
      minutes = toNumber(m[1]) * 60;
      if (m[2] || m[3]) minutes += 30;
      if (m[4] ?? m[5]) minutes += Number(m[4] ?? m[5]);
    } else if (m[6] !== undefined) {
      minutes = toNumber(m[6]);
    } else {
      minutes = 30;
    }
    if (!Number.isFinite(minutes) || minutes <= 0) continue;
    out.push({ raw: m[0], index: m.index, minutes });
  }
  return out;
}
