/**
 * `npm run bench`: every benchmark, one after the other, each printing its own figures and the
 * ratio against its target. Benchmarks measure side by side in one run; tests never time things.
 * `npm run bench -- <name>...` runs only the named ones.
 */
import type { Benchmark } from './benchmark';

// import() of a compiled (CommonJS) module yields { default: module.exports }, hence the .then.
const benchmarks: Array<() => Promise<{ default: Benchmark }>> = [
  () => import('./instrumentation.bench.js').then((m) => m.default),
  () => import('./faults.bench.js').then((m) => m.default),
  () => import('./load.bench.js').then((m) => m.default),
  () => import('./grading.bench.js').then((m) => m.default),
  () => import('./heap-diff.bench.js').then((m) => m.default),
  () => import('./heap-snapshot.bench.js').then((m) => m.default),
  () => import('./scenarios.bench.js').then((m) => m.default),
  () => import('./console.bench.js').then((m) => m.default),
  () => import('./recovery.bench.js').then((m) => m.default),
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  let failed = 0;
  for (const load of benchmarks) {
    const bench = (await load()).default;
    if (only.length > 0 && !only.includes(bench.name)) continue;
    console.log(`\n== ${bench.name}: ${bench.description}`);
    try {
      await bench.run();
    } catch (err) {
      failed++;
      console.error(`${bench.name} failed: ${(err as Error).stack ?? err}`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
