import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findScenario } from '../../scenarios/definitions';
import { CURRENT_RUN_FILE, writeCurrentRun } from '../../scenarios/run/current-run';
import { RELEASED_HINTS_FILE, writeReleasedHints } from '../../scenarios/run/released-hints';
import { writeLabState } from '../../lab/lab-state';
import { CLI } from '../support/lab-cli';

const exec = promisify(execFile);

/**
 * Hints through the CLI as a class uses them: the instructor releases tiers one at a time
 * (`hint --release`), learners (`hint`) see the released ones only, and nothing printed or left
 * readable for learners names the scenario.
 */
describe('hints: released by the instructor, read by the learners', () => {
  const scenario = findScenario('surge-cache-growth');
  let dir: string;
  let runFolder: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'olab-hints-'));
    runFolder = path.join(dir, 'runs', 'r1');
    mkdirSync(runFolder, { recursive: true });
    const startedAt = new Date().toISOString();
    await writeCurrentRun(dir, { runFolder, scenario: scenario.name, startedAt });
    await writeReleasedHints(dir, { runStartedAt: startedAt, hints: [] });
    // a live lab (this process stands for it) with its two tokens
    await writeLabState(
      { pid: process.pid, startedAt, adminToken: 'the-instructor-token', learnerToken: 'the-learner-token', databaseUrl: 'postgres://x', services: {} },
      dir,
    );
    env = { ...process.env, OUTAGE_LAB_DIR: dir, OUTAGE_LAB_TOKEN: '', LAB_ADMIN_TOKEN: '' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    exec(process.execPath, [CLI, 'hint', ...args], { env: { ...env, ...extraEnv } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  const asLearner = { OUTAGE_LAB_TOKEN: 'the-learner-token' };

  it('learners see nothing before a release, and cannot ask for a tier ahead', async () => {
    expect((await cli([], asLearner)).stdout).toContain('No hint released yet');
    const ahead = await cli(['2'], asLearner);
    expect(ahead.code).not.toBe(0);
    expect(ahead.stderr.trim()).toBe('outage-lab: hint 2 has not been released yet (HINT_NOT_RELEASED): your instructor releases hints one at a time');
    expect(ahead.stderr).not.toMatch(/\n\s+at /);
  });

  it("only the instructor's token releases; each release is the next tier; learners then see them, never the scenario", async () => {
    const refused = await cli(['--release'], asLearner);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('INSTRUCTOR_ONLY');
    const first = await cli(['--release']);
    expect(first.stdout).toContain(`Released hint 1 of 3 to the learners:\n  ${scenario.hints[0]}`);
    const second = await cli(['--release'], { OUTAGE_LAB_TOKEN: 'the-instructor-token' });
    expect(second.stdout).toContain(scenario.hints[1]);
    const seen = await cli([], asLearner);
    expect(seen.stdout).toContain(`Hint 1 of 3 (released `);
    expect(seen.stdout).toContain(scenario.hints[0]);
    expect(seen.stdout).toContain(scenario.hints[1]);
    expect(seen.stdout).not.toContain(scenario.hints[2]);
    expect((await cli(['2'], asLearner)).stdout).toBe(`Hint 2 of 3:\n  ${scenario.hints[1]}\n`);
    // the run folder's record of releases (the console and the debrief read it)
    expect(JSON.parse(readFileSync(path.join(runFolder, 'hints.json'), 'utf8')).map((h: { tier: number }) => h.tier)).toEqual([1, 2]);
    await cli(['--release']);
    const done = await cli(['--release']);
    expect(done.code).not.toBe(0);
    expect(done.stderr).toContain('All three hints are released (CONFLICT)');
    // what learners can read names neither the scenario nor its title; what names it is the instructor's alone
    const learnerFile = readFileSync(path.join(dir, RELEASED_HINTS_FILE), 'utf8');
    for (const text of [learnerFile, seen.stdout]) {
      expect(text).not.toContain(scenario.name);
      expect(text).not.toContain(scenario.title);
    }
    expect(statSync(path.join(dir, RELEASED_HINTS_FILE)).mode & 0o777).toBe(0o644);
    expect(statSync(path.join(dir, CURRENT_RUN_FILE)).mode & 0o777).toBe(0o600);
  });
});
