import { readFile } from 'node:fs/promises';
import type { HeapDiff } from '../../heap/heap-diff';
import { grewNamed, pathText, rowHeldThrough, runLeakProcedure } from './helpers/leak-procedure';
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
  /** Rows of the leaked kind, which must not grow with the fault off. */
  control?: RegExp;
}

const cases: LeakCase[] = [
  {
    service: 'widget-api',
    fault: 'render-retention',
    params: { historyPoints: 8 },
    // Render every widget once first: the composer keeps one frame per complex widget by design.
    // 150 renders: each redraws the frames kept before it, so more would only make the test slow.
    warmUp: (url) => renders(url, 0, WIDGETS),
    drive: (url) => renders(url, WIDGETS, WIDGETS + 150),
    rows: /./,
    through: [/context var composer → WidgetComposer/, /\.frames → Map/],
  },
  {
    service: 'widget-api',
    fault: 'insights-retention',
    warmUp: async () => undefined,
    // Timer-driven: memory grows with time, not with requests.
    drive: () => new Promise((resolve) => setTimeout(resolve, 8_000)),
    rows: /./,
    through: [/UsageInsights/, /\.recent → Array/],
    control: /^Object \{id, user_id, action, at\}$/,
  },
  {
    service: 'storefront',
    fault: 'recommendation-sessions',
    warmUp: (url) => recommendations(url, 0, 100),
    drive: (url) => recommendations(url, 100, 500),
    rows: /^(RecommendationSession|onReindex\(\)|onTrending\(\)|Array|Float64Array)$/,
    through: [/RecommendationEngine/, /\._events/, /\.(reindex|trending)/],
    control: /^(RecommendationSession|onReindex\(\)|onTrending\(\))$/,
  },
  {
    service: 'storefront',
    fault: 'page-cache-unbounded',
    // Fill the bounded cache first, so that more distinct keys only replace entries when it works.
    warmUp: (url) => productPages(url, 0, 700),
    drive: (url) => productPages(url, 700, 1_200),
    rows: /^(Object \{title, price, html\}|Map)$/,
    through: [/ReadThroughCache/, /\.store → Map/],
    control: /^Object \{title, price, html\}$/,
  },
];

const SERVICE_ENTRY = { 'widget-api': 'services/widget-api/server.js', storefront: 'services/storefront/server.js' } as const;

describe.each(cases)('heap diff on $service with $fault', (leak) => {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let service: RunningService | undefined;

  // One process for both runs (the control first: a fault switched off does not give memory back),
  // so the database is seeded once and each run starts from its own first snapshot.
  beforeAll(async () => {
    database = await createTestDatabase('heap_faults');
    // The storefront sheds new pages past half its heap limit; with 96 MB and the snapshots, it would shed here.
    service = await startService(SERVICE_ENTRY[leak.service], { DATABASE_URL: database.url, SHED_ABOVE_HEAP_SHARE: '0.95' }, 96);
  });
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  const run = (withFault: boolean): Promise<HeapDiff> =>
    runLeakProcedure(service!, {
      warmUp: () => leak.warmUp(service!.url),
      drive: () => leak.drive(service!.url),
      ...(withFault ? { fault: { name: leak.fault, ...(leak.params ? { params: leak.params } : {}) } } : {}),
    });

  it('shows no such growth with the fault off', async () => {
    const diff = await run(false);
    if (leak.control) expect(grewNamed(diff, leak.control, 50)).toEqual([]);
    const held = diff.ranked.slice(0, 3).filter((g) => leak.through.every((re) => re.test(pathText(g))));
    expect(held.filter((g) => g.retainedGrowth > 256 * 1024)).toEqual([]);
  });

  it('names the structure holding the leaked objects, with a path into the code responsible', async () => {
    const diff = await run(true);
    const row = rowHeldThrough(diff, leak.rows, leak.through);
    expect(row.countAfter - row.countBefore).toBeGreaterThan(0);
    expect(row.example?.heldBy?.share).toBeGreaterThan(0.5);

    // The learner reads this snapshot: no string in it names a fault of the service.
    const faults = await service!.faults.list();
    const strings = stringsTable(await readFile(diff.after.file));
    expect(strings.filter((text) => faults.some((f) => text.includes(f.name) || text.includes(f.description)))).toEqual([]);
  });
});

/** A snapshot ends with its `"strings":[…]}` table. */
function stringsTable(snapshot: Buffer): string[] {
  const text = snapshot.subarray(snapshot.lastIndexOf('"strings":[') + '"strings":'.length).toString('utf8');
  return JSON.parse(text.slice(0, text.lastIndexOf('}'))) as string[];
}

const WIDGETS = 200;

async function renders(url: string, from: number, to: number): Promise<void> {
  // Every fifth widget is complex (id % 5 == 0): the route the leak sits on, and the simple ones.
  await drive(url, to - from, (i) => ({ path: `/widgets/${1 + ((from + i) % WIDGETS)}/render` }));
}

async function recommendations(url: string, from: number, to: number): Promise<void> {
  await drive(url, to - from, (i) => ({ path: `/products/${1 + ((from + i) % 400)}/recommendations`, headers: { 'x-user-id': `user-${from + i}` } }));
}

async function productPages(url: string, from: number, to: number): Promise<void> {
  await drive(url, to - from, (i) => ({ path: `/products/${1 + ((from + i) % 50)}?ref=campaign-${from + i}` }));
}
