import { z } from 'zod';
import type { FaultRegistry } from '../kit/fault-registry';
import type { ReadThroughCache } from '../kit/read-through-cache';
import { DEFAULT_INSIGHTS_OPTIONS, type UsageInsights } from './usage-insights';
import type { WidgetComposer } from './widget-composer';
import type { WidgetDefinition } from './widget-repository';

export interface WidgetApiParts {
  insights: UsageInsights;
  composer: WidgetComposer;
  definitions: ReadThroughCache<WidgetDefinition>;
}

/**
 * The widget-api's lab faults. Each switches a setting of ordinary code; the bug lives in that code.
 *
 * render-retention — incident 1. The composer keeps the frame of each live (complex) widget it drew
 * (its ~130 sparklines: samples, box, markup), and every complex render brings every kept frame up
 * to date. With the fault the frame key carries the render's sequence number, so every complex
 * render keeps a new frame and no frame is ever replaced. Measured here (heap after GC, 300 renders
 * each): 121 KB per complex render at 4 points, 166 KB at 8, 256 KB at 16, so ≈ 130 × (585 + 87 ×
 * historyPoints) bytes. Each kept frame also costs every later complex render ~0.7-0.9 ms of redraw
 * CPU plus a timer tick (≥ 1 ms) of pause after it (a frame per slice, two renders at a time): complex renders slow down with the frames kept and queue once
 * the frames cost more than a second's share (~1 / (renders per second × ms per frame) frames), while
 * simple renders and other routes neither leak nor wait.
 *
 * insights-retention — incident 2. The usage-insights feature ("deployed" by this fault) runs
 * without its trendWindow setting, so the trend's list of recent batches is never trimmed and
 * keeps every row it processed. A row is ~320 bytes (object, id string, user id, action, Date;
 * measured 633 KB/s at the defaults), so retention ≈ batchSize × 320 B per intervalMs, independent
 * of traffic. The listing and /insights read usage over the recent batches, two reads at a time,
 * pausing a timer tick every 250 rows (~5.2 µs a row of which ~0.9 µs CPU, measured over 100k rows),
 * so with the fault they walk everything kept: data reads slow down with time, queue, then time
 * out, while lookups stay fast because the walks mostly wait. Switching off stops the job; what it kept stays until restart.
 */
/** The documented arithmetic above, for tests and benchmarks: bytes a complex render retains. */
export function renderRetentionBytesPerRender(historyPoints: number): number {
  return 130 * (585 + 87 * historyPoints);
}

/** Bytes the insights job retains per second with the fault on. */
export function insightsRetentionBytesPerSecond(params: { intervalMs: number; batchSize: number }): number {
  return (params.batchSize * 320 * 1000) / params.intervalMs;
}

export function registerWidgetApiFaults(faults: FaultRegistry, { insights, composer }: WidgetApiParts): void {
  const healthyComposer = { ...composer.options };
  faults.define({
    name: 'render-retention',
    description: 'Every complex render keeps a frame of its ~130 sparklines, and later renders redraw every kept frame',
    params: z.object({ historyPoints: z.number().int().min(2).max(4_096).default(8) }),
    enable: ({ historyPoints }) => {
      Object.assign(composer.options, { sparklinePoints: historyPoints, framePerRender: true });
    },
    disable: () => {
      Object.assign(composer.options, healthyComposer);
    },
  });

  faults.define({
    name: 'insights-retention',
    description: 'The usage-insights job runs and keeps every batch it processed (batchSize rows per intervalMs)',
    params: z.object({
      intervalMs: z.number().int().min(50).max(60_000).default(1_000),
      batchSize: z.number().int().min(1).max(50_000).default(2_000),
    }),
    enable: ({ intervalMs, batchSize }) => {
      const { trendWindow: _, ...withoutWindow } = DEFAULT_INSIGHTS_OPTIONS;
      insights.start({ ...withoutWindow, intervalMs, batchSize });
    },
    disable: () => insights.stop(),
  });
}
