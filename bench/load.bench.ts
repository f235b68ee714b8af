import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import type { Benchmark } from './benchmark';
import { runLoad } from '../load/run-load';

/**
 * The load generator against a 5 ms server in another process: does it send what the shape
 * plans, what does it cost in CPU, and what do its fresh connections per slice add to the
 * latency compared with plain autocannon on persistent connections at the same rate.
 */

const RATE = 200;
const SECONDS = 5;
/** targets: sent / planned; generator CPU per request (0.5 ms: at most 10% of a core at 200 req/s) */
const TARGET_SENT_SHARE = 0.98;
const TARGET_CPU_MS_PER_REQUEST = 0.5;

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => setTimeout(() => res.end('ok'), 5));
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));
`;

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [port] = (await once(child, 'message')) as [number];
  return { url: `http://127.0.0.1:${port}`, child };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export default {
  name: 'load',
  description: `load generator at ${RATE} req/s for ${SECONDS} s against a 5 ms local server`,
  async run() {
    const { url, child } = await startServer();
    try {
      const cpuBefore = process.cpuUsage();
      const { summary, records } = await runLoad({
        baseUrl: url,
        shape: { kind: 'steady', rate: RATE, durationMs: SECONDS * 1000 },
        mix: [{ path: '/x' }],
        progress: false,
      });
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / records.length;
      const sentShare = records.length / summary.planned;

      // burstiness: the most requests sent in any 50 ms window, against even spacing
      const times = records.map((r) => r.t).sort((a, b) => a - b);
      let burst = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 50) j++;
        burst = Math.max(burst, i - j + 1);
      }

      const plain: number[] = [];
      await autocannon({
        url,
        duration: SECONDS,
        overallRate: RATE,
        connections: 10,
        ignoreCoordinatedOmission: true,
        skipAggregateResult: true,
        setupClient: (client) => client.on('response', (_s: number, _b: number, ms: number) => plain.push(ms)),
      });
      plain.sort((a, b) => a - b);

      const l = summary.latencyMs!;
      console.log(`sent ${records.length} of ${summary.planned} planned (${(sentShare * 100).toFixed(1)}%), ${summary.throughput} req/s`);
      console.log(`  ratio to target (>= ${TARGET_SENT_SHARE * 100}%): ${(sentShare / TARGET_SENT_SHARE).toFixed(2)}`);
      console.log(`generator CPU ${cpuMsPerRequest.toFixed(3)} ms per request`);
      console.log(`  ratio to target (<= ${TARGET_CPU_MS_PER_REQUEST} ms): ${(cpuMsPerRequest / TARGET_CPU_MS_PER_REQUEST).toFixed(2)}`);
      console.log(`largest 50 ms burst: ${burst} requests (even spacing: ${(RATE * 0.05).toFixed(0)})`);
      console.log(`latency p50/p90/p99: ${l.p50}/${l.p90}/${l.p99} ms`);
      console.log(
        `  plain autocannon, persistent connections: ${[0.5, 0.9, 0.99].map((p) => percentile(plain, p).toFixed(1)).join('/')} ms`,
      );
    } finally {
      child.disconnect();
      child.kill();
    }
  },
} satisfies Benchmark;
