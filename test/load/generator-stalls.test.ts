import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { measureImpact, runLoad } from '../../load';
import { StallWatch } from '../../load/generator-stalls';
import { serviceLatencyMs } from '../../load/request-record';

/** Blocks this process's event loop: what a busy machine or a GC does to the load generator. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('a stall of the watching process is measured, also while it is still going on', async () => {
  const watch = new StallWatch().start();
  await new Promise((r) => setTimeout(r, 30));
  const before = performance.now();
  block(250);
  // a response handled first thing after the stall comes before the late tick: the open gap counts
  expect(watch.overlapMs(before)).toBeGreaterThanOrEqual(200);
  await new Promise((r) => setTimeout(r, 30));
  const stats = watch.stats();
  // at least the one made here (a loaded machine stalls the test process by itself too)
  expect(stats.count).toBeGreaterThanOrEqual(1);
  expect(stats.longestMs).toBeGreaterThanOrEqual(200);
  // a request sent after the stall was not touched by it
  expect(watch.overlapMs(performance.now() - 20)).toBe(0);
  watch.stop();
});

describe('the load generator judges latency without its own stalls', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    // In its own process, so that blocking the generator does not block the service.
    server = spawn(
      process.execPath,
      ['-e', "const s=require('http').createServer((q,r)=>setTimeout(()=>r.end('ok'),100)).listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [port] = (await once(server.stdout!, 'data')) as [Buffer];
    url = `http://127.0.0.1:${port.toString().trim()}`;
  });
  afterAll(async () => {
    server.kill('SIGKILL');
    if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  });

  test('requests in flight while the generator stalls are measured long, and judged on what the service took', async () => {
    // the service answers in 100 ms, so requests are always in flight when the stall comes
    const stall = setTimeout(() => block(600), 700);
    const { records, summary } = await runLoad({ baseUrl: url, shape: { kind: 'steady', rate: 40, durationMs: 2000 }, mix: [{ path: '/' }], users: 40, progress: false });
    clearTimeout(stall);
    expect(summary.generatorStalls!.count).toBeGreaterThanOrEqual(1);
    expect(summary.generatorStalls!.longestMs).toBeGreaterThanOrEqual(500);
    const inflated = records.filter((r) => r.latencyMs > 400);
    expect(inflated.length).toBeGreaterThan(0); // the stall did lengthen what was measured...
    for (const r of inflated) expect(r.generatorStallMs).toBeGreaterThan(250);
    // ...and what the service took stays what it was (a loose bound: the machine is shared)
    expect(Math.max(...records.map(serviceLatencyMs))).toBeLessThan(300);
    expect(measureImpact(records, { latencyObjectiveMs: 300 }).users.affected).toBe(0);
    // without the discount the same records would have hurt users
    expect(measureImpact(records.map(({ generatorStallMs: _s, ...r }) => r), { latencyObjectiveMs: 300 }).users.affected).toBeGreaterThan(0);
  });
});
