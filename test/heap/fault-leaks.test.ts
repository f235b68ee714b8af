import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HeapDiff } from '../../heap/heap-diff';
import { grewNamed, rowHeldThrough, runLeakProcedure, type LeakProcedure } from './helpers/leak-procedure';
import { drive, startService, type RunningService } from './helpers/service-under-test';
import { createTestDatabase } from '../support/test-database';

/**
 * The learner's procedure on the real services: snapshot, fault on, traffic, snapshot, diff. The
 * diff must put the structure holding the leaked objects in its top three, with a retainer path into
 * the code responsible; the same procedure with the fault off must show no such growth.
 */

interface LeakCase {
  service: 'widget-api' | 'storefront';
  fault: string;
  params?: Record<string, unknown>;
  warmUp: (url: string) => Promise<void>;
  drive: (url: string) => Promise<void>;
  /** Names of the rows that may carry the leak (the leaked objects or what holds them). */
  rows: RegExp;
  /** What the retainer path must pass through, in order. */
  through: RegExp[];
  /** Leaked rows that must not grow with the fault off. */
  control: RegExp;
}

const cases: LeakCase[] = [
  {
    service: 'widget-api',
    fault: 'render-retention',
    warmUp: (url) => renders(url, 0, 100),
    drive: (url) => renders(url, 100, 600),
    rows: /./,
    through: [/WidgetComposer|composer/i],
    // ComposedPart and RenderedWidget are plain objects, named by their first properties.
    control: /^(Object \{key, type, box, markup, …\}|Object \{name, kind, html\}|Object \{x, y, width, height\})$/,
  },
  {
    service: 'widget-api',
    fault: 'insights-retention',
    warmUp: async () => undefined,
    // Timer-driven: memory grows with time, not with requests.
    drive: () => new Promise((resolve) => setTimeout(resolve, 8_000)),
    rows: /./,
    through: [/UsageInsights|insights/i],
    control: /^Object \{id, user_id, action, …\}|^Object \{id, user_id, action, at\}$/,
  },
  {
    service: 'storefront',
    fault: 'recommendation-sessions',
    warmUp: (url) => recommendations(url, 0, 100),
    drive: (url) => recommendations(url, 100, 500),
    rows: /^(RecommendationSession|onReindex\(\)|Array|Float64Array)$/,
    through: [/RecommendationEngine/, /\._events/, /\.reindex/],
    control: /^(RecommendationSession|onReindex\(\))$/,
  },
  {
    service: 'storefront',
    fault: 'page-cache-unbounded',
    // Fill the bounded cache first, so that more distinct keys only replace entries when it works.
    warmUp: (url) => productPages(url, 0, 2_200),
    drive: (url) => productPages(url, 2_200, 3_700),
    rows: /^(Object \{title, price, html\}|Map)$/,
    through: [/ReadThroughCache/, /\.store → Map/],
    control: /^Object \{title, price, html\}$/,
  },
];

const SERVICE_ENTRY = { 'widget-api': 'services/widget-api/server.js', storefront: 'services/storefront/server.js' } as const;

/** The faults are written in issue 3; each case runs once its fault is defined in the service's source. */
function faultDefined(service: string, fault: string): boolean {
  const source = readFileSync(path.join(__dirname, '..', '..', 'services', service, 'faults.ts'), 'utf8');
  return source.includes(`'${fault}'`);
}

describe.each(cases)('heap diff on $service with $fault', (leak) => {
  const test = faultDefined(leak.service, leak.fault) ? it : it.skip;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let service: RunningService | undefined;

  beforeAll(async () => {
    if (!faultDefined(leak.service, leak.fault)) return;
    database = await createTestDatabase('heap_faults');
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const procedure = (url: string, withFault: boolean): LeakProcedure => ({
    warmUp: () => leak.warmUp(url),
    drive: () => leak.drive(url),
    ...(withFault ? { fault: { name: leak.fault, ...(leak.params ? { params: leak.params } : {}) } } : {}),
  });

  const run = async (withFault: boolean): Promise<HeapDiff> => {
    service = await startService(SERVICE_ENTRY[leak.service], { DATABASE_URL: database!.url }, 96);
    return runLeakProcedure(service, procedure(service.url, withFault));
  };

  test('names the structure holding the leaked objects, with a path into the code responsible', async () => {
    const diff = await run(true);
    const row = rowHeldThrough(diff, leak.rows, leak.through);
    expect(row.countAfter - row.countBefore).toBeGreaterThan(0);
  });

  test('shows no such growth with the fault off', async () => {
    const diff = await run(false);
    expect(grewNamed(diff, leak.control, 50)).toEqual([]);
    const held = diff.ranked.slice(0, 3).filter((g) => leak.through.every((re) => re.test(JSON.stringify(g.example?.path ?? []))));
    expect(held.filter((g) => g.retainedGrowth > 256 * 1024)).toEqual([]);
  });
});

async function renders(url: string, from: number, to: number): Promise<void> {
  // Every fifth widget is complex (id % 5 == 0): the route the leak sits on, and some simple ones.
  await drive(url, to - from, (i) => ({ path: `/widgets/${1 + ((from + i) % 200)}/render` }));
}

async function recommendations(url: string, from: number, to: number): Promise<void> {
  await drive(url, to - from, (i) => ({ path: `/products/${1 + ((from + i) % 400)}/recommendations`, headers: { 'x-user-id': `user-${from + i}` } }));
}

async function productPages(url: string, from: number, to: number): Promise<void> {
  await drive(url, to - from, (i) => ({ path: `/products/${1 + ((from + i) % 50)}?ref=campaign-${from + i}` }));
}
