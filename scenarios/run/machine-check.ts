import os from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * How busy the machine was, measured at the run's start and end, for the record: the figures a
 * run measures (who was slower than 300 ms) depend on it. A fixed piece of CPU work is timed at
 * the start against what it takes on an idle core of the development machine: a factor of 2
 * means this process got about half a core's speed then.
 */

/** Iterations of the probe; ~18 ms on an idle core of the development machine (2 shared cores). */
const PROBE_ITERATIONS = 12_000_000;
/** What the probe took there, idle (node 20, measured as the median of 9 probes). */
export const PROBE_REFERENCE_MS = 18;

export interface MachineAtStart {
  cores: number;
  loadAverage1m: { start: number; end: number | null };
  cpuProbe: { ms: number; referenceMs: number; factor: number };
  /** What the run did about it: the mechanisms' margins, or a scaling it applied. */
  adjustment: string;
}

/** Times the probe (the median of three, so that one preemption does not decide). */
export function probeCpuMs(): number {
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    let x = 1;
    for (let i = 0; i < PROBE_ITERATIONS; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
    times.push(performance.now() - start + (x === 0.5 ? 1 : 0)); // (x used: the loop is not optimised away)
  }
  return times.sort((a, b) => a - b)[1]!;
}

export function checkMachine(adjustment: string): MachineAtStart {
  const ms = Math.round(probeCpuMs() * 10) / 10;
  return {
    cores: os.availableParallelism(),
    loadAverage1m: { start: Math.round(os.loadavg()[0]! * 100) / 100, end: null },
    cpuProbe: { ms, referenceMs: PROBE_REFERENCE_MS, factor: Math.round((ms / PROBE_REFERENCE_MS) * 100) / 100 },
    adjustment,
  };
}

export function loadAverageNow(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}
