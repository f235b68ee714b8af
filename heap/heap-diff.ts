import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { IHeapSnapshot } from '@memlab/core';
import { hasId, takeCensus, type HeapCensus } from './heap-census';
import { groupOf, isInternalGroup } from './heap-groups';
import { computeRetainedSizes, readSnapshot } from './memlab';
import { label, retainerPath, type PathStep } from './retainer-path';

/**
 * The diff of two heap snapshots: what grew, by constructor, with counts, retained sizes and the
 * retainer paths of the first rows. (Over 300 lines on purpose: one pass over the "after" snapshot
 * tallies, attributes and ranks together, and its helpers share that pass's state.)
 */
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
  /** A new object of the group (the largest under its main holder), and how it is reachable from a GC root. */
  example?: {
    id: number;
    retainedSize: number;
    path: PathStep[] | null;
    /** The ranked group of the outermost new object that holds this one: both are the same growth. */
    insideOf?: string;
    /**
     * The object that already existed in "before" and holds most of the group's new objects (their
     * nearest old dominator): the structure they were added to, and the share of the growth under it.
     */
    heldBy?: { id: number; name: string; share: number };
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
    const row: GroupGrowth & Example = {
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
      holderIndex: now?.holderIndex ?? -1,
      holderShare: now?.holderShare ?? 0,
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
  const shown = (rows as Array<GroupGrowth & Example>).slice(0, top);
  const ranked = shown.map(({ exampleIndex, holderIndex, holderShare, ...row }, i): GroupGrowth => {
    if (exampleIndex < 0) return row;
    const node = snapshot.nodes.get(exampleIndex)!;
    const path = i < paths ? retainerPath(snapshot, exampleIndex) : null;
    const insideOf = tally.newHolder(exampleIndex, new Set(shown.map((r) => r.name)));
    const holder = holderIndex > 0 ? snapshot.nodes.get(holderIndex) : null;
    return {
      ...row,
      example: {
        id: node.id,
        retainedSize: node.retainedSize,
        path,
        ...(insideOf ? { insideOf } : {}),
        ...(holder ? { heldBy: { id: holder.id, name: label(holder).name, share: Math.round(holderShare * 100) / 100 } } : {}),
      },
    };
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

/** Which object of a group to show, and what holds it (node indexes in "after", -1 if none). */
interface Example {
  /** The largest new object under the holder with the most growth. */
  exampleIndex: number;
  holderIndex: number;
  /** Share of the group's new retained size under that holder. */
  holderShare: number;
}

interface AfterGroup extends Example {
  count: number;
  selfSize: number;
  newCount: number;
  newRetained: number;
  retainedAfter: number;
  /** Per holder (nearest old dominator) of new top-level objects: their retained size and the largest one. */
  holders: Map<number, { retained: number; largest: number; largestRetained: number }>;
}

/** Past this many distinct holders a group's new objects are scattered; stop telling them apart. */
const MAX_HOLDERS = 10_000;

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
      groups.push({ count: 0, selfSize: 0, newCount: 0, newRetained: 0, retainedAfter: 0, holders: new Map(), exampleIndex: -1, holderIndex: -1, holderShare: 0 });
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
  // The nearest dominator that existed in "before": what a new object was attached to.
  const holderOf = new Uint32Array(n);
  // Entries >= n mean "leaving node (entry - n)".
  const stack: number[] = [0];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry >= n) {
      const g = groupIndex[entry - n]!;
      if (g >= 0) ancestorsInGroup[g]!--;
      continue;
    }
    if (entry !== 0) {
      const dom = dominator[entry]!;
      holderOf[entry] = isNew[dom] ? holderOf[dom]! : dom;
    }
    const g = groupIndex[entry]!;
    if (g >= 0) {
      if (ancestorsInGroup[g] === 0) {
        const group = groups[g]!;
        const size = retained[entry]!;
        group.retainedAfter += size;
        if (isNew[entry]) {
          group.newRetained += size;
          const h = holderOf[entry]!;
          let holder = group.holders.get(h);
          if (!holder && group.holders.size < MAX_HOLDERS) {
            holder = { retained: 0, largest: entry, largestRetained: -1 };
            group.holders.set(h, holder);
          }
          if (holder) {
            holder.retained += size;
            if (size >= holder.largestRetained) {
              holder.largestRetained = size;
              holder.largest = entry;
            }
          }
        }
      }
      ancestorsInGroup[g]!++;
      stack.push(entry + n);
    }
    for (let c = firstChild[entry]!; c < firstChild[entry + 1]!; c++) stack.push(children[c]!);
  }

  for (const group of groups) {
    let best: { retained: number; largest: number } | undefined;
    let bestHolder = -1;
    for (const [h, holder] of group.holders) {
      if (!best || holder.retained > best.retained) {
        best = holder;
        bestHolder = h;
      }
    }
    if (best) {
      group.exampleIndex = best.largest;
      group.holderIndex = bestHolder;
      group.holderShare = group.newRetained > 0 ? best.retained / group.newRetained : 0;
    }
    group.holders.clear();
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
