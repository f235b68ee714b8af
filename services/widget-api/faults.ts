import { deliverFault } from '../../catalogue/fault-delivery';
import { insightsRetentionParams, renderRetentionParams } from './fault-params';

/**
 * The widget-api's faults, as they arrive: releases. This module is the instructor's side (the
 * catalogue's): the service never loads it, it only sees the release and its configuration.
 *
 * render-retention — incident 1, release 4.2.0. The composer keeps the frame of each live (complex)
 * widget it drew (its ~130 sparklines: samples, box, markup), and every complex render brings every
 * kept frame up to date. The release keys frames by render (`composer.framePerRender`), so every
 * complex render keeps a new frame and no frame is ever replaced. Measured here (heap after GC, 300
 * renders each): 121 KB per complex render at 4 points, 166 KB at 8, 256 KB at 16, so ≈ 130 × (585
 * + 87 × historyPoints) bytes. The frame is kept as soon as the widget is composed, before the
 * render waits its turn (two at a time) to move every kept frame on by a sample, with a timer tick
 * (≥ 1 ms) between frames: so the heap grows with the complex renders asked for, even once they
 * queue and time out, and complex renders slow down by ~1 ms per frame kept, mostly waiting (the
 * samples they move on are the garbage that keeps the collector busier as the heap fills), while
 * simple renders and other routes neither leak nor wait. Rolling the release back (a redeploy: the
 * kept frames go with the old process) removes it; a restart alone only empties what was kept.
 *
 * insights-retention — incident 2, release 4.3.0. It switches the usage-insights feature on, and its
 * job runs without a trend window (`insights.trendWindow` 0), so the trend's list of recent batches
 * is never trimmed and keeps every row it processed. A row is ~320 bytes (object, id string, user
 * id, action, Date; measured 633 KB/s at the defaults), so retention ≈ batchSize × 320 B per
 * intervalMs, independent of traffic. The listing and /insights read usage over the recent
 * batches, two reads at a time, pausing a timer tick every 250 rows (~5.2 µs a row of which ~0.9 µs
 * CPU, measured over 100k rows), so with the fault they walk everything kept: data reads slow down
 * with time, queue, then time out, while lookups stay fast because the walks mostly wait. Rolling
 * back, or switching the feature off (`ops set widget-api features.usageInsights=false`), stops the
 * job; what it kept stays until the process restarts.
 */
/** The documented arithmetic above, for tests and benchmarks: bytes a complex render retains. */
export function renderRetentionBytesPerRender(historyPoints: number): number {
  return 130 * (585 + 87 * historyPoints);
}

/** Bytes the insights job retains per second with the fault on. */
export function insightsRetentionBytesPerSecond(params: { intervalMs: number; batchSize: number }): number {
  return (params.batchSize * 320 * 1000) / params.intervalMs;
}

export const widgetApiFaults = {
  'render-retention': deliverFault({
    description: 'Every complex render keeps a frame of its ~130 sparklines, and later renders redraw every kept frame',
    params: renderRetentionParams,
    arrives: { release: { version: '4.2.0', changelog: 'Live sparklines in complex widgets: charts continue from their latest samples' } },
    changes: ({ historyPoints }) => ({ 'composer.framePerRender': true, 'composer.sparklinePoints': historyPoints }),
    paramKeys: { historyPoints: 'composer.sparklinePoints' },
    present: (c) => c['composer.framePerRender'] === true,
  }),
  'insights-retention': deliverFault({
    description: 'The usage-insights job runs and keeps every batch it processed (batchSize rows per intervalMs)',
    params: insightsRetentionParams,
    arrives: { release: { version: '4.3.0', changelog: 'Usage insights: the most used widgets, summarised in the background' } },
    changes: ({ intervalMs, batchSize }) => ({ 'features.usageInsights': true, 'insights.trendWindow': 0, 'insights.intervalMs': intervalMs, 'insights.batchSize': batchSize }),
    paramKeys: { intervalMs: 'insights.intervalMs', batchSize: 'insights.batchSize' },
    present: (c) => c['features.usageInsights'] === true && c['insights.trendWindow'] === 0,
  }),
};
