import type { Benchmark } from './benchmark';
import { gradePostmortem } from '../grading/grade';
import { GENERALISATION_DIR, UNDERSTANDING_DIR, loadCorpus, meanAbsoluteError, spearman, type CorpusDocument } from './grading-corpus';

/** Targets from issue #14: agreement with the instructor's grades, and grading time per postmortem. */
const TARGET_SPEARMAN = 0.85;
const TARGET_MAE = 10;
const TARGET_MS = 10;
/** Bounded: at most this long, or this many rounds over the corpus, whichever comes first. */
const MAX_SECONDS = 5;
const MAX_ROUNDS = 50;

function agreement(label: string, docs: CorpusDocument[], scores: Map<string, number>): void {
  const human = docs.map((d) => d.human.score);
  const grader = docs.map((d) => scores.get(d.id)!);
  const rho = spearman(human, grader);
  const mae = meanAbsoluteError(human, grader);
  const ok = rho >= TARGET_SPEARMAN && mae <= TARGET_MAE ? 'meets both targets' : 'misses a target';
  console.log(`${label.padEnd(9)} n=${String(docs.length).padStart(2)}  Spearman ${rho.toFixed(3)} (target ≥ ${TARGET_SPEARMAN})  MAE ${mae.toFixed(1)} points (target ≤ ${TARGET_MAE})  ${ok}`);
}

export default {
  name: 'grading',
  description: `agreement with the instructor's grades on the postmortem corpus (tuning set, held-out third, whole) and time per postmortem (target < ${TARGET_MS} ms)`,
  async run() {
    const first = loadCorpus();
    // The generalisation corpus: written after a blind set exposed what the first corpus lacked; its own split.
    const later = loadCorpus(GENERALISATION_DIR);
    // The understanding corpus: the second blind set's classes, each with correct documents of the same shape; its own split.
    const third = loadCorpus(UNDERSTANDING_DIR);
    const corpus = [...first, ...later, ...third];
    const scores = new Map(corpus.map((d) => [d.id, gradePostmortem(d.text, { run: d.run, file: `${d.id}.md` }).percent]));
    agreement('tuning', first.filter((d) => !d.heldOut), scores);
    agreement('held-out', first.filter((d) => d.heldOut), scores);
    agreement('whole', first, scores);
    agreement('new tune', later.filter((d) => !d.heldOut), scores);
    agreement('new held', later.filter((d) => d.heldOut), scores);
    agreement('new all', later, scores);
    agreement('3rd tune', third.filter((d) => !d.heldOut), scores);
    agreement('3rd held', third.filter((d) => d.heldOut), scores);
    agreement('3rd all', third, scores);
    agreement('first 80', [...first, ...later], scores);
    agreement('all', corpus, scores);

    // Per-document rows only for the tuning set: the held-out grades stay unread while the grader is tuned.
    if (process.env.BENCH_GRADING_DETAIL === 'tuning') {
      for (const d of corpus.filter((x) => !x.heldOut).sort((a, b) => Math.abs(scores.get(b.id)! - b.human.score) - Math.abs(scores.get(a.id)! - a.human.score))) {
        console.log(`  ${d.id.padEnd(24)} human ${String(d.human.score).padStart(3)}  grader ${String(scores.get(d.id)).padStart(5)}`);
      }
    }

    for (const d of corpus) gradePostmortem(d.text, { run: d.run }); // warm-up: JIT and lazy tables
    const times: number[] = [];
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    for (let round = 0; round < MAX_ROUNDS && performance.now() - started < MAX_SECONDS * 1000; round++) {
      for (const d of corpus) {
        const t0 = performance.now();
        gradePostmortem(d.text, { run: d.run });
        times.push(performance.now() - t0);
      }
    }
    // CPU time as well as wall time: the machine is shared, and waiting for a core is not grading time.
    const cpu = process.cpuUsage(cpuStart);
    const cpuMean = (cpu.user + cpu.system) / 1000 / times.length;
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const p95 = times[Math.floor(times.length * 0.95)];
    console.log(`time: ${corpus.length} postmortems x ${Math.round(times.length / corpus.length)} rounds`);
    console.log(`mean ${mean.toFixed(2)} ms/postmortem, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms; cpu ${cpuMean.toFixed(2)} ms/postmortem`);
    console.log(`ratio to target (${TARGET_MS} ms): mean ${(mean / TARGET_MS).toFixed(3)}, p95 ${(p95 / TARGET_MS).toFixed(3)}, cpu ${(cpuMean / TARGET_MS).toFixed(3)} (below 1 meets it)`);
  },
} satisfies Benchmark;
