import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startUp, type UpProcess } from '../support/lab-cli';

/**
 * The console in Debian's chromium against a live embedded lab (`outage-lab up` from dist/), as a
 * class uses it: one lab and one quick run shared by every step, a learner page and an instructor
 * page side by side. Screenshots of both views go to test-output/screenshots/ (look at them).
 */

/** The little of the DOM the page functions below touch (the tests compile without the DOM library). */
interface PageElement {
  textContent: string | null;
  value: string;
  children: ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  dispatchEvent(event: unknown): boolean;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const Event: new (type: string, init?: { bubbles?: boolean }) => unknown;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');
const POSTMORTEM = readFileSync(path.join(__dirname, '..', 'fixtures', 'postmortems', 'db-pool-exhaustion--excellent.md'), 'utf8');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED the console browser tests: no chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

function printed(output: string, label: string): string {
  // the value after the line's last ": " (the labels say things like "(hand it out: export …)")
  const match = new RegExp(`^${label}[^\\n]*: (\\S+)$`, 'm').exec(output);
  if (!match) throw new Error(`\`up\` did not print "${label}":\n${output}`);
  return match[1]!;
}

(haveChromium ? describe : describe.skip)('the lab console in a real browser', () => {
  let up: UpProcess;
  let browser: Browser;
  let learner: Page;
  let instructor: Page;
  let url: string;
  let learnerToken: string;
  let adminToken: string;
  const cspViolations: string[] = [];
  const confirmations: string[] = [];
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'console-downloads-'));
  let trafficUntil = 0;
  let traffic: Promise<void> | undefined;

  /** Users of widget-api and storefront (the run loads widgetify only), so every chart has something to draw; bounded in time. */
  async function browse(seconds: number): Promise<void> {
    const lab = JSON.parse(readFileSync(path.join(up.dir, 'lab.json'), 'utf8')) as { services: Record<string, { url: string }> };
    trafficUntil = Date.now() + seconds * 1000;
    const paths = (i: number) => [
      [lab.services['widget-api']!.url, '/widgets'],
      [lab.services['widget-api']!.url, '/widgets/1'],
      [lab.services.storefront!.url, `/products/${1 + (i % 400)}`],
      [lab.services.storefront!.url, '/products?category=garden&page=1'],
      [lab.services.storefront!.url, '/no-such-page'],
    ] as const;
    let i = 0;
    while (Date.now() < trafficUntil) {
      const mix = paths(i);
      const [base, route] = mix[i % mix.length]!;
      i++;
      await fetch(`${base}${route}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.arrayBuffer(), () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Each person in a browser context of their own (their own cookies), as on their own laptop. */
  async function openPage(): Promise<Page> {
    const page = await (await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } })).newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await page.goto(url);
    return page;
  }

  async function logIn(page: Page, token: string, name?: string): Promise<void> {
    await page.waitForSelector('input[name=token]');
    if (name) await page.type('input[name=name]', name);
    await page.type('input[name=token]', token);
    await page.click('#login');
  }

  /**
   * Clicks an operation once every service's section has drawn its tables: a section above that
   * grows between finding the button and clicking moves it, and the click lands elsewhere (CI once
   * waited 60 s for a rollback that was never asked for). The confirmation must name the service.
   */
  async function operate(page: Page, service: string, op: string): Promise<void> {
    await tab(page, 'Operations');
    await page.waitForFunction(() => {
      const sections = Array.from(document.querySelectorAll('section.service-ops'));
      return sections.length > 0 && sections.every((s) => s.getAttribute('data-loaded') === 'yes');
    }, { timeout: 30_000 });
    const asked = confirmations.length;
    await page.click(`[data-service="${service}"] [data-op=${op}]`);
    for (let waited = 0; confirmations.length === asked && waited < 5_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(confirmations.slice(asked)).toEqual([expect.stringContaining(service)]);
  }

  async function tab(page: Page, name: string): Promise<void> {
    await page.click(`[data-tab="${name}"]`);
    await page.waitForSelector(`main[data-view="${name}"]`);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    up = await startUp(['--runs', path.join(os.tmpdir(), `console-runs-${process.pid}`)]);
    url = printed(up.output(), 'Console');
    adminToken = printed(up.output(), 'Instructor token');
    learnerToken = printed(up.output(), 'Learner token');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS });
    traffic = browse(150);
  }, 120_000);

  afterAll(async () => {
    trafficUntil = 0;
    await traffic;
    await browser?.close();
    if (up && up.process.exitCode === null) {
      const exited = new Promise((resolve) => up.process.once('exit', resolve));
      up.process.kill('SIGINT');
      await exited;
    }
  }, 90_000);

  test('a wrong token is refused on the login form', async () => {
    const page = await openPage();
    await logIn(page, 'not-the-token', 'Mallory');
    await page.waitForSelector('#login-error');
    expect(await page.$eval('#login-error', (e) => e.textContent)).toMatch(/opens nothing/);
    expect(await page.$('nav')).toBeNull();
    expect((await page.cookies()).length).toBe(0);
    await page.close();
  });

  test('the learner sees every chart draw data from the live lab', async () => {
    learner = await openPage();
    await logIn(learner, learnerToken, 'Ada Lovelace');
    await learner.waitForSelector('[data-role=learner]');
    // The learner's page offers no instructor action.
    expect(await learner.$('[data-tab="Run"]')).toBeNull();
    await tab(learner, 'Dashboards');
    await learner.waitForFunction(
      () => {
        const panels = Array.from(document.querySelectorAll('[data-panel]'));
        return panels.length >= 12 && panels.every((p) => Number(p.getAttribute('data-points')) > 0);
      },
      { timeout: 100_000, polling: 1_000 },
    ).catch(async (err: Error) => {
      const state = await learner.$$eval('[data-panel]', (ps) => ps.map((p) => `${p.getAttribute('data-panel')}=${p.getAttribute('data-points')}`));
      throw new Error(`${err.message}: ${state.join(' ')}`);
    });
    const panels = await learner.$$eval('[data-panel]', (ps) => ps.map((p) => ({ id: p.getAttribute('data-panel'), series: Number(p.getAttribute('data-series')) })));
    expect(panels.every((p) => p.series > 0)).toBe(true);
    expect(await learner.$$eval('[data-panel] canvas', (cs) => cs.length)).toBeGreaterThanOrEqual(12);
    await learner.click('[data-range="15"]');
    await learner.waitForSelector('.chip.active[data-range="15"]');
    await learner.click('[data-range="5"]');
  }, 120_000);

  test('the instructor starts a quick drill with a time limit', async () => {
    instructor = await openPage();
    await logIn(instructor, adminToken);
    await instructor.waitForSelector('[data-role=instructor]');
    await instructor.waitForSelector('select[name=scenario] option[value="db-pool-exhaustion"]');
    await instructor.select('select[name=scenario]', 'db-pool-exhaustion');
    await instructor.select('select[name=mode]', 'drill');
    await instructor.type('input[name=time-limit]', '4');
    await instructor.click('input[name=quick]');
    await instructor.click('#start-run');
    // The runner restarts widgetify first, so the run starts from a fresh process: seconds on a quiet machine, more on a busy one.
    await instructor.waitForSelector('[data-run-status=running]', { timeout: 150_000 }).catch(async (err: Error) => {
      const state = await instructor.evaluate(() => fetch('/api/instructor/runs/current').then((r) => r.text()));
      throw new Error(`${err.message}; the console says: ${state}`);
    });
  }, 180_000);

  test('the learner sees an alert appear during the run', async () => {
    await learner.waitForSelector('[data-alert="DatabaseConnectionsNearLimit"]', { timeout: 120_000 });
    const text = await learner.$eval('[data-alert="DatabaseConnectionsNearLimit"]', (e) => e.textContent ?? '');
    expect(text).toMatch(/since \d/);
  }, 130_000);

  test('the instructor releases a hint; the learner page shows it', async () => {
    await tab(learner, 'Incident');
    expect(await learner.$('[data-hint]')).toBeNull();
    await instructor.click('#release-hint');
    await instructor.waitForSelector('[data-action-note=ok]');
    await learner.waitForSelector('[data-hint="1"]', { timeout: 15_000 });
    // the brief names the system, never the scenario; it points at the console's hints
    const page = await learner.$eval('main', (e) => e.textContent ?? '');
    expect(page).not.toMatch(/db-pool-exhaustion|pool-unbounded/);
    expect(page).toContain('The hints your instructor releases appear under Hints on the Incident page.');
    expect(page).not.toContain('outage-lab hint');
  }, 30_000);

  test('the learner takes the incident and rolls back the latest release; the instructor sees both, with the time to acknowledge', async () => {
    await learner.click('#ack');
    await learner.waitForFunction(() => /Acknowledged at \d\d:\d\d/.test(document.querySelector('.incident .status')?.textContent ?? ''), { timeout: 15_000 });
    expect(await learner.$eval('.incident .status', (e) => e.textContent ?? '')).toContain('Ada Lovelace');
    expect(await learner.$('#ack')).toBeNull();
    await learner.screenshot({ path: path.join(SCREENSHOTS, 'learner-incident.png'), fullPage: true });

    // The latest release is the obvious suspect; in this incident it is harmless.
    await operate(learner, 'widgetify', 'rollback');
    await learner.waitForSelector('[data-service="widgetify"] [data-op-result]', { timeout: 60_000 });
    expect(await learner.$eval('[data-service="widgetify"] [data-op-result]', (e) => [e.getAttribute('data-op-result'), e.textContent])).toEqual(['ok', expect.stringMatching(/widgetify rolled back/)]);

    // The runner collects actions from the services' logs every few seconds.
    await instructor.waitForSelector('table.actions tr[data-action=rollback]', { timeout: 30_000 });
    const rows = await instructor.$$eval('table.actions tr', (trs) => trs.map((tr) => Array.from((tr as unknown as PageElement).querySelectorAll('td')).map((td) => td.textContent ?? '')));
    expect(rows.map((r) => [r[1], r[2], r[3], r[5]])).toEqual([
      ['Ada Lovelace', 'acknowledge', 'widgetify', 'ok'],
      ['Ada Lovelace', 'rollback', 'widgetify', 'ok'],
    ]);
    expect(await instructor.$eval('[data-time=acknowledge]', (e) => e.textContent)).toMatch(/^\d+:\d\d$/);
    expect(await instructor.$eval('.response', (e) => e.textContent ?? '')).toContain('1 harmless rollback');
    expect(await instructor.$eval('.response', (e) => e.getAttribute('data-resolved-by'))).toBe('none');
    // the status line lists the alerts the run recorded as fired, and says where pending ones are
    const fired = await instructor.$eval('[data-alerts-fired]', (e) => [Number(e.getAttribute('data-alerts-fired')), e.textContent ?? ''] as const);
    expect(fired[1]).toMatch(fired[0] > 0 ? /^alerts fired in this run: \d\d:\d\d(:\d\d)? [A-Z]\w+/ : /^alerts fired in this run: none yet \(pending ones are in the Alerts panel\)$/);
    await instructor.screenshot({ path: path.join(SCREENSHOTS, 'instructor-drill-status.png'), fullPage: true });
  }, 120_000);

  test('the instructor stops the run while it plays', async () => {
    expect(await instructor.$eval('[data-run-status]', (e) => e.getAttribute('data-run-status'))).toBe('running');
    await instructor.click('#stop-run');
    await instructor.waitForFunction(() => document.querySelector('[data-run-status]')?.getAttribute('data-run-status') === 'interrupted', { timeout: 90_000 });
    expect(await instructor.$eval('.run-state', (e) => e.textContent)).toBe('interrupted');
  }, 100_000);

  test('the learner takes two heap snapshots and reads a diff row', async () => {
    await tab(learner, 'Heap');
    // storefront, outside the run (a snapshot pauses the service it is taken of): its page cache grows with the traffic above
    await learner.select('select[name=heap-service]', 'storefront');
    for (const n of [1, 2]) {
      await learner.click('#take-snapshot');
      await learner.waitForFunction((k) => Number(document.querySelector('[data-snapshot-count]')?.getAttribute('data-snapshot-count')) >= k, { timeout: 60_000 }, n);
      await learner.waitForSelector('#take-snapshot:not([disabled])');
    }
    const ids = await learner.$$eval('select[name=after] option', (os) => os.map((o) => (o as unknown as PageElement).value).filter(Boolean));
    await learner.select('select[name=before]', ids[ids.length - 1]!);
    await learner.select('select[name=after]', ids[0]!);
    await learner.click('#diff-snapshots');
    await learner.waitForSelector('.diff-row', { timeout: 60_000 });
    const row = await learner.$eval('.diff-row', (r) => Array.from((r as unknown as PageElement).querySelectorAll('td')).map((td) => td.textContent ?? ''));
    expect(row[0]).not.toBe('');
    expect(row[2]).toMatch(/^\+\d+/);
    const file = await learner.$eval('a[href*="/api/heap/snapshots/"]', (a) => a.getAttribute('href'));
    expect(file).toMatch(/\/file$/);
  }, 150_000);

  test('the learner restarts a service, after confirming, and sees the result', async () => {
    await operate(learner, 'partner-api', 'restart');
    await learner.waitForSelector('[data-service="partner-api"] [data-op-result]', { timeout: 60_000 });
    expect(await learner.$eval('[data-service="partner-api"] [data-op-result]', (e) => [e.getAttribute('data-op-result'), e.textContent])).toEqual([
      'ok',
      expect.stringMatching(/partner-api.*restart/),
    ]);
  }, 70_000);

  test('the learner submits a postmortem', async () => {
    await tab(learner, 'Postmortem');
    await learner.waitForSelector('textarea[name=postmortem]');
    await learner.$eval(
      'textarea[name=postmortem]',
      (el, text) => {
        (el as unknown as PageElement).value = text;
        (el as unknown as PageElement).dispatchEvent(new Event('input', { bubbles: true }));
      },
      POSTMORTEM,
    );
    await learner.click('#save-postmortem');
    await learner.waitForSelector('[data-saved=yes]');
  }, 30_000);


  test('the instructor closes the run; the learner gets graded feedback; the gradebook downloads', async () => {
    await instructor.waitForSelector('.submissions tbody tr');
    await instructor.waitForSelector('#close-run:not([disabled])');
    await instructor.click('#close-run');
    await instructor.waitForSelector('[data-action-note=ok]');
    await instructor.waitForFunction(() => /\d+%/.test(document.querySelector('.submissions tbody')?.textContent ?? ''), { timeout: 15_000 });
    await instructor.screenshot({ path: path.join(SCREENSHOTS, 'instructor-run.png'), fullPage: true });

    await learner.waitForSelector('[data-feedback]', { timeout: 20_000 });
    expect(await learner.$eval('.feedback', (e) => e.textContent ?? '')).toMatch(/Your grade: \d+(\.\d+)?%/);
    await learner.screenshot({ path: path.join(SCREENSHOTS, 'learner-postmortem-feedback.png'), fullPage: true });

    await instructor.click('#gradebook');
    const deadline = Date.now() + 15_000;
    while (!readdirSync(downloads).includes('gradebook.csv') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const csv = readFileSync(path.join(downloads, 'gradebook.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^learner,file,status/);
    expect(csv).toMatch(/^ada-lovelace,ada-lovelace\.md,graded,/m);
  }, 150_000);

  test('the learner dashboards after the incident (screenshot)', async () => {
    await tab(learner, 'Dashboards');
    await learner.waitForFunction(() => document.querySelectorAll('[data-panel] canvas').length >= 12, { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await learner.screenshot({ path: path.join(SCREENSHOTS, 'learner-dashboards.png'), fullPage: true });
    await tab(learner, 'Logs');
    await learner.waitForFunction(() => Number(document.querySelector('[data-log-count]')?.getAttribute('data-log-count')) > 0, { timeout: 20_000 });
    // The page-not-found requests of the traffic above: storefront, 4xx
    await learner.select('select[name=service]', 'storefront');
    await learner.type('input[name=status]', '4xx');
    await learner.click('.toolbar button[type=submit]');
    await learner.waitForFunction(
      () => {
        const rows = Array.from(document.querySelectorAll('table.logs tbody tr'));
        return rows.length > 0 && rows.every((r) => r.children[1]?.textContent === 'storefront' && r.children[3]?.textContent === '404');
      },
      { timeout: 20_000 },
    );
    await learner.screenshot({ path: path.join(SCREENSHOTS, 'learner-logs.png') });
  }, 60_000);

  test('the learner records a CPU profile and sees the flame graph; the .cpuprofile downloads', async () => {
    await tab(learner, 'CPU profile');
    await learner.select('select[name=profile-service]', 'storefront');
    await learner.$eval('input[name=seconds]', (el) => {
      (el as unknown as PageElement).value = '2';
      (el as unknown as PageElement).dispatchEvent(new Event('input', { bubbles: true }));
    });
    await learner.click('#record-profile');
    await learner.waitForSelector('.flame[data-flame=drawn] svg rect', { timeout: 60_000 });
    expect(await learner.$$eval('.flame svg rect', (rects) => rects.length)).toBeGreaterThan(5);
    const href = await learner.$eval('a[href*="/api/profiles/"]', (a) => a.getAttribute('href'));
    const profile = (await learner.evaluate((url) => fetch(url!).then((r) => r.json()), href)) as { nodes: unknown[] };
    expect(profile.nodes.length).toBeGreaterThan(10);
    await learner.screenshot({ path: path.join(SCREENSHOTS, 'learner-cpu-profile.png') });
  }, 90_000);

  test('no Content-Security-Policy violation on either page', () => {
    expect(cspViolations).toEqual([]);
  });
});
