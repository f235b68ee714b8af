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
  // two drills on a lab of their own (~3.5 min); they judge when the objective holds again, loosely
  // (a minute of 5 s windows), and were ranked with scenario-runs, so jest ran both at once
  'test/scenarios/drill-runs.test.ts',
  'test/stack/prometheus-lab.test.ts',
  // a second lab, a quick run, heap snapshots and a CPU profile, and chromium drawing the charts:
  // beside it (both were ranked latency-sensitive, so they ran at once) CI measured the storefront's
  // browsers 83% hurt in recommendation-library-leak, where they are meant to be untouched
  'test/console/console-browser.test.ts',
  // real processes killed and started again (~2 min): three labs one after the other, a quick run
  // killed mid-fault, a SIGSTOPped service; kept away from the scenario runs' shares
  'test/lab/chaos.test.ts',
  'test/heap/fault-leaks.test.ts',
  'test/faults/widget-api-faults.test.ts',
  'test/heap/heap-diff.test.ts',
  'test/faults/clean-baseline.test.ts',
  'test/heap/heap-cli.test.ts',
  // a lab with every fault on, heap snapshots and CPU profiles of each service
  'test/diagnosis/diagnosis-scrubbed.test.ts',
  // a lab started, restarted and stopped through the CLI
  'test/lab/lab-cli.test.ts',
];
// (scenario-runs plays two of its quick runs beside a loop that keeps one core busy, on purpose:
// that is a condition the shares must hold in, and it only means one busy core when nothing heavy
// runs on the other worker.)
// (The console's browser test plays a quick run too, but its page is the pool's HighErrorRate,
// which errors raise, not latencies; and it is itself a heavy neighbour: see HEAVY.)
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

// (read by test/scenarios/suite-order.test.ts)
LabSequencer.HEAVY = HEAVY;
LabSequencer.LATENCY_SENSITIVE = LATENCY_SENSITIVE;

module.exports = LabSequencer;
