import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * Where a value sits in a YAML file: the line (1-based) of the node at a path of keys and indexes,
 * for a problem found in the parsed data (zod's issue paths). When the path goes further than the
 * file does (a field that is missing), the deepest node that exists is the answer: the object that
 * lacks the field. The line of a field is its key's (where a list or an object value starts).
 */
export function lineOfPath(doc: Document, path: readonly PropertyKey[], lines: LineCounter): number | null {
  let node: unknown = doc.contents;
  let at = offsetOf(node);
  for (const [i, step] of path.entries()) {
    const next = child(node, step);
    if (!next) break;
    const last = i === path.length - 1;
    // the field's own line (its key) for the last step: a list's or an object's problem is named where it starts
    at = (last ? offsetOf(next.pair?.key) : undefined) ?? offsetOf(next.value) ?? offsetOf(next.pair?.key) ?? at;
    node = next.value;
  }
  return at === undefined ? null : lines.linePos(at).line;
}

function child(node: unknown, step: PropertyKey): { value: unknown; pair?: { key: unknown } } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
    return pair ? { value: pair.value, pair } : undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
