import cliProgress from 'cli-progress';
import type { RequestRecord } from './request-record';

/** Live counters of a load run, on one terminal line. */
export interface ProgressDisplay {
  record(record: RequestRecord): void;
  update(elapsedMs: number, stage: string): void;
  stop(): void;
}

const RECENT_MS = 5_000;

const noDisplay: ProgressDisplay = { record() {}, update() {}, stop() {} };

/** A cli-progress bar on stdout when it is a terminal and `enabled`; otherwise nothing. */
export function createProgress(totalMs: number, enabled: boolean): ProgressDisplay {
  if (!enabled || !process.stdout.isTTY) return noDisplay;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stdout,
      format: 'load [{bar}] {elapsed}/{total}s {stage} | {sent} done | {rps} req/s, p95 {p95} ms (last 5 s) | {errors} errors, {non2xx} non-2xx',
      hideCursor: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const totalS = Math.ceil(totalMs / 1000);
  let sent = 0;
  let errors = 0;
  let non2xx = 0;
  // recent [t, latencyMs] pairs for a rolling p95 and rate; dropped as they age
  let recent: Array<[number, number]> = [];
  bar.start(totalS, 0, { elapsed: 0, total: totalS, stage: '', sent: 0, rps: 0, p95: '-', errors: 0, non2xx: 0 });
  return {
    record(r) {
      sent++;
      if (r.status === 0 && r.error !== 'cancelled') errors++;
      else if (r.status > 0 && (r.status < 200 || r.status > 299)) non2xx++;
      if (r.status > 0) recent.push([r.t, r.latencyMs]);
    },
    update(elapsedMs, stage) {
      const now = Date.now();
      recent = recent.filter(([t]) => now - t <= RECENT_MS);
      const sorted = recent.map(([, ms]) => ms).sort((a, b) => a - b);
      const p95 = sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1].toFixed(0) : '-';
      const window = Math.min(RECENT_MS, Math.max(elapsedMs, 1)) / 1000;
      const elapsed = Math.min(totalS, Math.floor(elapsedMs / 1000));
      bar.update(elapsed, { elapsed, stage, sent, rps: (recent.length / window).toFixed(0), p95, errors, non2xx });
    },
    stop() {
      bar.stop();
    },
  };
}
