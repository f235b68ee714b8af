import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { IHeapSnapshot } from '@memlab/core';
import { hasId, takeCensus, type HeapCensus } from './heap-census';
import { groupOf, isInternalGroup } from './heap-groups';
import { computeRetainedSizes, readSnapshot } from './memlab';
import { retainerPath, type PathStep } from './retainer-path';

export interface HeapDiffOptions {
  /** Rows in the ranking (default 10). */
  top?: number;
  /** Retainer paths for the first rows (default 3). */
  paths?: number;
  /** Rank V8's own structures (strings, backing stores, code, contexts) too. */
  internals?: boolean;
  /** Leave out groups whose name matches one of these (added to LAB_PLUMBING). */
  exclude?: RegExp[];
  /** Leave out groups that grew by less than this many bytes (default 1 kB): per-request odds and ends. */
  minGrowth?: number;
  /** Told when each (long) phase starts, for a progress line. */
  onPhase?: (phase: string) => void;
}

/** The lab's own machinery, present in every "after" snapshot because it is taking it. */
export const LAB_PLUMBING = [/^HeapSnapshotStream(\(\))?$/];

export interface SnapshotSummary {
  file: string;
  fileBytes: number;
  nodeCount: number;
  /** Sum of self sizes. */
  totalSize: number;
}

export interface GroupGrowth {
  /** Constructor, `name()` for closures, `Object {a, b, c}` for plain objects. */
  name: string;
  countBefore: number;
  countAfter: number;
  /** Objects in "after" that did not exist in "before" (V8 ids are stable within a process). */
  newCount: number;
  /** Retained size of those new objects, not counting one inside another of the same group. */
  newRetained: number;
  /**
   * The ranking key: newRetained times the share of new objects that are net growth (countDelta /
   * newCount, between 0 and 1). A bounded cache that replaces entries has new objects but no growth.
   */
  retainedGrowth: number;
  /** DevTools' "Retained Size" for the group in "after". */
  retainedAfter: number;
  selfSizeBefore: number;
  selfSizeAfter: number;
  /** The largest new object of the group, and how it is reachable from a GC root. */
  example?: {
    id: number;
    retainedSize: number;
    path: PathStep[] | null;
    /** The ranked group of the outermost new object that holds this one: both are the same growth. */
    insideOf?: string;
  };
}

export interface HeapDiff {
  before: SnapshotSummary;
  /** keptFromBefore: objects of "after" already in "before"; near 0 means two different processes. */
  after: SnapshotSummary & { keptFromBefore: number };
  /** Groups that grew, biggest retained growth first. */
  ranked: GroupGrowth[];
  /** Growth left out of the ranking: V8 internals (unless asked for) and excluded groups. */
  notRanked: { groups: number; countDelta: number; selfSizeDelta: number };
  /** Groups that grew by less than minGrowth bytes. */
  belowMinGrowth: { groups: number; minGrowth: number };
  timingsMs: Record<string, number>;
}

/**
 * Compares two heap snapshots of the same process and names the groups of objects that grew, by
 * count and by retained size (self size would put strings first and hide the class that holds them).
 * "before" is only counted; "after" gets dominators, retained sizes and retainer paths.
 */
export async function diffHeapSnapshots(beforeFile: string, afterFile: string, options: HeapDiffOptions = {}): Promise<HeapDiff> {
  const { top = 10, paths = 3, internals = false, minGrowth = 1024 } = options;
  const exclude = [...LAB_PLUMBING, ...(options.exclude ?? [])];
  const timingsMs: Record<string, number> = {};
  let lap = performance.now();
  const time = (phase: string): void => {
    const now = performance.now();
    timingsMs[phase] = Math.round(now - lap);
    lap = now;
  };

  const phase = options.onPhase ?? (() => undefined);
  phase(`reading ${beforeFile}`);
  const before = await takeCensus(beforeFile);
  time('before');
  phase(`reading ${afterFile}`);
  const snapshot = await readSnapshot(afterFile);
  time('parseAfter');
  phase('computing retained sizes (dominator tree)');
  computeRetainedSizes(snapshot);
  time('dominators');
  phase('comparing');
  const tally = tallyAfter(snapshot, before);
  time('aggregate');

  const rows: GroupGrowth[] = [];
  const notRanked = { groups: 0, countDelta: 0, selfSizeDelta: 0 };
  let small = 0;
  const names = new Set([...tally.groups.keys(), ...before.groups.keys()]);
  for (const name of names) {
    const now = tally.groups.get(name);
    const then = before.groups.get(name);
    const row: GroupGrowth & { exampleIndex: number } = {
      name,
      countBefore: then?.count ?? 0,
      countAfter: now?.count ?? 0,
      newCount: now?.newCount ?? 0,
      newRetained: now?.newRetained ?? 0,
      retainedGrowth: 0,
      retainedAfter: now?.retainedAfter ?? 0,
      selfSizeBefore: then?.selfSize ?? 0,
      selfSizeAfter: now?.selfSize ?? 0,
      exampleIndex: now?.exampleIndex ?? -1,
    };
    const countDelta = row.countAfter - row.countBefore;
    if (countDelta <= 0) continue;
    row.retainedGrowth = row.newCount > 0 ? Math.round(row.newRetained * Math.min(1, countDelta / row.newCount)) : 0;
    if ((!internals && isInternalGroup(name)) || exclude.some((re) => re.test(name))) {
      notRanked.groups++;
      notRanked.countDelta += countDelta;
      notRanked.selfSizeDelta += row.selfSizeAfter - row.selfSizeBefore;
      continue;
    }
    if (row.retainedGrowth >= minGrowth && row.retainedGrowth > 0) rows.push(row);
    else small++;
  }
  rows.sort((a, b) => b.retainedGrowth - a.retainedGrowth || b.countAfter - b.countBefore - (a.countAfter - a.countBefore));
  const shown = (rows as Array<GroupGrowth & { exampleIndex: number }>).slice(0, top);
  const ranked = shown.map(({ exampleIndex, ...row }, i) => {
    if (exampleIndex < 0) return row;
    const node = snapshot.nodes.get(exampleIndex)!;
    const path = i < paths ? retainerPath(snapshot, exampleIndex) : null;
    const insideOf = tally.newHolder(exampleIndex, new Set(shown.map((r) => r.name)));
    return { ...row, example: { id: node.id, retainedSize: node.retainedSize, path, ...(insideOf ? { insideOf } : {}) } };
  });
  time('paths');

  return {
    before: summary(before),
    after: { file: afterFile, fileBytes: (await stat(afterFile)).size, nodeCount: snapshot.nodes.length, totalSize: tally.totalSize, keptFromBefore: tally.kept },
    ranked,
    notRanked,
    belowMinGrowth: { groups: small, minGrowth },
    timingsMs,
  };
}

interface AfterGroup {
  count: number;
  selfSize: number;
  newCount: number;
  newRetained: number;
  retainedAfter: number;
  /** Node index of the largest top-level new object, -1 if none. */
  exampleIndex: number;
  exampleRetained: number;
}

/**
 * Counts per group, and retained sizes the way DevTools sums them: an object inside another object
 * of the same group (a tree's child nodes, say) is already in its ancestor's retained size, so only
 * objects with no same-group ancestor in the dominator tree are added.
 */
interface AfterTally {
  groups: Map<string, AfterGroup>;
  totalSize: number;
  /** Nodes that were already in "before". */
  kept: number;
  /** The group of the outermost new object up the dominator tree whose group is one of `among`. */
  newHolder(nodeIndex: number, among: Set<string>): string | undefined;
}

function tallyAfter(snapshot: IHeapSnapshot, before: HeapCensus): AfterTally {
  const n = snapshot.nodes.length;
  const groupIndex = new Int32Array(n).fill(-1);
  const retained = new Float64Array(n);
  const dominator = new Uint32Array(n);
  const isNew = new Uint8Array(n);
  const groups: AfterGroup[] = [];
  const names: string[] = [];
  const indexByName = new Map<string, number>();
  let totalSize = 0;
  let kept = 0;

  snapshot.nodes.forEach((node) => {
    const i = node.nodeIndex;
    retained[i] = node.retainedSize;
    dominator[i] = node.dominatorNode?.nodeIndex ?? 0;
    totalSize += node.self_size;
    if (!hasId(before.ids, node.id)) isNew[i] = 1;
    else kept++;
    const name = groupOf(node);
    if (name === null) return;
    let g = indexByName.get(name);
    if (g === undefined) {
      g = groups.length;
      indexByName.set(name, g);
      names.push(name);
      groups.push({ count: 0, selfSize: 0, newCount: 0, newRetained: 0, retainedAfter: 0, exampleIndex: -1, exampleRetained: -1 });
    }
    groupIndex[i] = g;
    const group = groups[g]!;
    group.count++;
    group.selfSize += node.self_size;
    if (isNew[i]) group.newCount++;
  });

  // The dominator tree as child lists (CSR), then a depth-first walk counting same-group ancestors.
  const firstChild = new Uint32Array(n + 1);
  for (let i = 1; i < n; i++) firstChild[dominator[i]! + 1]!++;
  for (let i = 0; i < n; i++) firstChild[i + 1]! += firstChild[i]!;
  const children = new Uint32Array(Math.max(0, n - 1));
  const fill = firstChild.slice(0, n);
  for (let i = 1; i < n; i++) children[fill[dominator[i]!]!++] = i;

  const ancestorsInGroup = new Int32Array(groups.length);
  // Entries >= n mean "leaving node (entry - n)".
  const stack: number[] = [0];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry >= n) {
      const g = groupIndex[entry - n]!;
      if (g >= 0) ancestorsInGroup[g]!--;
      continue;
    }
    const g = groupIndex[entry]!;
    if (g >= 0) {
      if (ancestorsInGroup[g] === 0) {
        const group = groups[g]!;
        group.retainedAfter += retained[entry]!;
        if (isNew[entry]) {
          group.newRetained += retained[entry]!;
          if (retained[entry]! >= group.exampleRetained) {
            group.exampleRetained = retained[entry]!;
            group.exampleIndex = entry;
          }
        }
      }
      ancestorsInGroup[g]!++;
      stack.push(entry + n);
    }
    for (let c = firstChild[entry]!; c < firstChild[entry + 1]!; c++) stack.push(children[c]!);
  }

  return {
    groups: new Map(names.map((name, g) => [name, groups[g]!])),
    totalSize,
    kept,
    newHolder(nodeIndex, among) {
      let holder: string | undefined;
      for (let i = dominator[nodeIndex]!; i !== 0; i = dominator[i]!) {
        const g = groupIndex[i]!;
        if (isNew[i] && g >= 0 && among.has(names[g]!)) holder = names[g];
      }
      return holder;
    },
  };
}

function summary(census: HeapCensus): SnapshotSummary {
  return { file: census.file, fileBytes: census.fileBytes, nodeCount: census.nodeCount, totalSize: census.totalSize };
}
