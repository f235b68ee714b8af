import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The order jest hands the suites to its two workers (test/support/test-sequencer.js): the scenario
 * runs judge users against 300 ms, so a suite that runs a second lab under load must be handed out
 * before them, never with them. Both the console's browser test and scenario-runs were ranked
 * latency-sensitive, so jest gave them to its two workers at once: CI counted 83% of the
 * storefront's browsers hurt in recommendation-library-leak, where none should be.
 */
interface Sequencer {
  sort(tests: unknown[]): Array<{ path: string }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LabSequencer = require('../support/test-sequencer.js') as { new (): Sequencer; HEAVY: string[]; LATENCY_SENSITIVE: string[] };

const root = path.join(__dirname, '..', '..');
const suite = (relative: string) => ({ path: path.join(root, relative), context: { config: { rootDir: root, cacheDirectory: path.join(os.tmpdir(), 'suite-order-test'), name: 'suite-order' }, hasteFS: { getSize: () => 1 } } });

test('the console browser test is a heavy suite, never ranked with the scenario runs', () => {
  expect(LabSequencer.HEAVY).toContain('test/console/console-browser.test.ts');
  expect(LabSequencer.LATENCY_SENSITIVE).toContain('test/scenarios/scenario-runs.test.ts');
  expect(LabSequencer.LATENCY_SENSITIVE).not.toContain('test/console/console-browser.test.ts');
  expect(LabSequencer.HEAVY.filter((f) => LabSequencer.LATENCY_SENSITIVE.includes(f))).toEqual([]);
  // (the lists name real files: a renamed suite would silently lose its rank)
  expect([...LabSequencer.HEAVY, ...LabSequencer.LATENCY_SENSITIVE].filter((f) => !existsSync(path.join(root, f)))).toEqual([]);
});

test('every heavy suite is handed out before the scenario runs, the light ones after', () => {
  const light = ['test/load/impact.test.ts', 'test/grading/gradebook.test.ts'];
  const all = [...light, 'test/scenarios/scenario-runs.test.ts', ...LabSequencer.HEAVY];
  const order = new LabSequencer().sort(all.map(suite)).map((t) => path.relative(root, t.path));
  const runs = order.indexOf('test/scenarios/scenario-runs.test.ts');
  for (const heavy of LabSequencer.HEAVY) expect(order.indexOf(heavy)).toBeLessThan(runs);
  for (const file of light) expect(order.indexOf(file)).toBeGreaterThan(runs);
});
