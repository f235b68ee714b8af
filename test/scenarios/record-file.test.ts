import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecordFile, readRecord, writeAtomically } from '../../scenarios/run/record-file';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'runs', 'surge-cache-growth');

describe('the run record on disk', () => {
  it('is owner-only (it names the fault), whole after each write, and read back as written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'record-file-'));
    const record = await readRecord(FIXTURE);
    const file = new RecordFile(dir);
    await Promise.all([file.write(record), file.write({ ...record, status: 'interrupted' })]);
    expect(statSync(file.file).mode & 0o777).toBe(0o600);
    expect((await readRecord(dir)).status).toBe('interrupted');
    expect(JSON.parse(readFileSync(file.file, 'utf8')).scenario).toBe(record.scenario);
  });

  it('replaces an existing file of wider permissions with an owner-only one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'record-file-'));
    const target = path.join(dir, 'debrief.md');
    writeFileSync(target, 'old', { mode: 0o644 });
    await writeAtomically(target, 'new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toBe('new');
    await writeAtomically(target, 'for learners', 0o644);
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });
});
