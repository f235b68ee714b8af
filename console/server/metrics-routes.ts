import express, { type Router } from 'express';
import { AppError } from '../../services/kit/errors';
import { LocalMetrics } from '../metrics/local-metrics';
import type { MetricsBackend } from '../metrics/metrics-backend';
import { findPanel, legendOf, PANELS } from '../metrics/panels';

/** The time ranges the charts offer (minutes). */
export const RANGES_MINUTES = [5, 15, 60] as const;
/** About this many points across a chart, whatever its range. */
const POINTS = 180;

/** GET /api/panels (the list), /api/panels/:id?minutes=5|15|60 (the data, for uPlot), /api/alerts. */
export function metricsRouter(backend: MetricsBackend): Router {
  const router = express.Router();
  router.get('/panels', (_req, res) => {
    const store = backend instanceof LocalMetrics ? { series: backend.store.seriesCount, bytes: backend.store.bytes, dropped: backend.store.dropped } : null;
    res.json({ source: backend.kind, intervalMs: backend.intervalMs, store, ranges: RANGES_MINUTES, panels: PANELS.map(({ id, title, unit }) => ({ id, title, unit })) });
  });
  router.get('/panels/:id', async (req, res) => {
    const panel = findPanel(req.params.id);
    if (!panel) throw new AppError('NOT_FOUND', `No panel named ${req.params.id}`);
    const minutes = Number(req.query.minutes ?? 5);
    if (!(RANGES_MINUTES as readonly number[]).includes(minutes)) throw new AppError('VALIDATION_FAILED', `minutes must be one of ${RANGES_MINUTES.join(', ')}`);
    // Steps on multiples of the scrape interval, aligned to the clock: the same steps on every refresh.
    const step = Math.max(backend.intervalMs, Math.ceil((minutes * 60_000) / POINTS / backend.intervalMs) * backend.intervalMs);
    const end = Math.floor(Date.now() / step) * step;
    const start = end - minutes * 60_000;
    const series: Array<{ label: string; values: Array<number | null> }> = [];
    let times: number[] = [];
    for (const query of panel.queries) {
      const result = await backend.range(query.expr, start, end, step);
      times = result.times;
      for (const s of result.series) series.push({ label: legendOf(query.legend, s.labels), values: s.values });
    }
    series.sort((a, b) => a.label.localeCompare(b.label));
    res.json({ id: panel.id, title: panel.title, unit: panel.unit, times: times.map((t) => t / 1000), series });
  });
  router.get('/alerts', async (_req, res) => {
    res.json({ source: backend.kind, alerts: await backend.alerts() });
  });
  return router;
}
