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
