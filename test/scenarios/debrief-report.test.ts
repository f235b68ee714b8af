import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findScenario } from '../../scenarios/definitions';
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
});
