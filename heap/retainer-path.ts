import type { IHeapEdge, IHeapNode, IHeapSnapshot } from '@memlab/core';
import { groupOf } from './heap-groups';

/** One hop of a retainer path: the edge that leads to `node` from the step before it. */
export interface PathStep {
  /** How the previous node holds this one, e.g. `.engine`, `[12]`, `context var recommendations`; null for the root. */
  via: string | null;
  node: NodeLabel;
}

export interface NodeLabel {
  id: number;
  /** e.g. `RecommendationEngine`, `onReindex()`, `(string) "<div…"`, `system / Context`. */
  name: string;
  type: string;
  selfSize: number;
  retainedSize: number;
}

const ROOT = 0;
/** Give up on a path (and say so) rather than walk the whole heap backwards. */
const MAX_VISITED = 500_000;

/**
 * A shortest path from the GC roots to the node, found by a breadth-first walk backwards along its
 * retainers (memlab's referrer index), skipping weak edges and non-root shortcut edges, which do not
 * keep anything alive. Null when the node is unreachable (garbage the snapshot still listed) or the
 * walk is too long. Cheaper than annotating a path for every node in the heap when only a few are
 * shown.
 */
export function retainerPath(snapshot: IHeapSnapshot, nodeIndex: number): PathStep[] | null {
  return search(snapshot, nodeIndex, false) ?? search(snapshot, nodeIndex, true);
}

/**
 * Roots that are only the moment the snapshot was taken: the stack of the request that asked for
 * it and V8's handle scopes. A path through them names the lab's snapshot plumbing, not the code
 * that holds the object, so they are tried last.
 */
const MOMENTARY_ROOTS = new Set(['(Stack roots)', '(Handle scope)']);

function search(snapshot: IHeapSnapshot, nodeIndex: number, viaMomentaryRoots: boolean): PathStep[] | null {
  const target = snapshot.nodes.get(nodeIndex);
  if (!target) return null;
  // For each visited node, the edge from it one step closer to the target.
  const next = new Map<number, IHeapEdge | null>([[nodeIndex, null]]);
  let frontier: IHeapNode[] = [target];
  while (frontier.length > 0 && next.size < MAX_VISITED) {
    const following: IHeapNode[] = [];
    for (const node of frontier) {
      for (const edge of node.referrers) {
        if (!keepsAlive(edge)) continue;
        const from = edge.fromNode;
        if (next.has(from.nodeIndex)) continue;
        if (!viaMomentaryRoots && from.type === 'synthetic' && MOMENTARY_ROOTS.has(from.name)) continue;
        next.set(from.nodeIndex, edge);
        if (from.nodeIndex === ROOT) return walk(from, next);
        following.push(from);
      }
    }
    frontier = following;
  }
  return null;
}

function walk(root: IHeapNode, next: Map<number, IHeapEdge | null>): PathStep[] {
  const steps: PathStep[] = [{ via: null, node: label(root) }];
  let edge = next.get(root.nodeIndex) ?? null;
  while (edge) {
    steps.push({ via: edgeLabel(edge), node: label(edge.toNode) });
    edge = next.get(edge.toNode.nodeIndex) ?? null;
  }
  return steps;
}

function keepsAlive(edge: IHeapEdge): boolean {
  return edge.type !== 'weak' && (edge.type !== 'shortcut' || edge.fromNode.nodeIndex === ROOT);
}

export function label(node: IHeapNode): NodeLabel {
  return { id: node.id, name: nodeName(node), type: node.type, selfSize: node.self_size, retainedSize: node.retainedSize };
}

function nodeName(node: IHeapNode): string {
  switch (node.type) {
    case 'closure':
      return `${node.name || '(anonymous)'}()`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return `(string) ${JSON.stringify(node.name.length > 40 ? `${node.name.slice(0, 40)}…` : node.name)}`;
    case 'object':
      return groupOf(node) ?? node.name;
    default:
      return node.name || `(${node.type})`;
  }
}

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);
const WEAK_MAP_ENTRY = /part of key \((.+?)\) -> value/;

export function edgeLabel(edge: IHeapEdge): string {
  const name = edge.name_or_index;
  // V8's names for the insides of collections, in the words of the code that uses them.
  if (edge.type === 'internal' && name === 'table' && COLLECTIONS.has(edge.fromNode.name)) return '(entries)';
  if (edge.type === 'internal' && edge.fromNode.type === 'array' && /^\d+$/.test(String(name))) return `[${String(name)}]`;
  const weakKey = edge.type === 'internal' ? WEAK_MAP_ENTRY.exec(String(name)) : null;
  if (weakKey) return `(WeakMap value for key ${weakKey[1]})`;
  switch (edge.type) {
    case 'property':
      return `.${String(name)}`;
    case 'element':
      return `[${String(name)}]`;
    case 'context':
      return `context var ${String(name)}`;
    default:
      return `(${edge.type}) ${String(name)}`;
  }
}
