import path from 'node:path';
import { diffHeapSnapshots, type GroupGrowth, type HeapDiff } from '../../../heap/heap-diff';
import { downloadHeapSnapshot } from '../../../heap/snapshot-download';
import { ADMIN_TOKEN, type RunningService } from './service-under-test';

export interface LeakProcedure {
  /** Traffic before the first snapshot, so caches and lazy modules are warm in both. */
  warmUp: () => Promise<void>;
  /** The fault to switch on after the first snapshot; omit for the control run. */
  fault?: { name: string; params?: Record<string, unknown> };
  /** Traffic between the snapshots (or, for a timer-driven fault, the wait). */
  drive: () => Promise<void>;
}

/** Snapshot, fault on, traffic, snapshot, diff: what the learner does, through the same code. */
export async function runLeakProcedure(service: RunningService, procedure: LeakProcedure): Promise<HeapDiff> {
  await procedure.warmUp();
  const before = path.join(service.dir, 'before.heapsnapshot');
  const after = path.join(service.dir, 'after.heapsnapshot');
  await downloadHeapSnapshot({ service: 'under-test', baseUrl: service.url, token: ADMIN_TOKEN, file: before });
  if (procedure.fault) await service.faults.enable(procedure.fault.name, procedure.fault.params ?? {});
  await procedure.drive();
  await downloadHeapSnapshot({ service: 'under-test', baseUrl: service.url, token: ADMIN_TOKEN, file: after });
  return diffHeapSnapshots(before, after, { top: 10, paths: 3 });
}

/** The path as one line, e.g. "… → context var archive → OrderArchive → .receipts → Map → …" */
export function pathText(group: GroupGrowth): string {
  return (group.example?.path ?? []).map((s) => (s.via ? `${s.via} → ${s.node.name}` : s.node.name)).join(' → ');
}

/**
 * The first of the top `within` rows whose retainer path passes through every pattern, in order.
 * Fails with the whole ranking and its paths, so a miss explains itself.
 */
export function rowHeldThrough(diff: HeapDiff, names: RegExp, through: RegExp[], within = 3): GroupGrowth {
  const row = diff.ranked.slice(0, within).find((g) => names.test(g.name) && inOrder(pathText(g), through));
  if (!row) {
    const ranking = diff.ranked.map((g, i) => `${i + 1}. ${g.name} +${g.countAfter - g.countBefore} ${g.retainedGrowth} B\n   ${pathText(g)}`);
    throw new Error(`no row among the top ${within} matching ${names} held through ${through.join(' … ')}:\n${ranking.join('\n')}`);
  }
  return row;
}

function inOrder(text: string, patterns: RegExp[]): boolean {
  let from = 0;
  for (const pattern of patterns) {
    const match = pattern.exec(text.slice(from));
    if (!match) return false;
    from += match.index + match[0].length;
  }
  return true;
}

/** Rows that grew by at least `minCount` objects and whose name matches. */
export function grewNamed(diff: HeapDiff, names: RegExp, minCount: number): GroupGrowth[] {
  return diff.ranked.filter((g) => names.test(g.name) && g.countAfter - g.countBefore >= minCount);
}
