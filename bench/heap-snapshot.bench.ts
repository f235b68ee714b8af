import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bytes } from '../heap/diff-report';
import { downloadHeapSnapshot } from '../heap/snapshot-download';
import { ServiceProcess } from '../lab/service-process';
import type { Benchmark } from './benchmark';

const HEAP_MB = 93;
/** The service's snapshot may cost at most this much more peak memory than Node's own v8.writeHeapSnapshot(). */
const TARGET_RATIO = 1.2;
const TOKEN = 'snapshot-bench';
const LEARNER_TOKEN = 'snapshot-bench-learner';

interface Figures {
  heapUsed: number;
  objects?: number;
  rssBefore: number;
  rssPeak: number;
  /** How long the service did not answer /healthz (the longest wait seen by a probe every 20 ms). */
  stallMs: number;
  pauseMs: number;
}

type Way = 'service endpoint (learner token)' | 'v8.writeHeapSnapshot()' | 'v8.getHeapSnapshot() collected (the endpoint before)';

/**
 * A snapshot's cost to the service: peak RSS and how long it stopped answering, for the same heap
 * (~93 MB of small objects, the leaky fixture's ballast) taken three ways, each in a fresh process:
 * the service's endpoint, Node's own v8.writeHeapSnapshot(), and the way the endpoint used to do
 * it (the stream collected into buffers). Target: the endpoint within 1.2× of writeHeapSnapshot.
 */
export default {
  name: 'heap-snapshot',
  description: `peak RSS and pause of a snapshot of a ${HEAP_MB} MB heap: the service's endpoint against v8.writeHeapSnapshot() (target ≤ ${TARGET_RATIO}×)`,
  async run() {
    const results = new Map<Way, Figures>();
    for (const way of ['service endpoint (learner token)', 'v8.writeHeapSnapshot()', 'v8.getHeapSnapshot() collected (the endpoint before)'] as Way[]) {
      results.set(way, await measure(way));
    }
    const base = results.get('v8.writeHeapSnapshot()')!;
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; each way in a fresh process with the same heap`);
    console.log('way                                                    heap used   RSS before → peak        rise       paused   peak vs writeHeapSnapshot');
    for (const [way, f] of results) {
      console.log(
        `${way.padEnd(54)} ${bytes(f.heapUsed).padStart(9)}   ${bytes(f.rssBefore).padStart(8)} → ${bytes(f.rssPeak).padStart(8)}   ${`+${bytes(f.rssPeak - f.rssBefore)}`.padStart(10)}   ${`${(f.pauseMs / 1000).toFixed(1)} s`.padStart(7)}   ${(f.rssPeak / base.rssPeak).toFixed(2)}×`,
      );
    }
    const endpoint = results.get('service endpoint (learner token)')!;
    const ratio = endpoint.rssPeak / base.rssPeak;
    console.log(`endpoint peak RSS ${ratio.toFixed(2)}× writeHeapSnapshot's (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}); pause ${(endpoint.pauseMs / base.pauseMs).toFixed(2)}× (stall seen by /healthz ${endpoint.stallMs} ms vs ${base.stallMs} ms)`);
  },
} satisfies Benchmark;

async function measure(way: Way): Promise<Figures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'snapshot-bench-'));
  const service = new ServiceProcess({
    name: 'leaky-fixture',
    entry: path.join(__dirname, '..', 'test', 'heap', 'fixtures', 'leaky-service.js'),
    env: { PORT: '0', LAB_ADMIN_TOKEN: TOKEN, LAB_LEARNER_TOKEN: LEARNER_TOKEN, LOG_LEVEL: 'info' },
    maxOldSpaceMb: 1024,
    logFile: path.join(dir, 'service.log'),
    restartOnExit: false,
  });
  try {
    const url = await service.start();
    await post(`${url}/__fixture/ballast?mb=${HEAP_MB}`);
    const memory = ((await post(`${url}/__lab/gc`, TOKEN)) as { memory: NodeJS.MemoryUsage }).memory;
    const pid = service.pid!;
    await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
    const probe = stallProbe(url);
    let pauseMs: number;
    if (way === 'service endpoint (learner token)') {
      const result = await downloadHeapSnapshot({ service: 'leaky-fixture', baseUrl: url, token: LEARNER_TOKEN, file: path.join(dir, 'out.heapsnapshot') });
      pauseMs = result.pauseMs ?? Number.NaN;
    } else {
      const route = way === 'v8.writeHeapSnapshot()' ? 'write-heap-snapshot' : 'collect-heap-snapshot';
      pauseMs = ((await post(`${url}/__fixture/${route}`)) as { pauseMs: number }).pauseMs;
    }
    const stallMs = await probe.stop();
    return { heapUsed: memory.heapUsed, rssBefore: memory.rss, rssPeak: await peakRss(pid), stallMs, pauseMs };
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function stallProbe(url: string): { stop(): Promise<number> } {
  let longest = 0;
  let probing = true;
  const loop = (async () => {
    while (probing) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer()).catch(() => undefined);
      longest = Math.max(longest, Math.round(performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      probing = false;
      await loop;
      return longest;
    },
  };
}

/** Linux: VmHWM in /proc/<pid>/status is the process's peak RSS since clear_refs was given 5. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

async function post(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status}`);
  return res.json();
}
