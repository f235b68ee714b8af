import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { routeMixFor, runLoad } from '../load';
import type { Benchmark } from './benchmark';

const CLI = path.join(__dirname, '..', '..', 'bin', 'outage-lab.js');

const WINDOW_S = Number(process.env.BENCH_CONSOLE_WINDOW_S ?? 30);
const ROUNDS = Number(process.env.BENCH_CONSOLE_ROUNDS ?? 2);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** `outage-lab up` on free ports, as the instructor runs it (the console in its process); resolves with what it printed. */
async function startUp(dir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'up', '--port-base', '0', '--dir', dir], {
    env: { ...process.env, LAB_LEARNER_TOKEN: 'bench-learner', LAB_ADMIN_TOKEN: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Learner token')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the lab did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output };
}

/**
 * Issue 13's targets: the console open in a browser adds under 2% CPU to the services, and the
 * page's first render is under 1 s on the lab. One lab under steady light traffic; windows with
 * no page and with the learner's dashboards open (12 charts refreshing every 3 s) alternate, and the
 * four services' CPU is read from /proc for each (and the `up` process's, where the console runs).
 * Then the first render, from navigation to the learner's page, and to all twelve charts drawn. The
 * lab is `outage-lab up` as a child process; the traffic comes from this process.
 */
export default {
  name: 'console',
  description: `the console's cost to the services (${ROUNDS} × ${WINDOW_S} s without and with the page open) and its first render`,
  async run() {
    if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (apt-get install chromium)`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'olab-bench-console-'));
    chmodSync(dir, 0o755);
    const up = await startUp(dir);
    const consoleUrl = /Console: (\S+)/.exec(up.output())![1]!;
    const state = JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8')) as { services: Record<string, { url: string; pid?: number }> };
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS });
    const stopLoad = new AbortController();
    const loads = (['widget-api', 'storefront', 'widgetify'] as const).map((service) =>
      runLoad({
        baseUrl: state.services[service]!.url,
        shape: { kind: 'steady', rate: 10, durationMs: 3_600_000 },
        segments: routeMixFor(service),
        users: 50,
        signal: stopLoad.signal,
        progress: false,
      }).catch(() => undefined),
    );
    const pids = Object.values(state.services).flatMap((s) => (s.pid ? [s.pid] : []));
    const servicesCpu = (): number => pids.reduce((n, pid) => n + cpuSeconds(pid), 0);
    const ownCpu = (): number => cpuSeconds(up.child.pid!);
    try {
      // Warm up: a minute of scrapes and traffic, so the charts have their series.
      await new Promise((r) => setTimeout(r, 20_000));
      const page = await (await browser.createBrowserContext()).newPage();
      await page.setViewport({ width: 1400, height: 1000 });

      // First render: log in once (the cookie), then time fresh navigations.
      await page.goto(consoleUrl);
      await page.waitForSelector('input[name=token]');
      await page.type('input[name=name]', 'Bench');
      await page.type('input[name=token]', 'bench-learner');
      await page.click('#login');
      await page.waitForSelector('nav');
      const renders: number[] = [];
      const charts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        await page.goto(consoleUrl);
        await page.waitForSelector('main[data-view]');
        renders.push(Date.now() - started);
        await page.click('[data-tab="Dashboards"]');
        await page.waitForFunction(() => {
          const panels = Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; querySelector(s: string): unknown }> } }).document.querySelectorAll('[data-panel]'));
          return panels.length >= 12 && panels.every((p) => p.querySelector('canvas') && Number(p.getAttribute('data-points')) > 0);
        }, { timeout: 30_000 });
        charts.push(Date.now() - started);
      }

      // Side by side: no page / page open, alternating, services' CPU per window.
      const without: number[] = [];
      const withPage: number[] = [];
      const consoleWithout: number[] = [];
      const consoleWith: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const open of [false, true]) {
          if (open) {
            await page.goto(consoleUrl);
            await page.waitForSelector('[data-tab="Dashboards"]');
            await page.click('[data-tab="Dashboards"]');
          } else await page.goto('about:blank');
          await new Promise((r) => setTimeout(r, 3_000));
          const [s0, c0] = [servicesCpu(), ownCpu()];
          await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
          const [s1, c1] = [servicesCpu(), ownCpu()];
          (open ? withPage : without).push((s1 - s0) / WINDOW_S);
          (open ? consoleWith : consoleWithout).push((c1 - c0) / WINDOW_S);
        }
      }
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
      const added = mean(withPage) - mean(without);
      const relative = added / mean(without);
      console.log(`  load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
      console.log(`  services' CPU (4 processes, share of one core; traffic 3 × 10 req/s)`);
      console.log(`    without the page: ${without.map(pct).join(', ')}  mean ${pct(mean(without))}`);
      console.log(`    dashboards open:  ${withPage.map(pct).join(', ')}  mean ${pct(mean(withPage))}`);
      console.log(`    added by the page: ${added >= 0 ? '+' : ''}${(added * 100).toFixed(2)} points of a core, ${(relative * 100).toFixed(1)}% of the services' own (target < 2%: ${relative < 0.02 ? 'met' : 'NOT met'})`);
      console.log(`  the \`up\` process (the console: scraping, serving the page, evaluating the charts): ${pct(mean(consoleWithout))} without, ${pct(mean(consoleWith))} with the page`);
      const panels = (await page.evaluate(() => fetch('/api/panels').then((r) => r.json()))) as { store: { series: number; bytes: number; dropped: number } | null };
      if (panels.store) console.log(`  the console's series store: ${panels.store.series} series, ${(panels.store.bytes / 1024 / 1024).toFixed(2)} MB, ${panels.store.dropped} dropped`);
      console.log(`  first render (navigation to the logged-in page): ${renders.join(', ')} ms (target < 1000 ms: ${Math.max(...renders) < 1000 ? 'met' : 'NOT met'})`);
      console.log(`  navigation to all 12 charts drawn with data: ${charts.join(', ')} ms`);
    } finally {
      stopLoad.abort();
      await Promise.all(loads);
      await browser.close();
      const exited = new Promise((resolve) => up.child.once('exit', resolve));
      up.child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  },
} satisfies Benchmark;
