import { stat } from 'node:fs/promises';
import type { IHeapSnapshot } from '@memlab/core';
import { groupOf } from './heap-groups';
import { readSnapshot } from './memlab';

export interface GroupCount {
  count: number;
  selfSize: number;
}

/** What the diff needs from the "before" snapshot: counts per group and which objects existed. */
export interface HeapCensus {
  file: string;
  fileBytes: number;
  nodeCount: number;
  /** Sum of self sizes: the heap the snapshot describes. */
  totalSize: number;
  groups: Map<string, GroupCount>;
  /** Every node id, sorted; V8 keeps an object's id across snapshots of the same process. */
  ids: Float64Array;
}

export async function takeCensus(file: string): Promise<HeapCensus> {
  const snapshot = await readSnapshot(file);
  return { ...censusOf(snapshot), file, fileBytes: (await stat(file)).size };
}

export function censusOf(snapshot: IHeapSnapshot): Omit<HeapCensus, 'file' | 'fileBytes'> {
  const groups = new Map<string, GroupCount>();
  const ids = new Float64Array(snapshot.nodes.length);
  let totalSize = 0;
  snapshot.nodes.forEach((node, i) => {
    ids[i] = node.id;
    totalSize += node.self_size;
    const group = groupOf(node);
    if (group === null) return;
    const entry = groups.get(group);
    if (entry) {
      entry.count++;
      entry.selfSize += node.self_size;
    } else {
      groups.set(group, { count: 1, selfSize: node.self_size });
    }
  });
  ids.sort();
  return { nodeCount: snapshot.nodes.length, totalSize, groups, ids };
}

export function hasId(sortedIds: Float64Array, id: number): boolean {
  let lo = 0;
  let hi = sortedIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sortedIds[mid]!;
    if (value === id) return true;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
