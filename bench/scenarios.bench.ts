import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scenarios } from '../scenarios/definitions';
import type { RunRecord } from '../scenarios/run-record';
import { runScenario } from '../scenarios/run/scenario-runner';
import { openLocalTarget } from '../scenarios/targets/local-target';
import type { Benchmark } from './benchmark';

const SPEED = Number(process.env.BENCH_SCENARIO_SPEED ?? 1);
const ONLY = (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean);
const QUICK = process.env.BENCH_SCENARIO_QUICK === '1';
/** The issue's target: the first alert within 5 minutes of the fault starting, at the default speed. */
const ALERT_TARGET_S = 300;

function secondsAfterFault(record: RunRecord, iso: string | undefined): number | null {
  if (!iso || !record.faultWindow.start) return null;
  return (Date.parse(iso) - Date.parse(record.faultWindow.start)) / 1000;
}

/**
 * Each scenario's whole arc at the default speed (up to 10 minutes each) against one embedded lab:
 * time from the fault to the first SLO breach and to the first alert, and what the run recorded.
 * BENCH_SCENARIOS=a,b picks scenarios; BENCH_SCENARIO_SPEED and BENCH_SCENARIO_QUICK=1 change the arc.
 */
export default {
  name: 'scenarios',
  description: `each scenario at speed ${SPEED}${QUICK ? ' (quick)' : ''}: fault → first SLO breach and first alert (target ≤ ${ALERT_TARGET_S} s), affected share vs the report`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-bench-scenarios-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when benchmarks run as root
    const target = await openLocalTarget({ dir, portBase: 0 });
    try {
      for (const scenario of scenarios()) {
        if (ONLY.length > 0 && !ONLY.includes(scenario.name)) continue;
        const started = Date.now();
        const record = await runScenario({
          scenario,
          target,
          speed: SPEED,
          quick: QUICK,
          seed: 1,
          outDir: path.join(dir, 'runs', scenario.name),
          labFolder: dir,
          prometheus: 'auto',
        });
        const breach = secondsAfterFault(record, record.firstSloBreach?.at);
        const alert = secondsAfterFault(record, record.firstAlert?.at);
        const pct = (s: number) => `${(s * 100).toFixed(1)}%`;
        console.log(`${scenario.name} (${((Date.now() - started) / 60_000).toFixed(1)} min, ${record.status}, alerts from ${record.monitoring?.alertSource})`);
        console.log(`  fault → first SLO breach: ${breach === null ? 'none' : `${breach.toFixed(0)} s`} (${record.firstSloBreach?.detail ?? '—'})`);
        console.log(
          `  fault → first alert:      ${alert === null ? 'none' : `${alert.toFixed(0)} s (${record.firstAlert!.name})`}; target ${ALERT_TARGET_S} s` +
            (alert === null ? '' : `, ratio ${(alert / ALERT_TARGET_S).toFixed(2)}`),
        );
        console.log(
          `  users affected ${pct(record.impact.users.share)} (report: ${pct(scenario.incident.affectedUsersShare)}); requests ${pct(record.impact.requests.share)}; failed ${pct(record.impact.errorShare)}`,
        );
        for (const s of record.impact.bySegment ?? []) console.log(`    ${s.population}/${s.segment} (${s.expected}): users ${pct(s.users.share)} of ${s.users.total}`);
        console.log(
          `  peak heap ${(record.resources.peakHeapUsedBytes / 1048576).toFixed(0)} MB, restarts ${record.resources.restarts}, out-of-memory deaths ${record.resources.oomKills}; alerts: ${record.alerts.map((a) => `${a.name}(${a.service})+${secondsAfterFault(record, a.at)?.toFixed(0)}s`).join(', ') || 'none'}`,
        );
      }
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
} satisfies Benchmark;
