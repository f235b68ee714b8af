import v8 from 'node:v8';
import { redactionNeedles, redactSnapshot } from '../../services/kit/snapshot-redaction';

// Kept alive so that they are in the snapshot: a "fault" and a text that mentions it.
const secret = { name: 'quiet-gremlin-fault', description: 'The gremlin keeps every “widget” it sees, forever' };
(globalThis as Record<string, unknown>).__redactionFixture = [secret, `a longer text that mentions ${secret.name} inside`];

/**
 * Real snapshots of this process. Every string the checks use is derived at run time, after the
 * snapshot, so that the test's own literals are not in it.
 */
describe('redactSnapshot', () => {
  let whole: Buffer;
  let original: string[];

  beforeAll(async () => {
    const parts: Buffer[] = [];
    for await (const chunk of v8.getHeapSnapshot()) parts.push(chunk as Buffer);
    whole = Buffer.concat(parts);
    original = stringsTable(whole);
    delete (globalThis as Record<string, unknown>).__redactionFixture;
  });

  const cut = (at: number[]): Buffer[] => [0, ...at].map((from, i) => whole.subarray(from, [...at, whole.length][i]));
  const marker = (): number => whole.lastIndexOf('"strings":[');
  /** The snapshot ends with `"strings":[…]}`: parse that table on its own. */
  const stringsTable = (snapshot: Buffer): string[] => {
    const text = snapshot.subarray(snapshot.lastIndexOf('"strings":[') + '"strings":'.length).toString('utf8');
    return JSON.parse(text.slice(0, text.lastIndexOf('}'))) as string[];
  };

  it.each([
    ['64 kB chunks', () => cut(Array.from({ length: Math.floor(whole.length / 65_536) }, (_, i) => (i + 1) * 65_536))],
    ['the table marker split between two chunks', () => cut([marker() + 5])],
  ])('blanks every string holding a name or a description and keeps the graph (%s)', (_label, chunks) => {
    const { chunks: out, redacted } = redactSnapshot(chunks(), redactionNeedles([secret.name], [secret.description]));
    const result = Buffer.concat(out);
    const strings = stringsTable(result);
    const piece = secret.description.slice(0, 23);
    const before = original.filter((s) => s.includes(secret.name) || s.includes(piece)).length;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(redacted).toBe(before);
    expect(strings.filter((s) => s.includes(secret.name) || s.includes(piece))).toEqual([]);
    expect(strings.filter((s) => s === '[redacted]').length).toBeGreaterThanOrEqual(before);
    // Same table length and, before the table, the same bytes: the graph is untouched.
    expect(strings).toHaveLength(original.length);
    expect(result.subarray(0, marker()).equals(whole.subarray(0, marker()))).toBe(true);
  });

  it('leaves a snapshot that holds none of them as it is', () => {
    const chunks = cut([65_536]);
    const absent = ['absent', process.pid, Date.now()].join('~');
    const result = redactSnapshot(chunks, redactionNeedles([absent], []));
    expect(result.redacted).toBe(0);
    expect(result.chunks).toBe(chunks);
  });
});
