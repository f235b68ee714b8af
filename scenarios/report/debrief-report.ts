import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { writeAtomically } from '../run/record-file';
import type { RunRecord } from '../run-record';
import type { Scenario } from '../scenario-schema';
import { describeMechanism } from './mechanism-text';
import { REPORT_SCRIPT } from './report-script';
import { debriefCharts } from './debrief-charts';

export const REPORT_FILE = 'report.html';

/** Everything the page shows comes from the record (and the scenario's own text); all of it is escaped. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element (no `</script>`, no line separators that end a string). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

let uplotAssets: { js: string; css: string } | undefined;
function uplot(): { js: string; css: string } {
  uplotAssets ??= {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return uplotAssets;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "14:05:31 (+2:10 after the fault started)" in the run's zone. */
function when(iso: string | null | undefined, record: RunRecord): string {
  if (!iso) return '—';
  const t = DateTime.fromISO(iso, { setZone: true });
  const start = record.faultWindow.start ? DateTime.fromISO(record.faultWindow.start) : null;
  const offset = start ? t.diff(start).as('seconds') : null;
  const rel = offset === null ? '' : ` (${offset >= 0 ? '+' : '−'}${Math.floor(Math.abs(offset) / 60)}:${String(Math.round(Math.abs(offset) % 60)).padStart(2, '0')} from fault start)`;
  return `${t.toFormat('HH:mm:ss')}${rel}`;
}

function table(headers: string[], rows: Array<Array<unknown>>): string {
  if (rows.length === 0) return '<p class="empty">none</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The parameters an instructor set for this run, next to the definition's (empty when none). */
function setByHand(record: RunRecord, scenario: Scenario | undefined): string {
  const hand = Object.entries(record.fault.setByHand ?? {});
  if (hand.length === 0) return '';
  const defined = scenario ? { ...scenario.fault.params, ...(record.quick ? scenario.fault.quickParams : {}) } : {};
  const items = hand.map(([k, v]) => `${k} = ${JSON.stringify(v)}${k in defined ? ` (the scenario's: ${JSON.stringify(defined[k])})` : ''}`);
  return `<p><b>Set by hand for this run</b> (--fault-param): ${escapeHtml(items.join(', '))}</p>`;
}

/** Actions that change what is deployed (the others: restarts, diagnosis, taking the incident). */
const CHANGE_ACTIONS = new Set(['rollback', 'set']);

/** "Ana: rollback widgetify" for the timeline. */
function actionLabel(a: NonNullable<RunRecord['actions']>[number]): string {
  return `${a.learner ?? a.role}: ${a.action} ${a.service}`;
}

/** "2:05" from milliseconds. */
function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  return `${s < 0 ? '−' : ''}${Math.floor(Math.abs(s) / 60)}:${String(Math.abs(s) % 60).padStart(2, '0')}`;
}

/** A drill's response: the times to acknowledge, mitigate and resolve, and every action; a scripted run's actions only. */
function responseSection(record: RunRecord): string {
  const actions = record.actions ?? [];
  const r = record.response;
  if (!r && actions.length === 0) return '';
  const outcome = record.drill
    ? `<p><b>Drill:</b> ${escapeHtml(
        record.drill.outcome === 'resolved'
          ? `resolved by the learners${record.drill.endedBy === 'objective-held' ? ', and the objective held again' : ''}`
          : record.drill.outcome === 'unresolved'
            ? 'unresolved: the runner played the fix at the time limit'
            : 'interrupted',
      )} (time limit ${escapeHtml(duration(record.drill.timeLimitMs))}, hold ${escapeHtml(duration(record.drill.holdMs))})</p>`
    : '';
  const cards: Array<[string, string]> = r
    ? [
        ['Time to acknowledge', `${duration(r.timeToAcknowledgeMs)}${r.acknowledgedBy ? ` (${r.acknowledgedBy})` : ''}`],
        ['Time to mitigate', duration(r.timeToMitigateMs)],
        ['Time to resolve', `${duration(r.timeToResolveMs)}${r.resolvedBy !== 'none' ? ` (${r.resolvedBy})` : ''}`],
        ['Restarts asked for', String(r.restarts)],
        ['Harmless rollbacks', String(r.harmlessRollbacks)],
      ]
    : [];
  return `<section><h2>The response</h2>${outcome}
${cards.length > 0 ? `<p class="legend">Times from the start of the incident (the fault went on).</p><div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`).join('')}</div>` : ''}
${r?.resolvedWith ? `<p><b>What removed the cause:</b> ${escapeHtml(r.resolvedWith)}</p>` : ''}
${table(
  ['at', 'who', 'action', 'service', 'detail', 'result'],
  actions.map((a) => [when(a.at, record), a.learner ? `${a.learner} (${a.role})` : a.role, a.action, a.service, a.detail, a.result]),
)}</section>`;
}

export interface ReportExtras {
  hintsShown?: Array<{ tier: number; at: string }>;
}

/** A CPU probe this many times an idle core's time, or a load average this many times the cores: a busy machine. */
const BUSY_PROBE_FACTOR = 2;
const BUSY_LOAD_PER_CORE = 2;

/**
 * How busy the machine was, next to who was hurt: on a busy machine every route of a service can be
 * slow at once for a second or two, which hurts users the fault was not designed to touch.
 */
function machineNote(record: RunRecord): string {
  const m = record.machine;
  if (!m) return '';
  const stalls = m.generatorStalls;
  const facts =
    `load average ${m.loadAverage1m.start} → ${m.loadAverage1m.end ?? '—'} on ${m.cores} cores; CPU probe ${m.cpuProbe.factor}× an idle core` +
    (stalls ? `; the simulated users' own process stalled ${stalls.count} times (${(stalls.totalMs / 1000).toFixed(1)} s in all), time left out of the latency of ${stalls.requestsTouched} requests` : '');
  const busy = m.cpuProbe.factor >= BUSY_PROBE_FACTOR || m.loadAverage1m.start >= BUSY_LOAD_PER_CORE * m.cores;
  const warning = busy
    ? ' <b>The machine was busy with other work:</b> a segment designed to be unaffected may show users hurt by its stalls rather than by the fault (look for seconds in which every route was slow at once).'
    : '';
  return `<p class="machine"><b>Machine:</b> ${escapeHtml(facts)}.${warning}</p>`;
}

export function renderDebriefReport(record: RunRecord, scenario: Scenario | undefined, extras: ReportExtras = {}): string {
  const { js, css } = uplot();
  const data = {
    service: record.service,
    phases: record.phases,
    faultWindow: record.faultWindow,
    endedAt: record.endedAt ?? record.samples[record.samples.length - 1]?.at ?? record.startedAt,
    events: record.resources.events ?? [],
    alerts: record.alerts,
    actions: (record.actions ?? []).filter((a) => a.result === 'ok').map((a) => ({ at: a.at, label: actionLabel(a), change: CHANGE_ACTIONS.has(a.action) })),
    samples: record.samples,
    charts: debriefCharts(record),
  };
  const i = record.impact;
  const cards: Array<[string, string]> = [
    ['Users affected', `${pct(i.users.share)} (${i.users.affected} of ${i.users.total})`],
    ['Requests affected', `${pct(i.requests.share)} (${i.requests.affected} of ${i.requests.total})`],
    ['Requests failed', pct(i.errorShare)],
    ['First SLO breach', record.firstSloBreach ? when(record.firstSloBreach.at, record) : 'none'],
    ['First alert', record.firstAlert ? `${record.firstAlert.name} ${when(record.firstAlert.at, record)}` : 'none'],
    ['Peak heap', mb(record.resources.peakHeapUsedBytes)],
    ['Peak RSS', mb(record.resources.peakRssBytes)],
    ['Restarts / OOM deaths', `${record.resources.restarts} / ${record.resources.oomKills}`],
  ];
  const incident = scenario?.incident;
  const sections = [
    `<header><h1>${escapeHtml(record.title)}</h1>
<p class="meta">Scenario <b>${escapeHtml(record.scenario)}</b> · run ${escapeHtml(record.runId)} · status <b>${escapeHtml(record.status)}</b> ·
target ${escapeHtml(record.target)} · speed ${escapeHtml(record.speed)}${record.quick ? ' (quick)' : ''} · seed ${escapeHtml(record.seed)} ·
times in ${escapeHtml(record.timezone)}</p>
<p class="meta">Started ${escapeHtml(record.startedAt)} · ended ${escapeHtml(record.endedAt ?? '—')}</p>
${record.error ? `<p class="error">Error: ${escapeHtml(record.error)}</p>` : ''}</header>`,
    `<section class="truth"><h2>What really happened</h2>
<p><b>Service:</b> ${escapeHtml(record.service)} · <b>fault:</b> ${escapeHtml(record.fault.name)} (${escapeHtml(record.fault.class)}) with ${escapeHtml(JSON.stringify(record.fault.params))}</p>
${scenario ? `<p>${escapeHtml(describeMechanism(scenario.fault.mechanism, record.fault.params))}</p>` : ''}
${setByHand(record, scenario)}
<p><b>Fault window:</b> ${escapeHtml(record.faultWindow.start ?? '—')} → ${escapeHtml(record.faultWindow.end ?? '—')}</p>
${record.firstSloBreach ? `<p><b>First SLO breach:</b> ${escapeHtml(when(record.firstSloBreach.at, record))}: ${escapeHtml(record.firstSloBreach.detail)}</p>` : ''}
<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`).join('')}</div>
${incident ? `<p class="compare">The original report: ${escapeHtml(incident.impact)} (about ${pct(incident.affectedUsersShare)} of users); window ${escapeHtml(incident.window)}. Root cause: ${escapeHtml(incident.rootCause)}</p>` : ''}
</section>`,
    `<section><h2>Timeline</h2>
<p class="legend">Grey bands: phases · red tick along the bottom: fault window · orange line: restart · red line: out-of-memory death · purple line: crash · red marker on top: alert · blue marker at the bottom: someone's action (filled: a rollback or a setting change)</p>
<div id="chart-heap" class="chart"></div><div id="chart-latency" class="chart"></div><div id="chart-errors" class="chart"></div>
<div id="chart-runtime" class="chart"></div><div id="chart-pool" class="chart"></div><div id="chart-pg" class="chart"></div>
<div id="chart-cache" class="chart"></div><div id="charts-other"></div></section>`,
    responseSection(record),
    `<section><h2>Phases</h2>${table(
      ['phase', 'kind', 'start', 'end', 'what the lab did'],
      record.phases.map((p) => [p.name, p.kind, when(p.start, record), when(p.end, record), p.actions.join('; ')]),
    )}</section>`,
    `<section><h2>Who was hurt</h2><p>Objective: ${escapeHtml(record.slo.latencyObjectiveMs)} ms; errors: ${escapeHtml(record.slo.errorStatuses)}. Over the fault window.</p>${table(
      ['users', 'segment', 'designed to be', 'users affected', 'requests affected'],
      (i.bySegment ?? []).map((s) => [
        s.population,
        s.segment,
        s.expected ?? '',
        `${pct(s.users.share)} (${s.users.affected}/${s.users.total})`,
        `${pct(s.requests.share)} (${s.requests.affected}/${s.requests.total})`,
      ]),
    )}${machineNote(record)}</section>`,
    `<section><h2>Alerts</h2>${table(
      ['alert', 'service', 'fired', 'source'],
      record.alerts.map((a) => [a.name, a.service ?? '', when(a.at, record), a.source]),
    )}</section>`,
    `<section><h2>Red herrings offered</h2>${table(
      ['kind', 'what learners could see', 'from'],
      record.redHerrings.map((r) => [r.kind, r.description, when(r.at, record)]),
    )}</section>`,
    `<section><h2>Restarts and deaths</h2>${table(
      ['at', 'kind', 'service', 'detail'],
      (record.resources.events ?? []).map((e) => [when(e.at, record), e.kind, e.service, e.detail]),
    )}</section>`,
    `<section><h2>Traffic</h2>${table(
      ['users', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors', 'req/s'],
      record.loadSummaries.map((s) => {
        const l = s as { population?: string; requests?: number; latencyMs?: { p50: number; p95: number; p99: number } | null; non2xx?: number; errors?: number; throughput?: number };
        return [l.population ?? '', l.requests ?? '', l.latencyMs?.p50 ?? '', l.latencyMs?.p95 ?? '', l.latencyMs?.p99 ?? '', l.non2xx ?? '', l.errors ?? '', l.throughput ?? ''];
      }),
    )}</section>`,
    scenario
      ? `<section><h2>The learners' brief</h2><p><b>${escapeHtml(scenario.brief.headline)}</b></p><p>Pager: ${escapeHtml(scenario.brief.pager)}</p>
<ul>${scenario.brief.userReports.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>
<h3>Hints</h3><ol>${scenario.hints.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ol>
${extras.hintsShown && extras.hintsShown.length > 0 ? `<p>Hints shown during the run: ${escapeHtml(extras.hintsShown.map((h) => `tier ${h.tier} at ${when(h.at, record)}`).join(', '))}</p>` : ''}</section>`
      : '',
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Debrief: ${record.title} (${record.runId})`)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${css}</style>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1140px;padding:0 12px;color:#222}
h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}.meta{color:#666;margin:2px 0}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:160px}
.card .k{color:#666;font-size:12px}.card .v{font-size:16px;font-weight:600}.truth{background:#fbfbf7;padding:4px 12px;border-radius:6px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.chart{margin:12px 0}.empty{color:#888}.error{color:#b00}.legend{color:#666;font-size:12px}.compare{color:#444}
</style></head>
<body>
${sections.join('\n')}
<script type="application/json" id="run-data">${scriptJson(data)}</script>
<script>${inlineScript(js)}</script>
<script>${inlineScript(REPORT_SCRIPT)}</script>
</body></html>
`;
}

/** Writes report.html into the run folder (atomically); returns its path. */
export async function writeDebriefReport(dir: string, record: RunRecord, scenario: Scenario | undefined, extras: ReportExtras = {}): Promise<string> {
  const file = path.join(dir, REPORT_FILE);
  await writeAtomically(file, renderDebriefReport(record, scenario, extras));
  return file;
}
