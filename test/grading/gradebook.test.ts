import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gradeFolder } from '../../grading/grade-folder';
import { gradebookCsv } from '../../grading/gradebook';
import { readRunRecord } from '../../grading/input/read-run';
import { WEIGHTS } from '../../grading/weights';
import { POSTMORTEMS, RUNS } from './fixture-helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gradebook-'));
  await copyFile(path.join(POSTMORTEMS, 'widget-render-leak--excellent.md'), path.join(dir, 'alice.md'));
  await mkdir(path.join(dir, 'alice'));
  await copyFile(path.join(RUNS, 'widget-render-leak', 'run.json'), path.join(dir, 'alice', 'run.json'));
  await copyFile(path.join(POSTMORTEMS, 'db-pool-exhaustion--pasted-assignment.md'), path.join(dir, 'bob.md'));
  await copyFile(path.join(POSTMORTEMS, 'surge-cache-growth--good.md'), path.join(dir, '=HYPERLINK("x").md'));
  await writeFile(path.join(dir, 'carol.md'), '');
  await writeFile(path.join(dir, 'notes.txt'), 'not a postmortem');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('grading a class folder', () => {
  test('one row per Markdown file, each with its own run when it has one; unreadable files say why', async () => {
    const { rows } = await gradeFolder(dir, null);
    expect(rows.map((r) => [r.learner, r.status])).toEqual([
      ['=HYPERLINK("x")', 'graded'],
      ['alice', 'graded'],
      ['bob', 'graded'],
      ['carol', 'unreadable'],
    ]);
    const alice = rows.find((r) => r.learner === 'alice')!;
    expect(alice.report?.run?.scenario).toBe('widget-render-leak');
    expect(alice.report?.percent).toBeGreaterThanOrEqual(95);
    expect(rows.find((r) => r.learner === 'bob')!.report?.run).toBeNull();
    expect(rows.find((r) => r.learner === 'carol')!.message).toMatch(/carol\.md is empty/);
  });

  test('a shared run applies to everyone', async () => {
    const { rows } = await gradeFolder(dir, await readRunRecord(path.join(RUNS, 'surge-cache-growth')));
    expect(rows.filter((r) => r.report).every((r) => r.report?.run?.scenario === 'surge-cache-growth')).toBe(true);
    // Alice's widget-api postmortem loses the root cause on a storefront run.
    expect(rows.find((r) => r.learner === 'alice')!.report?.criteria.find((c) => c.id === 'run-root-cause')?.points).toBe(0);
  });

  test('the CSV has a column per criterion and never starts a cell with a formula', async () => {
    const csv = gradebookCsv((await gradeFolder(dir, null)).rows);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(['learner', 'file', 'status', 'run', 'points', 'max_points', 'extra_credit', 'percent', ...Object.keys(WEIGHTS), 'flags', 'message'].join(','));
    expect(lines).toHaveLength(5);
    expect(lines[1].startsWith(`"'=HYPERLINK(""x"")","'=HYPERLINK(""x"").md",graded,,`)).toBe(true);
    expect(lines[2]).toMatch(/^alice,alice\.md,graded,widget-render-leak-20260210-1400,\d/);
    expect(lines[4]).toMatch(/^carol,carol\.md,unreadable,,,,,,(,){16}.*carol\.md is empty/);
  });
});
