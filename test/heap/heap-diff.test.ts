import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatHeapDiff } from '../../heap/diff-report';
import type { HeapDiff } from '../../heap/heap-diff';
import { grewNamed, rowHeldThrough, runLeakProcedure } from './helpers/leak-procedure';
import { drive, startService, type RunningService } from './helpers/service-under-test';

const FIXTURE = 'test/heap/fixtures/leaky-service.js';
const REQUESTS = 600;

/** The diff on a service that leaks on purpose: it must name what grows, and only when it grows. */
describe('heap diff on the leaky fixture', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  const traffic = (url: string, count: number) =>
    drive(url, count, (i) => ({ path: i % 2 === 0 ? `/orders/${i}` : `/reports/${i}` }));

  it('names OrderReceipt, held by OrderArchive.receipts, when every receipt is kept in a Map', async () => {
    service = await startService(FIXTURE);
    const url = service.url;
    const diff = await runLeakProcedure(service, {
      warmUp: () => traffic(url, 100),
      fault: { name: 'order-archive' },
      drive: () => traffic(url, REQUESTS),
    });
    const row = rowHeldThrough(diff, /^OrderReceipt$/, [/context var archive → OrderArchive/, /\.receipts → Map/]);
    expect(row.countAfter - row.countBefore).toBeGreaterThanOrEqual(REQUESTS / 2);
    expect(row.retainedGrowth).toBeGreaterThan(row.selfSizeAfter - row.selfSizeBefore);
    // Every new receipt went into the one Map that existed before the fault.
    expect(row.example?.heldBy).toMatchObject({ name: 'Map' });
    expect(row.example!.heldBy!.share).toBeGreaterThan(0.9);
    const text = formatHeapDiff(diff);
    expect(text).toMatch(/OrderReceipt\s+\d+ → [\d,]+ \(\+\d+\)/);
    expect(text).toContain('.receipts → Map');
  });

  it('names the listener array of ReportBus when subscriptions are never closed', async () => {
    service = await startService(FIXTURE);
    const url = service.url;
    const diff = await runLeakProcedure(service, {
      warmUp: () => traffic(url, 100),
      fault: { name: 'report-listeners' },
      drive: () => traffic(url, REQUESTS),
    });
    rowHeldThrough(diff, /^(Array|onRefresh\(\)|ReportSubscription)$/, [/context var bus → ReportBus/, /\._events → Object/, /\.refresh → Array/]);
  });

  it('shows no such growth with the faults off, after the same traffic', async () => {
    service = await startService(FIXTURE);
    const url = service.url;
    const diff = await runLeakProcedure(service, { warmUp: () => traffic(url, 100), drive: () => traffic(url, REQUESTS) });
    expect(grewNamed(diff, /^(OrderReceipt|ReportSubscription|onRefresh\(\)|Object \{sku, label\})$/, 20)).toEqual([]);
    expect(diff.after.keptFromBefore).toBeGreaterThan(diff.after.nodeCount * 0.5);
  });

  it('prints the same diff as JSON from the command line', async () => {
    service = await startService(FIXTURE);
    const url = service.url;
    const diff = await runLeakProcedure(service, {
      warmUp: () => traffic(url, 50),
      fault: { name: 'order-archive' },
      drive: () => traffic(url, 200),
    });
    const bin = path.join(__dirname, '..', '..', 'bin', 'outage-lab.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'heap', 'diff', diff.before.file, diff.after.file, '--json', '--top', '5'], {
      maxBuffer: 10 * 1024 * 1024,
    });
    const printed = JSON.parse(stdout) as HeapDiff;
    expect(printed.ranked).toHaveLength(5);
    expect(printed.ranked.map((g) => g.name)).toEqual(diff.ranked.slice(0, 5).map((g) => g.name));
    expect(printed.ranked.find((g) => g.name === 'OrderReceipt')?.example?.path?.length).toBeGreaterThan(3);
  });
});
