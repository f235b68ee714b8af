import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Benchmark } from './benchmark';
import { gradePostmortem } from '../grading/grade';
import { runRecordSchema, type RunRecord } from '../scenarios/run-record';

/** Target from the issue: grading one postmortem (against its run) takes under 50 ms. */
const TARGET_MS = 50;
/** Bounded: at most this long, or this many rounds over all fixtures, whichever comes first. */
const MAX_SECONDS = 5;
const MAX_ROUNDS = 50;

/** The repository root, whether this runs from bench/ (ts) or dist/bench/ (compiled). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export default {
  name: 'grading',
  description: `grading throughput over the postmortem fixtures, each against its run (target < ${TARGET_MS} ms per postmortem)`,
  async run() {
    const fixtures = path.join(repoRoot(), 'test', 'fixtures');
    const runs = new Map<string, RunRecord>();
    const cases = readdirSync(path.join(fixtures, 'postmortems'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => {
        const scenario = f.split('--')[0];
        if (!runs.has(scenario)) {
          runs.set(scenario, runRecordSchema.parse(JSON.parse(readFileSync(path.join(fixtures, 'runs', scenario, 'run.json'), 'utf8'))));
        }
        return { text: readFileSync(path.join(fixtures, 'postmortems', f), 'utf8'), run: runs.get(scenario)! };
      });

    for (const c of cases) gradePostmortem(c.text, { run: c.run }); // warm-up: JIT and lazy tables
    const times: number[] = [];
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    for (let round = 0; round < MAX_ROUNDS && performance.now() - started < MAX_SECONDS * 1000; round++) {
      for (const c of cases) {
        const t0 = performance.now();
        gradePostmortem(c.text, { run: c.run });
        times.push(performance.now() - t0);
      }
    }
    // CPU time as well as wall time: the machine is shared, and waiting for a core is not grading time.
    const cpu = process.cpuUsage(cpuStart);
    const cpuMean = (cpu.user + cpu.system) / 1000 / times.length;
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const p95 = times[Math.floor(times.length * 0.95)];
    console.log(`${cases.length} postmortems x ${times.length / cases.length} rounds`);
    console.log(`mean ${mean.toFixed(2)} ms/postmortem, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
    console.log(`cpu ${cpuMean.toFixed(2)} ms/postmortem (user + system, includes GC)`);
    console.log(`ratio to target (${TARGET_MS} ms): mean ${(mean / TARGET_MS).toFixed(3)}, p95 ${(p95 / TARGET_MS).toFixed(3)}, cpu ${(cpuMean / TARGET_MS).toFixed(3)} (below 1 meets it)`);
    console.log(`throughput ${(1000 / mean).toFixed(0)} postmortems/s on one core`);
  },
} satisfies Benchmark;
