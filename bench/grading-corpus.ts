import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createRng } from '../load/rng';
import { runRecordSchema, type RunRecord } from '../scenarios/run-record';

/**
 * The human-graded postmortem corpus (test/fixtures/corpus) and its fixed split into a tuning set and
 * a held-out third. The split is drawn from the sorted ids with the seed in split.json, so it never
 * depends on which documents the grader gets right.
 */

export const humanGradeSchema = z.object({
  run: z.string().nullable(),
  score: z.number().min(0).max(100),
  reason: z.string().min(1),
  forms: z.array(z.string()),
});
export type HumanGrade = z.infer<typeof humanGradeSchema>;

export interface CorpusDocument {
  id: string;
  text: string;
  human: HumanGrade;
  run: RunRecord | null;
  heldOut: boolean;
}

/** The repository root, whether this runs from bench/ (ts) or dist/bench/ (compiled). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const CORPUS_DIR = path.join(repoRoot(), 'test', 'fixtures', 'corpus');
/** Postmortems written later for the generalisation work, in voices and traps the first corpus lacks; its own split. */
export const GENERALISATION_DIR = path.join(repoRoot(), 'test', 'fixtures', 'corpus-generalisation');
/** Postmortems written for the classes a second blind set exposed (wrong component, mitigation as fix, undated off-topic, waffle); its own split. */
export const UNDERSTANDING_DIR = path.join(repoRoot(), 'test', 'fixtures', 'corpus-understanding');
const RUNS_DIR = path.join(repoRoot(), 'test', 'fixtures', 'runs');

export function heldOutIds(ids: string[], seed: number, share: number): Set<string> {
  const sorted = [...ids].sort();
  const random = createRng(seed); // mulberry32, the load generator's seeded source
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return new Set(sorted.slice(0, Math.round(sorted.length * share)));
}

export function loadCorpus(dir = CORPUS_DIR): CorpusDocument[] {
  const split = z.object({ seed: z.number().int(), heldOutShare: z.number().min(0).max(1) }).parse(JSON.parse(readFileSync(path.join(dir, 'split.json'), 'utf8')));
  const ids = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
  const held = heldOutIds(ids, split.seed, split.heldOutShare);
  const runs = new Map<string, RunRecord>();
  const runOf = (name: string): RunRecord => {
    if (!runs.has(name)) runs.set(name, runRecordSchema.parse(JSON.parse(readFileSync(path.join(RUNS_DIR, name, 'run.json'), 'utf8'))));
    return runs.get(name)!;
  };
  return ids.map((id) => {
    const human = humanGradeSchema.parse(JSON.parse(readFileSync(path.join(dir, `${id}.grade.json`), 'utf8')));
    return { id, text: readFileSync(path.join(dir, `${id}.md`), 'utf8'), human, run: human.run ? runOf(human.run) : null, heldOut: held.has(id) };
  });
}

/** Ranks from 1, ties sharing their average rank. */
function ranks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && order[end + 1].v === order[k].v) end++;
    for (let m = k; m <= end; m++) out[order[m].i] = (k + end) / 2 + 1;
    k = end + 1;
  }
  return out;
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Spearman's rank correlation (Pearson on average ranks, which handles ties). */
export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

export function meanAbsoluteError(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length;
}
