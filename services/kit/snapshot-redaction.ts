/**
 * Blanks the strings of a V8 heap snapshot that would name a lab fault: the fault names and
 * descriptions the registry holds, and any string containing them (the faults module's own source
 * text is in the heap too, comments included). The snapshot keeps its shape: only the text of
 * those entries in its `strings` table becomes "[redacted]".
 *
 * V8 writes the table last, one JSON string per line (`"…",`), escaping anything outside printable
 * ASCII, so the search runs on bytes (Buffer.indexOf, outside the JS heap) over the tail only.
 */

const MARKER = Buffer.from('"strings":[');
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const REDACTED = Buffer.from('[redacted]');
/** Shorter pieces of a description would match ordinary strings. */
const MIN_PIECE = 12;

/** What to search for: names as they are; descriptions as their printable-ASCII runs (V8 escapes the rest). */
export function redactionNeedles(names: string[], descriptions: string[]): Buffer[] {
  const pieces = descriptions.flatMap((d) => d.split(/[^\x20-\x7e]|["\\]/).filter((p) => p.length >= MIN_PIECE));
  return [...new Set([...names.filter((n) => n.length > 0), ...pieces])].map((t) => Buffer.from(t, 'latin1'));
}

export function redactSnapshot(chunks: Buffer[], needles: Buffer[]): { chunks: Buffer[]; redacted: number } {
  if (needles.length === 0) return { chunks, redacted: 0 };
  const at = findMarker(chunks);
  if (!at) return { chunks, redacted: 0 };
  const head = [...chunks.slice(0, at.chunk), chunks[at.chunk]!.subarray(0, at.offset)];
  const tail = Buffer.concat([chunks[at.chunk]!.subarray(at.offset), ...chunks.slice(at.chunk + 1)]);

  // Line ranges [start, end) that hold a needle.
  const lines = new Map<number, number>();
  for (const needle of needles) {
    for (let hit = tail.indexOf(needle); hit >= 0; hit = tail.indexOf(needle, hit + needle.length)) {
      const start = tail.lastIndexOf(NEWLINE, hit) + 1;
      const newline = tail.indexOf(NEWLINE, hit);
      lines.set(start, newline < 0 ? tail.length : newline);
    }
  }
  if (lines.size === 0) return { chunks, redacted: 0 };

  const out: Buffer[] = [];
  let from = 0;
  for (const start of [...lines.keys()].sort((a, b) => a - b)) {
    const end = lines.get(start)!;
    const line = tail.subarray(start, end);
    const open = line.indexOf(QUOTE);
    const close = line.lastIndexOf(QUOTE);
    // The table's first line also holds the marker: never touched, as no needle is in it.
    if (start === 0 || open < 0 || close <= open) continue;
    out.push(tail.subarray(from, start + open + 1), REDACTED);
    from = start + close;
  }
  out.push(tail.subarray(from));
  return { chunks: [...head, ...out], redacted: lines.size };
}

function findMarker(chunks: Buffer[]): { chunk: number; offset: number } | null {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const offset = chunks[i]!.lastIndexOf(MARKER);
    if (offset >= 0) return { chunk: i, offset };
    if (i === 0) break;
    // The marker split across two chunks.
    const seam = Buffer.concat([chunks[i - 1]!.subarray(-(MARKER.length - 1)), chunks[i]!.subarray(0, MARKER.length - 1)]);
    const inSeam = seam.indexOf(MARKER);
    if (inSeam >= 0) {
      const previous = chunks[i - 1]!;
      const start = previous.length - Math.min(previous.length, MARKER.length - 1) + inSeam;
      return { chunk: i - 1, offset: start };
    }
  }
  return null;
}
