import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePostmortem, MAX_POSTMORTEM_BYTES, readPostmortem } from '../../grading/input/read-postmortem';
import { parseRunRecord, readRunRecord } from '../../grading/input/read-run';
import { UnreadableInputError } from '../../grading/input/unreadable-input';
import { RUNS } from './fixture-helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grade-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodePostmortem refuses what is not a UTF-8 text', () => {
  test.each([
    ['empty', new Uint8Array(), /is empty/],
    ['whitespace only', Buffer.from(' \n\t\n'), /no text/],
    ['NUL bytes (binary)', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), /binary/],
    ['UTF-16 with a BOM', Buffer.from('\ufeffhello', 'utf16le'), /UTF-16/],
    ['Latin-1', Buffer.from('caf\xe9 at 14:00', 'latin1'), /not UTF-8/],
    ['control characters', Buffer.from('\x01\x02\x03\x04\x05 text \x06\x07\x08'), /binary/],
  ])('%s', (_what, bytes, message) => {
    expect(() => decodePostmortem(bytes, 'pm.md')).toThrow(UnreadableInputError);
    expect(() => decodePostmortem(bytes, 'pm.md')).toThrow(message);
  });

  test('a UTF-8 BOM is dropped and text with HTML in it is accepted as text', () => {
    const text = decodePostmortem(Buffer.from('\ufeff# Post <script>alert(1)</script>', 'utf8'), 'pm.md');
    expect(text.startsWith('# Post')).toBe(true);
  });
});

describe('readPostmortem', () => {
  test('a file of several megabytes is refused before it is read in full', async () => {
    const big = path.join(dir, 'big.md');
    await writeFile(big, 'word '.repeat(Math.ceil((3 * 1024 * 1024) / 5)));
    await expect(readPostmortem(big)).rejects.toThrow(/3\.0 MB.*limit 512 KB/);
  });

  test('just under the limit is read', async () => {
    const file = path.join(dir, 'edge.md');
    await writeFile(file, 'a'.repeat(MAX_POSTMORTEM_BYTES));
    await expect(readPostmortem(file)).resolves.toHaveLength(MAX_POSTMORTEM_BYTES);
  });

  test('a missing file and a folder get one-line messages', async () => {
    await expect(readPostmortem(path.join(dir, 'nope.md'))).rejects.toThrow(/no such file/);
    await expect(readPostmortem(dir)).rejects.toThrow(/is a folder/);
  });
});

describe('readRunRecord', () => {
  test('reads a run folder and validates it against the schema', async () => {
    const run = await readRunRecord(path.join(RUNS, 'db-pool-exhaustion'));
    expect(run.fault.class).toBe('pool-exhaustion');
  });

  test('invalid JSON, an invalid record and a missing file are UnreadableInputErrors', async () => {
    expect(() => parseRunRecord('{ nope', 'run.json')).toThrow(/not valid JSON/);
    expect(() => parseRunRecord(JSON.stringify({ schemaVersion: 1, runId: 'x' }), 'run.json')).toThrow(/not a valid run record: scenario: .*\(and \d+ more\)/);
    await expect(readRunRecord(dir)).rejects.toThrow(/cannot read run record .*run\.json: no such file/);
  });
});

describe('run record fixtures', () => {
  test.each(['widget-render-leak', 'feature-background-leak', 'recommendation-library-leak', 'surge-cache-growth', 'db-pool-exhaustion'])(
    '%s is a valid, consistent run record',
    async (scenario) => {
      const run = await readRunRecord(path.join(RUNS, scenario));
      expect(run.scenario).toBe(scenario);
      const t = (iso: string | null | undefined): number => Date.parse(iso ?? '');
      expect(t(run.faultWindow.start)).toBeLessThan(t(run.faultWindow.end));
      expect(t(run.firstSloBreach?.at)).toBeGreaterThan(t(run.faultWindow.start));
      expect(t(run.firstAlert?.at)).toBeGreaterThanOrEqual(t(run.firstSloBreach?.at));
      expect(run.redHerrings.length).toBeGreaterThan(0);
      expect(run.impact.users.share).toBeCloseTo(run.impact.users.affected / run.impact.users.total, 3);
      expect(run.samples.length).toBeGreaterThan(10);
    },
  );
});
