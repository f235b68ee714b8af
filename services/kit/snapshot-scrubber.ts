import { Transform, type TransformCallback } from 'node:stream';
import type { ScrubRules } from './scrub-rules';

const MARKER = Buffer.from('"strings":[');
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const REDACTED = Buffer.from('[redacted]');

/**
 * Streams a V8 heap snapshot and blanks the strings the rules catch. V8 writes the strings table
 * last, one JSON string per line (`"…",`), escaping anything outside printable ASCII: everything
 * before the table passes through untouched; in the table, lines are searched as bytes
 * (Buffer.indexOf, outside the JS heap) and only lines with a hit are looked at as text. Memory
 * stays at a chunk and a line, whatever the size of the snapshot.
 */
export class SnapshotScrubber extends Transform {
  redacted = 0;
  private inTable = false;
  /** Before the table: the last bytes, in case the marker spans two chunks. Inside: an unfinished line. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly rules: ScrubRules) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.inTable) {
      const at = data.indexOf(MARKER);
      if (at < 0) {
        const keep = Math.min(data.length, MARKER.length - 1);
        this.push(data.subarray(0, data.length - keep));
        this.carry = Buffer.from(data.subarray(data.length - keep));
        done();
        return;
      }
      // The marker's own line holds the table's first string, V8's "<dummy>": passed as it is.
      const end = at + MARKER.length;
      this.push(data.subarray(0, end));
      data = data.subarray(end);
      this.inTable = true;
    }
    const lastNewline = data.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.carry = Buffer.from(data);
      done();
      return;
    }
    this.push(this.scrubLines(data.subarray(0, lastNewline + 1)));
    this.carry = Buffer.from(data.subarray(lastNewline + 1));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length > 0) this.push(this.inTable ? this.scrubLines(this.carry) : this.carry);
    this.carry = Buffer.alloc(0);
    done();
  }

  /** Whole lines in, the same lines out with caught strings blanked. */
  private scrubLines(lines: Buffer): Buffer {
    const starts = new Set<number>();
    for (const needle of this.rules.needles) {
      for (let hit = lines.indexOf(needle); hit >= 0; hit = lines.indexOf(needle, hit + needle.length)) {
        starts.add(lines.lastIndexOf(NEWLINE, hit) + 1);
      }
    }
    if (starts.size === 0) return lines;
    const out: Buffer[] = [];
    let from = 0;
    for (const start of [...starts].sort((a, b) => a - b)) {
      const newline = lines.indexOf(NEWLINE, start);
      const line = lines.subarray(start, newline < 0 ? lines.length : newline);
      const open = line.indexOf(QUOTE);
      const close = line.lastIndexOf(QUOTE);
      if (open < 0 || close <= open) continue;
      if (!this.rules.matches(line.toString('latin1', open + 1, close))) continue;
      out.push(lines.subarray(from, start + open + 1), REDACTED);
      from = start + close;
      this.redacted++;
    }
    out.push(lines.subarray(from));
    return Buffer.concat(out);
  }
}
