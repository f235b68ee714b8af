import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import { scrubRules } from '../../services/kit/scrub-rules';
import { SnapshotScrubber } from '../../services/kit/snapshot-scrubber';

// Kept alive so that they are in the snapshot. Built at run time from pieces, so that the test's own
// source (also in the heap) does not hold the whole strings.
const word = ['fau', 'lt'].join('');
const secret = ['s3cr', 'et-pa', 'ssw0rd'].join('');
const token = ['tok', 'en-', 'abc', '123'].join('');
(globalThis as Record<string, unknown>).__scrubFixture = [
  `render-retention ${word} on`,
  `postgres://lab:${secret}@127.0.0.1/db`,
  `Bearer ${token}`,
  `the ${['inci', 'dent'].join('')} of the day`,
  `a ${['Sce', 'nario'].join('')}Runner`,
  ['De', word].join(''),
];

async function scrub(snapshot: Buffer, chunk: number): Promise<{ out: Buffer; redacted: number }> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < snapshot.length; at += chunk) pieces.push(snapshot.subarray(at, at + chunk));
  const scrubber = new SnapshotScrubber(scrubRules([secret]));
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(pieces),
    scrubber,
    new Writable({
      write(data: Buffer, _e, done) {
        out.push(data);
        done();
      },
    }),
  );
  return { out: Buffer.concat(out), redacted: scrubber.redacted };
}

/** The snapshot ends with its `"strings":[…]}` table. */
function stringsTable(snapshot: Buffer): string[] {
  const text = snapshot.subarray(snapshot.lastIndexOf('"strings":[') + '"strings":'.length).toString('utf8');
  return JSON.parse(text.slice(0, text.lastIndexOf('}'))) as string[];
}

describe('SnapshotScrubber on a real snapshot of this process', () => {
  let whole: Buffer;
  let original: string[];

  beforeAll(async () => {
    const parts: Buffer[] = [];
    for await (const chunk of v8.getHeapSnapshot()) parts.push(chunk as Buffer);
    whole = Buffer.concat(parts);
    original = stringsTable(whole);
    delete (globalThis as Record<string, unknown>).__scrubFixture;
  });

  const caught = (s: string): boolean => /(?<![Dd]e)fault|incident|scenario|bearer\s/i.test(s) || s.includes(secret);

  it.each([
    ['64 kB chunks', 65_536],
    ['1 MB chunks', 1 << 20],
    ['7-byte chunks around the table (every seam)', 7],
  ])('blanks every string with a secret, a token or a word of the machinery, and keeps the graph (%s)', async (_label, size) => {
    const input = size === 7 ? whole.subarray(whole.lastIndexOf('"strings":[') - 100) : whole;
    const { out, redacted } = await scrub(input, size);
    const strings = stringsTable(out);
    const before = stringsTable(input).filter(caught).length;
    expect(before).toBeGreaterThanOrEqual(5);
    expect(redacted).toBe(before);
    expect(strings.filter(caught)).toEqual([]);
    expect(strings).toHaveLength(stringsTable(input).length);
    // Node's own "default" stays readable; so does everything before the table.
    expect(strings.some((s) => s === ['De', word].join(''))).toBe(true);
    const marker = input.lastIndexOf('"strings":[');
    expect(out.subarray(0, marker).equals(input.subarray(0, marker))).toBe(true);
  });

  it('leaves a snapshot that holds none of them as it is', async () => {
    const clean = Buffer.from(JSON.stringify({ snapshot: {}, nodes: [1, 2], strings: ['<dummy>', 'plain', 'text'] }).replace('["<dummy>",', '["<dummy>",\n').replace(/","/g, '",\n"'));
    const { out, redacted } = await scrub(clean, 16);
    expect(redacted).toBe(0);
    expect(out.equals(clean)).toBe(true);
    expect(original.length).toBeGreaterThan(1000);
  });
});
