import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../lab/lab';
import { portsFrom } from '../lab/lab-ports';
import { routeMixFor, runLoad } from '../load';
import { pageBytesPerKey, SESSION_BYTES_PER_CALL } from '../services/storefront/faults';
import { insightsRetentionBytesPerSecond, renderRetentionBytesPerRender } from '../services/widget-api/faults';
import type { Benchmark } from './benchmark';

const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const TOLERANCE = 0.2;

async function drive(url: string, count: number, pathFor: (i: number) => string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, j) => fetch(`${url}${pathFor(i + j)}`, { headers }).then((r) => r.arrayBuffer())),
    );
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

/**
 * Issue 3's targets. For each leak fault: configured (the arithmetic documented beside the fault)
 * versus measured bytes retained per request or per second, heap after forced GC; target ±20%.
 * Then a soak with every fault off under mixed load on all three services: the heap slope.
 */
export default {
  name: 'faults',
  description: `leak rates configured vs measured, and a ${SOAK_SECONDS} s healthy soak (BENCH_SOAK_SECONDS)`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-bench-'));
    chmodSync(dir, 0o755);
    const lab = await Lab.start({ dir, ephemeral: true, ports: portsFrom(0) });
    const heap = async (s: string): Promise<number> => (await lab.admin(s).gc()).memory.heapUsed;
    const report = (label: string, configured: number, measured: number, unit: string): void => {
      const ratio = measured / configured;
      const ok = Math.abs(ratio - 1) <= TOLERANCE;
      console.log(
        `  ${label.padEnd(26)} configured ${configured.toFixed(0).padStart(8)} ${unit}, measured ${measured.toFixed(0).padStart(8)} ${unit}, ` +
          `ratio ${ratio.toFixed(2)} (target 0.80-1.20: ${ok ? 'met' : 'NOT met'})`,
      );
    };
    const perRequest = async (service: string, fault: string, params: Record<string, unknown>, n: number, pathFor: (i: number) => string, headers?: Record<string, string>): Promise<number> => {
      await drive(lab.url(service), 200, pathFor, headers);
      await lab.admin(service).enableFault(fault, params);
      const before = await heap(service);
      await drive(lab.url(service), n, pathFor, headers);
      const measured = ((await heap(service)) - before) / n;
      await lab.admin(service).disableFault(fault);
      await lab.restart(service); // leaked memory stays until restart
      return measured;
    };
    try {
      // 300 renders: every render redraws the frames kept before it, so the run grows as the square.
      for (const points of [4, 8, 16]) {
        const measured = await perRequest('widget-api', 'render-retention', { historyPoints: points }, 300, (i) => `/widgets/${5 * (1 + (i % 40))}/render`);
        report(`render-retention (${points} pts)`, renderRetentionBytesPerRender(points), measured, 'B/render');
      }
      for (const params of [{ intervalMs: 1_000, batchSize: 2_000 }, { intervalMs: 500, batchSize: 500 }]) {
        await lab.admin('widget-api').enableFault('insights-retention', params);
        const before = await heap('widget-api');
        const started = Date.now();
        await new Promise((r) => setTimeout(r, 10_000));
        const measured = ((await heap('widget-api')) - before) / ((Date.now() - started) / 1000);
        await lab.admin('widget-api').disableFault('insights-retention');
        await lab.restart('widget-api');
        report(`insights-retention ${params.batchSize}/${params.intervalMs}ms`, insightsRetentionBytesPerSecond(params), measured, 'B/s');
      }
      const sessions = await perRequest('storefront', 'recommendation-sessions', { rolloutPercent: 100 }, 600, (i) => `/products/${1 + ((i * 37) % 5000)}/recommendations`, { 'x-user-id': 'u1' });
      report('recommendation-sessions', SESSION_BYTES_PER_CALL, sessions, 'B/call');
      let ref = 0;
      for (const currency of ['EUR', 'USD'] as const) {
        const pages = await perRequest('storefront', 'page-cache-unbounded', {}, 3_000, (i) => `/products/${1 + (i % 5000)}?currency=${currency}&ref=k${ref++}`);
        report(`page-cache-unbounded ${currency}`, pageBytesPerKey(currency), pages, 'B/key');
      }

      console.log(`  healthy soak: ${SOAK_SECONDS} s of mixed traffic on all three services, every fault off`);
      const services = ['widget-api', 'storefront', 'widgetify'] as const;
      const samples = new Map<string, Array<[number, number]>>(services.map((s) => [s, []]));
      const start = Date.now();
      const loads = services.map((s) =>
        runLoad({
          baseUrl: lab.url(s),
          shape: { kind: 'steady', rate: s === 'widget-api' ? 20 : 40, durationMs: SOAK_SECONDS * 1000 },
          segments: routeMixFor(s, { distinctKeys: s === 'storefront' }),
          users: 300,
          seed: 11,
          progress: false,
        }),
      );
      const sampler = (async () => {
        // Skip the first quarter: caches fill up to their bounds then.
        await new Promise((r) => setTimeout(r, (SOAK_SECONDS * 1000) / 4));
        while (Date.now() - start < SOAK_SECONDS * 1000 - 5_000) {
          for (const s of services) samples.get(s)!.push([(Date.now() - start) / 60_000, await heap(s)]);
          await new Promise((r) => setTimeout(r, 10_000));
        }
      })();
      const results = await Promise.all(loads);
      await sampler;
      services.forEach((s, i) => {
        const points = samples.get(s)!;
        const kbPerMinute = points.length > 2 ? slope(points) / 1024 : NaN;
        const hourMb = (kbPerMinute * 60) / 1024;
        console.log(
          `  ${s.padEnd(12)} heap slope ${kbPerMinute.toFixed(1)} KB/min over ${points.length} samples ` +
            `(${hourMb.toFixed(1)} MB per hour of session; ${results[i]!.summary.requests} requests, ${results[i]!.summary.errors} errors)`,
        );
      });
    } finally {
      await lab.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
} satisfies Benchmark;
