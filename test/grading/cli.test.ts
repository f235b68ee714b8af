import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGrade } from '../../cli/commands/grade';
import { UserError } from '../../common/user-error';
import { POSTMORTEMS, RUNS } from './fixture-helpers';

/**
 * `outage-lab grade` end to end: the built CLI is spawned (built first if dist/ is older than the
 * sources), and the command's action is also called directly.
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'outage-lab.js');
const BUILT = path.join(ROOT, 'dist', 'cli', 'commands', 'grade.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : entry.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'grade', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const excellent = path.join(POSTMORTEMS, 'widget-render-leak--excellent.md');
const widgetRun = path.join(RUNS, 'widget-render-leak');
let dir: string;

beforeAll(async () => {
  const stale = !existsSync(BUILT) || statSync(BUILT).mtimeMs < Math.max(newestSource(path.join(ROOT, 'grading')), newestSource(path.join(ROOT, 'cli')));
  if (stale) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  dir = await mkdtemp(path.join(tmpdir(), 'grade-cli-'));
}, 200_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('outage-lab grade (spawned)', () => {
  test('grades a postmortem against a run: a table with evidence, exit 0', () => {
    const r = cli(excellent, '--run', widgetRun);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Score: +\d+(\.\d)? \/ 100/);
    expect(r.stdout).toMatch(/✔ Root cause matches the run +12 \/ 12/);
    expect(r.stdout).toMatch(/line \d+: start "13:02" = 13:02:00 UTC \(= 14:02:00 Europe\/Berlin\)/);
  });

  test('--format json for tools', () => {
    const r = cli(excellent, '--run', path.join(widgetRun, 'run.json'), '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.run.scenario).toBe('widget-render-leak');
    expect(report.criteria).toHaveLength(16);
  });

  test('HTML or script in the postmortem: graded, and the HTML report is escaped', async () => {
    const file = path.join(dir, 'script.md');
    await writeFile(file, '# <script>alert(1)</script>\n\n## Issue summary\n\n<img src=x onerror=alert(1)> From 13:02 to 13:13 UTC.\n');
    const r = cli(file, '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script|<img/);
    expect(r.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]), /binary/],
    ['Latin-1', Buffer.from('R\xe9sum\xe9 de l\'incident: 14:00 UTC', 'latin1'), /not UTF-8/],
    ['several megabytes', Buffer.alloc(4 * 1024 * 1024, 'a'), /4\.0 MB/],
  ])('%s input: one line on stderr, exit 1, no stack trace', async (name, bytes, message) => {
    const file = path.join(dir, `${name}.md`);
    await writeFile(file, bytes);
    const r = cli(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('a missing file and an invalid run record exit 1', async () => {
    expect(cli(path.join(dir, 'nope.md')).code).toBe(1);
    const bad = path.join(dir, 'bad-run');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'run.json'), '{"schemaVersion": 1}');
    const r = cli(excellent, '--run', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a valid run record/);
  });

  test.each([
    [['--format', 'pdf', excellent], /--format must be one of text, json, md, html/],
    [['--bogus', excellent], /unknown option/],
    [[], /missing required argument/],
  ])('usage errors exit 2: %j', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--help documents the exit codes', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\s+0 +graded[\s\S]*1 +unreadable input[\s\S]*2 +usage error/);
  });

  test('a folder gives a gradebook CSV, and --reports writes one report per learner', async () => {
    const klass = path.join(dir, 'class');
    await mkdir(klass);
    await copyFile(excellent, path.join(klass, 'alice.md'));
    await copyFile(path.join(POSTMORTEMS, 'widget-render-leak--red-herring-cause.md'), path.join(klass, 'bob.md'));
    await writeFile(path.join(klass, 'carol.md'), Buffer.from([0, 1, 2, 3]));
    const reports = path.join(dir, 'reports');
    const r = cli(klass, '--run', widgetRun, '--format', 'html', '--reports', reports);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^learner,file,status,run,points,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['alice,alice.md,graded', 'bob,bob.md,graded', 'carol,carol.md,unreadable']);
    expect(r.stderr).toMatch(/skipped .*carol\.md looks like a binary file/);
    expect((await readdir(reports)).sort()).toEqual(['alice.html', 'bob.html']);
    expect(await readFile(path.join(reports, 'bob.html'), 'utf8')).toContain('red herring');
  });
});

describe('runGrade (the action, in process)', () => {
  test('writes the report to --out', async () => {
    const out = path.join(dir, 'report.md');
    await runGrade(excellent, { run: widgetRun, format: 'md', out });
    expect(await readFile(out, 'utf8')).toMatch(/^# Postmortem feedback: widget\\-render\\-leak\\-\\-excellent\\.md/);
  });

  test('throws UserErrors with the documented exit codes', async () => {
    await expect(runGrade(path.join(dir, 'nope.md'), {})).rejects.toMatchObject({ name: 'UserError', exitCode: 1 });
    await expect(runGrade(excellent, { format: 'xml' as never })).rejects.toMatchObject({ exitCode: 2 });
    await expect(runGrade(excellent, { reports: dir })).rejects.toBeInstanceOf(UserError);
  });
});
