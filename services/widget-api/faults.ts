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
 * render-retention — incident 1. Complex widgets draw their sparklines from a fresh series per
 * render; the composer's series memo is keyed by render, so it keeps every series it ever drew.
 * A complex widget has 130 sparklines on average (1 part in 6 of 781); each keeps `historyPoints`
 * numbers and a map entry with its key. Measured here (heap after GC, 800 renders each): 194 B per
 * sparkline at 8 points, 452 B at 32, so ≈ 10.7 B per point + 110 B, and a complex render retains
 * ≈ 130 × (10.7 × historyPoints + 110) bytes: ≈ 59 KB at the default 32.
 * Simple widgets and other routes retain nothing. At the scenario's ~8 complex renders/s that is
 * ~0.47 MB/s, with ~150 KB of ordinary garbage per complex render: the 192 MB heap (~150 MB free)
 * fills in about 5 minutes at speed 1, and GC pressure (the slowdown) comes in its last minutes.
 *
 * insights-retention — incident 2. The usage-insights feature ("deployed" by this fault) runs
 * without its trendWindow setting, so the trend's list of recent batches is never trimmed and
 * keeps every row it processed. A row is ~320 bytes (object, id string, user id, action, Date;
 * measured 633 KB/s at the defaults), so retention ≈ batchSize × 320 B per intervalMs, independent
 * of traffic: ≈ 0.64 MB/s at the defaults (2,000 rows every second). Switching off stops the job; what it kept stays until restart.
 */
/** The documented arithmetic above, for tests and benchmarks: bytes a complex render retains. */
export function renderRetentionBytesPerRender(historyPoints: number): number {
  return 130 * (10.7 * historyPoints + 110);
}

/** Bytes the insights job retains per second with the fault on. */
export function insightsRetentionBytesPerSecond(params: { intervalMs: number; batchSize: number }): number {
  return (params.batchSize * 320 * 1000) / params.intervalMs;
}

export function registerWidgetApiFaults(faults: FaultRegistry, { insights, composer }: WidgetApiParts): void {
  const healthyComposer = { ...composer.options };
  faults.define({
    name: 'render-retention',
    description: 'Every complex render keeps its sparkline series (~130 × historyPoints doubles)',
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
