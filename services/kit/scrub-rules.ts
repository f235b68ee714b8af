/**
 * What no diagnosis file a learner downloads (heap snapshot, CPU profile) may contain: bearer
 * tokens (an admin call in flight holds its Authorization header), the service's own secrets (the
 * database password, which the pool must keep to connect), and the words of the training
 * machinery that drives the service ("fault", "incident", "scenario": none of the service's own
 * code uses them, and Node's "default" is not one). The heap holds the source of every module and
 * each request's headers, so this is the last line: the strings are blanked, the file keeps its shape.
 */
export interface ScrubRules {
  /** Byte sequences that mark a string worth a closer look (fast, case-sensitive Buffer search). */
  needles: Buffer[];
  /** Whether a string (as its escaped JSON text) must be blanked. */
  matches(text: string): boolean;
}

const WORDS = /(?<![Dd]e)fault|incident|scenario|\bbearer\s/i;
const WORD_NEEDLES = ['fault', 'Fault', 'FAULT', 'ncident', 'NCIDENT', 'cenario', 'CENARIO', 'earer ', 'EARER '];
/** Shorter secrets would blank ordinary strings. */
const MIN_SECRET = 6;

export function scrubRules(secrets: readonly string[] = []): ScrubRules {
  const kept = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET))];
  // As V8 writes it: JSON-escaped (a secret with a quote or a backslash appears escaped).
  const escaped = kept.map((s) => JSON.stringify(s).slice(1, -1));
  return {
    needles: [...WORD_NEEDLES, ...escaped].map((t) => Buffer.from(t, 'utf8')),
    matches: (text) => WORDS.test(text) || escaped.some((s) => text.includes(s)),
  };
}

/** The password of a connection string, if it has one. */
export function passwordOf(connectionString: string | undefined): string[] {
  if (!connectionString) return [];
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}
