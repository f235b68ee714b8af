import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { bytes } from '../heap/diff-report';
import { downloadHeapSnapshot, type DownloadResult } from '../heap/snapshot-download';
import { ServiceProcess } from '../lab/service-process';
import type { Benchmark } from './benchmark';

const TARGET_HEAP_MB = 100;
const TARGET_DIFF_MS = 20_000;
const TARGET_DIFF_RSS = 1.5 * 1024 ** 3;
const TOKEN = 'heap-bench';

/**
 * A service with about 100 MB of heap (the leaky fixture on the service kit, grown with ordinary
 * objects, leaking OrderReceipts meanwhile): two snapshots through the admin API, then
 * `outage-lab heap diff` in a child process, timed, with its peak RSS. Also how long the service
 * stopped answering while V8 took each snapshot, and how much its RSS rose.
 */
export default {
  name: 'heap-diff',
  description: `diff two snapshots of a service with ~${TARGET_HEAP_MB} MB of heap (target < ${TARGET_DIFF_MS / 1000} s, < ${bytes(TARGET_DIFF_RSS)})`,
  async run() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heap-bench-'));
    const service = new ServiceProcess({
      name: 'leaky-fixture',
      entry: path.join(__dirname, '..', 'test', 'heap', 'fixtures', 'leaky-service.js'),
      env: { PORT: '0', LAB_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'info', ARCHIVE_RECEIPTS: 'true' },
      maxOldSpaceMb: 512,
      logFile: path.join(dir, 'service.log'),
      restartOnExit: false,
    });
    try {
      const url = await service.start();
      await post(`${url}/__fixture/ballast?mb=${TARGET_HEAP_MB - 10}`);
      await orders(url, 0, 2000);
      const before = await snapshot(url, service.pid!, path.join(dir, 'before.heapsnapshot'));
      await orders(url, 2000, 4000);
      await post(`${url}/__fixture/ballast?mb=${TARGET_HEAP_MB}`);
      const after = await snapshot(url, service.pid!, path.join(dir, 'after.heapsnapshot'));
      for (const [name, s] of [['before', before], ['after', after]] as const) {
        console.log(
          `snapshot ${name}: heap used ${bytes(s.heapUsed)}, file ${bytes(s.download.bytes)}; service unresponsive ${s.stallMs} ms ` +
            `(V8 walked and wrote the heap in ${s.download.pauseMs} ms; scrubbing took ${s.download.scrubMs} ms more, serving meanwhile); RSS ${bytes(s.rssBefore)} → peak ${bytes(s.rssPeak)} ` +
            `(+${bytes(s.rssPeak - s.rssBefore)}, ${(s.rssPeak / s.heapUsed).toFixed(1)}× the heap used)`,
        );
      }
      await service.stop();

      const diff = await diffInChild(before.download.file, after.download.file);
      console.log(
        `diff: ${(diff.wallMs / 1000).toFixed(1)} s wall (ratio to target ${(diff.wallMs / TARGET_DIFF_MS).toFixed(2)}), ` +
          `${(diff.cpuMs / 1000).toFixed(1)} s CPU (ratio ${(diff.cpuMs / TARGET_DIFF_MS).toFixed(2)}; wall exceeds CPU when the machine is busy), ` +
          `peak RSS ${bytes(diff.maxRssBytes)} (ratio to target ${(diff.maxRssBytes / TARGET_DIFF_RSS).toFixed(2)}); ` +
          `phases ${Object.entries(diff.timingsMs).map(([k, v]) => `${k} ${v} ms`).join(', ')}`,
      );
      console.log(`diff: ${diff.nodes.toLocaleString('en-US')} objects in "after"; top rows: ${diff.top.join(', ')}`);
    } finally {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
} satisfies Benchmark;

interface SnapshotFigures {
  download: DownloadResult;
  heapUsed: number;
  rssBefore: number;
  rssPeak: number;
  /** Longest wait for /healthz while the snapshot was taken: the event loop was blocked that long. */
  stallMs: number;
}

async function snapshot(url: string, pid: number, file: string): Promise<SnapshotFigures> {
  const memory = (await post(`${url}/__lab/gc`, TOKEN)) as { memory: NodeJS.MemoryUsage };
  const rssBefore = memory.memory.rss;
  await resetPeakRss(pid);
  let stallMs = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      stallMs = Math.max(stallMs, Math.round(performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const download = await downloadHeapSnapshot({ service: 'leaky-fixture', baseUrl: url, token: TOKEN, file });
  probing = false;
  await probe;
  return { download, heapUsed: memory.memory.heapUsed, rssBefore, rssPeak: await peakRss(pid), stallMs };
}

/** Linux: VmHWM in /proc/<pid>/status is the process's peak RSS; writing 5 to clear_refs resets it. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

async function resetPeakRss(pid: number): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
}

interface DiffFigures {
  wallMs: number;
  /** CPU time of the diff process: what the wall time would be on an idle machine (it is single-threaded). */
  cpuMs: number;
  maxRssBytes: number;
  timingsMs: Record<string, number>;
  nodes: number;
  top: string[];
}

async function diffInChild(before: string, after: string): Promise<DiffFigures> {
  const script = `
    const { diffHeapSnapshots } = require(${JSON.stringify(path.join(__dirname, '..', 'heap', 'heap-diff.js'))});
    diffHeapSnapshots(process.argv[1], process.argv[2]).then((d) => {
      const cpu = process.cpuUsage();
      console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: Math.round((cpu.user + cpu.system) / 1000), timingsMs: d.timingsMs, nodes: d.after.nodeCount, top: d.ranked.slice(0, 3).map((g) => g.name) }));
    });`;
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, before, after], { maxBuffer: 1024 * 1024 });
  return { wallMs: Math.round(performance.now() - started), ...JSON.parse(stdout) };
}

async function orders(url: string, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, k) => fetch(`${url}/orders/${i + k}`).then((r) => r.arrayBuffer())));
  }
}

async function post(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status}`);
  return res.json();
}
