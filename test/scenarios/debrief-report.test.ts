import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findScenario } from '../../scenarios/definitions';
import { chartsWithoutData, debriefCharts } from '../../scenarios/report/debrief-charts';
import { renderDebriefReport, writeDebriefReport } from '../../scenarios/report/debrief-report';
import { runRecordSchema, type RunRecord } from '../../scenarios/run-record';

const evil = '</script><img src=x onerror="alert(1)">&amp;';

function record(): RunRecord {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, s)).toISOString().replace('Z', '+00:00');
  return runRecordSchema.parse({
    schemaVersion: 1,
    runId: `run ${evil}`,
    scenario: 'widget-render-leak',
    title: 'Quantum Widget API slowdown',
    service: 'widget-api',
    fault: { name: 'render-retention', class: 'memory-leak-references', params: { historyPoints: 32, note: evil } },
    target: 'local',
    speed: 1,
    quick: true,
    seed: 1,
    timezone: 'UTC',
    status: 'completed',
    startedAt: at(0),
    endedAt: at(50),
    faultWindow: { start: at(10), end: at(40) },
    phases: [
      { name: 'baseline', kind: 'baseline', start: at(0), end: at(10), actions: [] },
      { name: `trigger ${evil}`, kind: 'trigger', start: at(10), end: at(40), actions: [`fault on ${evil}`] },
      { name: 'fix', kind: 'resolution', start: at(40), end: at(50), actions: ['fault off'] },
    ],
    firstSloBreach: { at: at(25), detail: `p95 ${evil}` },
    firstAlert: { name: 'HighLatency', at: at(30), source: 'runner', service: 'widget-api' },
    alerts: [{ name: 'HighLatency', at: at(30), source: 'runner', service: 'widget-api' }],
    slo: { latencyObjectiveMs: 300, errorStatuses: '5xx' },
    impact: {
      requests: { total: 100, affected: 30, share: 0.3 },
      users: { total: 10, affected: 3, share: 0.3 },
      errorShare: 0,
      bySegment: [{ population: 'users', segment: evil, expected: 'affected', requests: { total: 1, affected: 1, share: 1 }, users: { total: 1, affected: 1, share: 1 } }],
    },
    redHerrings: [{ kind: 'database-queries', description: evil, at: at(12) }],
    resources: { peakHeapUsedBytes: 150e6, peakRssBytes: 200e6, restarts: 1, oomKills: 1, events: [{ at: at(35), kind: 'out-of-memory', service: 'widget-api', detail: evil }] },
    samples: [0, 10, 20, 30, 40, 50].map((s) => ({
      at: at(s),
      service: 'widget-api',
      up: s !== 40,
      values: { nodejs_heap_size_used_bytes: 40e6 + s * 2e6, http_request_duration_p95_seconds: s / 100, [`cache_entries{cache="${evil}"}`]: s },
    })),
    loadSummaries: [{ population: evil, requests: 100 }],
  });
}

test('the debrief is one self-contained page: uPlot and the data inline, every text escaped', () => {
  const html = renderDebriefReport(record(), findScenario('widget-render-leak'), { hintsShown: [{ tier: 1, at: record().startedAt }] });
  expect(html).not.toContain('<img src=x');
  expect(html.match(/<\/script>/g)?.length).toBe(3); // the data island, uPlot, the page's own script
  expect(html).not.toMatch(/<script[^>]+src=/);
  expect(html).not.toMatch(/<link[^>]+href=/);
  expect(html).toContain('uPlot'); // the library itself
  expect(html).toContain('&#60;/script&#62;&#60;img'); // the hostile text, as text
  const island = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const data = JSON.parse(island) as { phases: Array<{ name: string }>; samples: unknown[] };
  expect(data.phases[1]!.name).toBe(`trigger ${evil}`);
  expect(data.samples).toHaveLength(6);
  for (const id of ['chart-heap', 'chart-latency', 'chart-errors', 'chart-pool', 'chart-pg', 'chart-cache']) expect(html).toContain(`id="${id}"`);
  expect(html).toContain('Hints shown during the run');
});

test('the report is written atomically into the run folder', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-report-'));
  try {
    const file = await writeDebriefReport(dir, record(), undefined);
    expect(path.basename(file)).toBe('report.html');
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the page's script builds a chart per panel from the record, with the phases drawn on each", () => {
  const html = renderDebriefReport(record(), findScenario('widget-render-leak'));
  const island = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const own = scripts[scripts.length - 1]!;
  const charts: Array<{ title: string; series: Array<{ label?: string }>; data: Array<Array<number | null>> }> = [];
  const elements = new Map<string, { textContent: string; className: string; clientWidth: number; appendChild(): void }>();
  const element = (id: string) => {
    if (!elements.has(id)) elements.set(id, { textContent: '', className: 'chart', clientWidth: 800, appendChild() {} });
    return elements.get(id)!;
  };
  const drawn: string[] = [];
  class FakeUPlot {
    constructor(opts: { title: string; series: Array<{ label?: string }>; hooks: { draw: Array<(u: unknown) => void> } }, data: Array<Array<number | null>>) {
      charts.push({ title: opts.title, series: opts.series, data });
      const ctx = { save() {}, restore() {}, fillRect() {}, fillText: (t: string) => drawn.push(t), setLineDash() {}, beginPath() {}, moveTo() {}, lineTo() {}, stroke() {}, fill() {} };
      opts.hooks.draw.forEach((hook) => hook({ ctx, bbox: { top: 0, height: 100 }, valToPos: (v: number) => v, scales: { x: { max: 0 } } }));
    }
  }
  const sandbox = {
    document: { getElementById: (id: string) => (id === 'run-data' ? { textContent: island } : element(id)), createElement: () => element(`new-${elements.size}`) },
    uPlot: FakeUPlot,
    devicePixelRatio: 1,
  };
  new Function('document', 'uPlot', 'devicePixelRatio', own)(sandbox.document, sandbox.uPlot, sandbox.devicePixelRatio);
  const titles = charts.map((c) => c.title);
  expect(titles.some((t) => t.startsWith('Memory of widget-api'))).toBe(true);
  expect(titles.some((t) => t.startsWith('Latency p95 of widget-api'))).toBe(true);
  const memory = charts.find((c) => c.title.startsWith('Memory'))!;
  expect(memory.data[0]).toHaveLength(6); // one x per sample of the service
  expect(memory.data[1]![4]).toBeNull(); // a scrape that failed is a gap, not a zero
  expect(memory.data[1]![0]).toBeCloseTo(40e6 / (1024 * 1024));
  expect(drawn).toContain(`trigger ${evil}`); // phase names drawn on the canvas (text, not HTML)
  // panels without data say so instead of drawing an empty chart
  expect(elements.get('chart-pg')!.textContent).toMatch(/no data/);
  // and what the page showed as "no data" is what chartsWithoutData tells from the record
  const noData = [...elements.values()].filter((e) => / no data$/.test(e.textContent)).map((e) => e.textContent.replace(/: no data$/, ''));
  expect(noData.sort()).toEqual(chartsWithoutData(record()).sort());
});

test('which debrief charts have data is told from the record: PostgreSQL\'s through its samples, a service without a cache is not missing data', () => {
  const base = record();
  expect(chartsWithoutData(base)).toEqual([
    'Errors and traffic of widget-api',
    'GC and event loop of widget-api',
    "Database connections: widget-api's pool",
    'PostgreSQL connections (all clients)',
  ]);
  const at = base.samples[1]!.at;
  const full = runRecordSchema.parse({
    ...base,
    samples: [
      ...base.samples,
      { at, service: 'widget-api', up: true, values: { http_requests_per_second: 30, nodejs_gc_seconds_per_second: 0.01, db_pool_max_connections: 6 } },
      { at, service: 'postgres', up: true, values: { pg_stat_activity_count: 12, pg_settings_max_connections: 30 } },
      // a scrape that failed draws nothing: the other service's chart has no data
      { at, service: 'partner-api', up: false, values: { http_request_duration_p95_seconds: 0.1 } },
    ],
  });
  expect(chartsWithoutData(full)).toEqual(['Latency p95 of partner-api']);
  const withoutCache = runRecordSchema.parse({ ...full, samples: full.samples.map((s) => ({ ...s, values: Object.fromEntries(Object.entries(s.values).filter(([k]) => !k.startsWith('cache_entries'))) })) });
  expect(debriefCharts(withoutCache).find((c) => c.id === 'chart-cache')!.notApplicable).toBe('widget-api keeps no in-process cache.');
  expect(chartsWithoutData(withoutCache)).toEqual(['Latency p95 of partner-api']);
});

test('"What really happened" describes the parameters the run used, and says which were set by hand', () => {
  const scenario = findScenario('feature-background-leak');
  const base = record();
  const run = runRecordSchema.parse({
    ...base,
    scenario: scenario.name,
    fault: { name: 'insights-retention', class: 'memory-leak-references', params: { intervalMs: 250, batchSize: 5000 }, setByHand: { batchSize: 5000 } },
  });
  const html = renderDebriefReport(run, scenario);
  expect(html).toContain('5,000 rows (~320 B each) every 250 ms');
  expect(html).not.toContain('{batchSize}');
  expect(html).toMatch(/Set by hand for this run.*batchSize = 5000 \(the scenario&#39;s: 1500\)/);
  // a run without hand-set parameters says nothing of the kind
  expect(renderDebriefReport(base, findScenario('widget-render-leak'))).not.toContain('Set by hand');
});

test("a drill's debrief: the response's times from the incident's start, what removed the cause, every action listed and drawn", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, s)).toISOString().replace('Z', '+00:00');
  const drill = runRecordSchema.parse({
    ...record(),
    mode: 'drill',
    drill: { timeLimitMs: 1_200_000, holdMs: 60_000, outcome: 'resolved', endedBy: 'objective-held' },
    actions: [
      { at: at(31), role: 'learner', learner: `Ana ${evil}`, action: 'acknowledge', service: 'widget-api', detail: 'took the incident', result: 'ok', via: 'cli' },
      { at: at(33), role: 'learner', learner: 'Ana', action: 'restart', service: 'widget-api', detail: 'rolling restart of widget-api 4.3.1', result: 'ok' },
      { at: at(36), role: 'learner', learner: 'Bo', action: 'rollback', service: 'widget-api', detail: '4.3.1 → 4.1.0', result: 'ok' },
      { at: at(37), role: 'learner', learner: 'Bo', action: 'set', service: 'widget-api', detail: 'nope', result: 'refused: VALIDATION_FAILED: x' },
    ],
    response: {
      acknowledgedAt: at(31),
      acknowledgedBy: 'Ana',
      mitigatedAt: at(41),
      resolvedAt: at(38),
      resolvedBy: 'learners',
      resolvedWith: 'rollback widget-api: 4.3.1 → 4.1.0',
      restarts: 1,
      harmlessRollbacks: 0,
      timeToAcknowledgeMs: 21_000,
      timeToMitigateMs: 31_000,
      timeToResolveMs: 28_000,
    },
  });
  const html = renderDebriefReport(drill, findScenario('widget-render-leak'));
  expect(html).toContain('resolved by the learners, and the objective held again');
  for (const card of ['Time to acknowledge</div><div class="v">0:21 (Ana)', 'Time to mitigate</div><div class="v">0:31', 'Time to resolve</div><div class="v">0:28 (learners)']) {
    expect(html).toContain(card);
  }
  expect(html).toContain('What removed the cause:</b> rollback widget-api: 4.3.1 → 4.1.0');
  expect(html).toContain('refused: VALIDATION_FAILED: x');
  expect(html).not.toContain(`Ana </script>`);
  const island = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const data = JSON.parse(island) as { actions: Array<{ label: string; change: boolean }> };
  // the timeline draws what was done (refused attempts are in the table only)
  expect(data.actions.map((a) => [a.label, a.change])).toEqual([
    [`Ana ${evil}: acknowledge widget-api`, false],
    ['Ana: restart widget-api', false],
    ['Bo: rollback widget-api', true],
  ]);
});

test('the debrief says how busy the machine was, and warns when it was busy enough to hurt the unaffected', () => {
  const machine = (factor: number, load: number) => ({
    cores: 2,
    loadAverage1m: { start: load, end: load },
    cpuProbe: { ms: 18 * factor, referenceMs: 18, factor },
    adjustment: 'none',
    generatorStalls: { count: 7, totalMs: 1900, longestMs: 420, requestsTouched: 310 },
  });
  const quiet = renderDebriefReport({ ...record(), machine: machine(1.1, 0.4) }, undefined);
  expect(quiet).toContain('load average 0.4 → 0.4 on 2 cores; CPU probe 1.1× an idle core');
  expect(quiet).toContain('stalled 7 times (1.9 s in all), time left out of the latency of 310 requests');
  expect(quiet).not.toContain('The machine was busy');
  expect(renderDebriefReport({ ...record(), machine: machine(2.4, 1) }, undefined)).toContain('The machine was busy with other work');
  expect(renderDebriefReport({ ...record(), machine: machine(1.2, 5) }, undefined)).toContain('The machine was busy with other work');
  // an older record, without the entry, has no line
  expect(renderDebriefReport(record(), undefined)).not.toContain('Machine:');
});
