const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/**
 * The order jest hands test files to its two workers. The quick scenario runs judge each
 * simulated user against a 300 ms objective; beside a suite that keeps both cores busy (a whole
 * second lab under load, heap snapshots), the machine's own stalls decided who was "affected"
 * (CI measured lookups 95% hurt in feature-background-leak, 0-3.5% when the neighbour was light).
 * So the heavy suites go first, longest first so the last one ends soon, then the scenario runs,
 * then everything else, which is light and fills the other worker meanwhile.
 */
const HEAVY = [
  'test/stack/docker.test.ts',
  'test/stack/prometheus-lab.test.ts',
  'test/heap/fault-leaks.test.ts',
  'test/faults/widget-api-faults.test.ts',
  'test/heap/heap-diff.test.ts',
  'test/faults/clean-baseline.test.ts',
  'test/heap/heap-cli.test.ts',
];
const LATENCY_SENSITIVE = ['test/scenarios/scenario-runs.test.ts'];

class LabSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
      const heavy = HEAVY.indexOf(file);
      if (heavy >= 0) return heavy;
      return LATENCY_SENSITIVE.includes(file) ? HEAVY.length : HEAVY.length + 1;
    };
    // Array.prototype.sort is stable: jest's own order (by past duration or file size) is kept among the rest.
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LabSequencer;
