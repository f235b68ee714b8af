import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI } from '../support/lab-cli';

/**
 * `scenario run` refuses what its plan cannot do in one line, with a non-zero exit, before it
 * starts a lab or writes a run folder. (The built CLI: `npm test` builds first.)
 */
let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'scenario-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stderr: string; out: string } {
  const out = path.join(dir, `run-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [CLI, 'scenario', 'run', ...args, '--out', out, '--no-progress', '--dir', dir], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stderr: r.stderr, out };
}

test.each([
  [['feature-background-leak', '--fault-param', 'nope=3'], /^outage-lab: feature-background-leak's fault \(insights-retention\) has no parameter nope; it has: intervalMs, batchSize$/],
  [['surge-cache-growth', '--speed', '10'], /^outage-lab: at this speed the scenario would send \d+ req\/s, above \d+: choose a lower --speed$/],
  [['feature-background-leak', '--fault-param', 'batchSize=lots'], /--fault-param.*expected name=number/],
  [['db-pool-exhaustion', '--time-limit', '20m'], /^outage-lab: --time-limit is for drills: add --drill$/],
  [['db-pool-exhaustion', '--drill', '--time-limit', 'soon'], /--time-limit.*expected a duration such as 90s, 20m or 1h/],
  [['db-pool-exhaustion', '--drill', '--quick', '--time-limit', '15s'], /^outage-lab: a time limit of 15 s ends the drill before the incident starts \(its trigger ends at 20 s\): choose a longer --time-limit$/],
])('%j is refused in one line', (args, message) => {
  const { code, stderr, out } = run(...args);
  expect(code).toBe(1);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr.trim()).toMatch(message);
  expect(existsSync(out)).toBe(false);
});
