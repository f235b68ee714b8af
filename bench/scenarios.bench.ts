import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scenarios } from '../scenarios/definitions';
import { planRun } from '../scenarios/run-plan';
import { runScenario } from '../scenarios/run/scenario-runner';
import type { LabTarget } from '../scenarios/targets/lab-target';
import { openDockerTarget } from '../scenarios/targets/docker-target';
import { openLocalTarget } from '../scenarios/targets/local-target';
import type { Benchmark } from './benchmark';
import { startBusyCore } from './support/busy-core';
import { formatTable, scenarioRow, type ScenarioRow, ALERT_TARGET_S, SHARE_TOLERANCE } from './support/scenario-row';

/**
 * Each scenario's arc against a lab, in a matrix of conditions, and one table of what the runs
 * measured against the issue's targets (share of users within 10 points of the report, the
 * segments hurt as designed, a first alert within 5 minutes at the default speed and present in
 * quick, peak heap against the limit, GC time, restarts). The whole matrix is long (5 scenarios ×
 * ~8 min default + ~1.5 min quick, per condition and target), so each axis is selectable:
 *
 *   BENCH_SCENARIOS=widget-render-leak,db-pool-exhaustion   (default: all five)
 *   BENCH_MODES=default,quick,2                            (default: default,quick; a number is a --speed)
 *   BENCH_CONDITIONS=quiet,busy                            (default: both; busy = one core kept busy by a bounded loop)
 *   BENCH_TARGETS=local,docker                             (default: local; docker needs the stack up, see docs/classroom.md)
 *   BENCH_TABLE_FILE=/tmp/table.md                         (also write the table there)
 */

const list = (name: string, fallback: string[]): string[] => {
  const value = process.env[name]?.split(',').map((s) => s.trim()).filter(Boolean);
  return value && value.length > 0 ? value : fallback;
};

const SCENARIOS = list('BENCH_SCENARIOS', scenarios().map((s) => s.name));
const MODES = list('BENCH_MODES', ['default', 'quick']);
const CONDITIONS = list('BENCH_CONDITIONS', ['quiet', 'busy']);
const TARGETS = list('BENCH_TARGETS', ['local']);
/** The busy loop outlives a run by this much at most, whatever happens to the bench. */
const BUSY_MARGIN_MS = 3 * 60_000;

function modeOptions(mode: string): { speed: number; quick: boolean } {
  if (mode === 'default') return { speed: 1, quick: false };
  if (mode === 'quick') return { speed: 1, quick: true };
  const speed = Number(mode);
  if (!(speed > 0)) throw new RangeError(`BENCH_MODES: "${mode}" is neither default, quick nor a speed`);
  return { speed, quick: false };
}

function check(values: string[], known: string[], name: string): void {
  const unknown = values.filter((v) => !known.includes(v));
  if (unknown.length > 0) throw new RangeError(`${name}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
}

async function openTarget(kind: string, dir: string): Promise<LabTarget> {
  return kind === 'docker' ? openDockerTarget() : openLocalTarget({ dir, portBase: 0 });
}

export default {
  name: 'scenarios',
  description: `scenarios ${SCENARIOS.join(',')} × modes ${MODES.join(',')} × ${CONDITIONS.join(',')} × ${TARGETS.join(',')}: users affected (±${SHARE_TOLERANCE * 100} points of the report), segments, first alert (≤ ${ALERT_TARGET_S} s at the default speed, present in quick), heap, GC, restarts`,
  async run() {
    check(SCENARIOS, scenarios().map((s) => s.name), 'BENCH_SCENARIOS');
    check(CONDITIONS, ['quiet', 'busy'], 'BENCH_CONDITIONS');
    check(TARGETS, ['local', 'docker'], 'BENCH_TARGETS');
    MODES.forEach(modeOptions);
    const rows: ScenarioRow[] = [];
    const skipped: string[] = [];
    // Ctrl-C or SIGTERM: the run in progress switches its fault off and ends, then the lab (and its
    // PostgreSQL) and the busy loop stop; the table so far is printed.
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    for (const targetKind of TARGETS) {
      if (stop.signal.aborted) break;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-bench-scenarios-'));
      chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when benchmarks run as root
      let target: LabTarget;
      try {
        target = await openTarget(targetKind, dir);
      } catch (err) {
        skipped.push(`${targetKind}: ${(err as Error).message.split('\n')[0]}`);
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      try {
        for (const condition of CONDITIONS) {
          for (const mode of MODES) {
            for (const scenario of scenarios().filter((s) => SCENARIOS.includes(s.name))) {
              if (stop.signal.aborted) break;
              const plan = planRun(scenario, modeOptions(mode));
              const busy = condition === 'busy' ? await startBusyCore(plan.totalMs + BUSY_MARGIN_MS) : undefined;
              const started = Date.now();
              try {
                const record = await runScenario({
                  scenario,
                  plan,
                  target,
                  seed: 1,
                  outDir: path.join(dir, 'runs', `${condition}-${mode}-${scenario.name}`),
                  labFolder: dir,
                  prometheus: 'auto',
                  signal: stop.signal,
                });
                if (record.status === 'interrupted') break;
                const row = scenarioRow(record, scenario, { target: targetKind, condition, mode });
                rows.push(row);
                console.log(
                  `${targetKind} ${condition} ${mode} ${scenario.name} (${((Date.now() - started) / 60_000).toFixed(1)} min, alerts from ${record.monitoring?.alertSource}): ` +
                    `users ${row.share}; ${row.segments}; first alert ${row.firstAlert}; heap ${row.heap}; GC ${row.gc}; restarts ${row.restarts}; load ${row.load}`,
                );
              } catch (err) {
                skipped.push(`${targetKind} ${condition} ${mode} ${scenario.name}: failed: ${(err as Error).message.split('\n')[0]}`);
              } finally {
                await busy?.stop();
              }
            }
          }
        }
      } finally {
        await target.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const table = formatTable(rows);
    console.log(`\n${table}`);
    const off = rows.filter((r) => !r.shareOk || !r.segmentsOk || !r.alertOk).length;
    console.log(`\n${rows.length} runs, ${rows.length - off} within every target${off > 0 ? `, ${off} off (marked OFF)` : ''}`);
    for (const s of skipped) console.log(`not measured: ${s}`);
    if (process.env.BENCH_TABLE_FILE) writeFileSync(process.env.BENCH_TABLE_FILE, `${table}\n`);
  },
} satisfies Benchmark;
