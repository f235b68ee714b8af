import { DERIVED } from '../../scenarios/metrics/derived-metrics';
import type { RunRecord } from '../../scenarios/run-record';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import type { Scenario } from '../../scenarios/scenario-schema';

/** The issue's bounds: the report's share within 10 points; segments as designed; the first alert in time. */
export const SHARE_TOLERANCE = 0.1;
export const AFFECTED_SEGMENT_MIN = 0.7;
export const UNAFFECTED_SEGMENT_MAX = 0.05;
export const ALERT_TARGET_S = 300;

/** One line of the scenarios bench's table: what one run measured, against the targets. */
export interface ScenarioRow {
  target: string;
  condition: string;
  mode: string;
  scenario: string;
  status: string;
  share: string;
  shareOk: boolean;
  segments: string;
  segmentsOk: boolean;
  firstAlert: string;
  alertOk: boolean;
  heap: string;
  gc: string;
  restarts: string;
  load: string;
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}`;

function secondsAfterFault(record: RunRecord, iso: string | undefined): number | null {
  if (!iso || !record.faultWindow.start) return null;
  return (Date.parse(iso) - Date.parse(record.faultWindow.start)) / 1000;
}

/** The service's samples inside the fault window. */
function faultSamples(record: RunRecord): RunRecord['samples'] {
  const from = record.faultWindow.start ?? record.startedAt;
  const to = record.faultWindow.end ?? record.endedAt ?? '9';
  return record.samples.filter((s) => s.service === record.service && s.up && s.at >= from && s.at <= to);
}

export function scenarioRow(record: RunRecord, scenario: Scenario, where: { target: string; condition: string; mode: string }): ScenarioRow {
  const share = record.impact.users.share;
  const report = scenario.incident.affectedUsersShare;
  const segments = record.impact.bySegment ?? [];
  const segmentsOk = segments.every((s) => (s.expected === 'affected' ? s.users.share >= AFFECTED_SEGMENT_MIN : s.users.share <= UNAFFECTED_SEGMENT_MAX));
  const alert = secondsAfterFault(record, record.firstAlert?.at);
  const quick = where.mode === 'quick';
  const samples = faultSamples(record);
  const limit = Math.max(0, ...samples.map((s) => s.values[NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES] ?? 0));
  const peak = record.resources.peakHeapUsedBytes;
  const gc = samples.map((s) => s.values[DERIVED.gcShare]).filter((v): v is number => v !== undefined);
  const gcMean = gc.length > 0 ? gc.reduce((a, b) => a + b, 0) / gc.length : 0;
  const machine = record.machine;
  return {
    ...where,
    scenario: record.scenario,
    status: record.status,
    share: `${pct(share)} (${pct(report)}, ${share >= report ? '+' : ''}${((share - report) * 100).toFixed(1)})`,
    shareOk: Math.abs(share - report) <= SHARE_TOLERANCE,
    segments: segments.map((s) => `${s.segment} ${s.users.share === 0 ? '0' : pct(s.users.share)}`).join(', '),
    segmentsOk,
    firstAlert: alert === null ? 'none' : `${record.firstAlert!.name} +${alert.toFixed(0)} s`,
    alertOk: alert !== null && (quick || alert <= ALERT_TARGET_S),
    heap: `${(peak / 1048576).toFixed(0)}/${limit > 0 ? (limit / 1048576).toFixed(0) : '?'} MB${limit > 0 ? ` (${((peak / limit) * 100).toFixed(0)}%)` : ''}`,
    gc: `${(Math.max(0, ...gc) * 100).toFixed(0)}% max, ${(gcMean * 100).toFixed(1)}% mean`,
    restarts: `${record.resources.restarts} (${record.resources.oomKills} OOM)`,
    load: machine ? `${machine.loadAverage1m.start}→${machine.loadAverage1m.end ?? '?'}, probe ×${machine.cpuProbe.factor}` : '?',
  };
}

const COLUMNS: Array<[string, (r: ScenarioRow) => string]> = [
  ['target', (r) => r.target],
  ['condition', (r) => r.condition],
  ['mode', (r) => r.mode],
  ['scenario', (r) => r.scenario],
  ['users affected % (report, Δ)', (r) => `${r.share} ${r.shareOk ? 'ok' : 'OFF'}`],
  ['segments hurt %', (r) => `${r.segments} ${r.segmentsOk ? 'ok' : 'OFF'}`],
  ['first alert', (r) => `${r.firstAlert} ${r.alertOk ? 'ok' : 'OFF'}`],
  ['peak heap / limit', (r) => r.heap],
  ['GC time (fault window)', (r) => r.gc],
  ['restarts', (r) => r.restarts],
  ['load avg, CPU probe', (r) => r.load],
];

/** A Markdown table (it reads in a terminal and pastes into a note). */
export function formatTable(rows: readonly ScenarioRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([, cell]) => cell(r)));
  const head = `| ${COLUMNS.map(([h]) => h).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  return [head, rule, ...cells.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}
