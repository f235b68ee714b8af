import type { IHeapNode } from '@memlab/core';

/**
 * Which "constructor" a heap node is counted under, as in DevTools' Summary view: objects by
 * constructor name, closures by function name, V8's own structures in parenthesised groups. Plain
 * objects are split by their first property names (`Object {title, price, html}`), because in a
 * service most data is plain objects and "Object grew" says nothing. Properties holding small
 * integers are not in the snapshot, so they cannot appear in the shape.
 */
export function groupOf(node: IHeapNode): string | null {
  switch (node.type) {
    case 'object':
      return node.name === 'Object' ? plainObjectGroup(node) : node.name || '(anonymous object)';
    case 'closure':
      return `${node.name || '(anonymous)'}()`;
    case 'regexp':
      return 'RegExp';
    case 'native':
      return node.name || '(native)';
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'array':
      return '(array)';
    case 'hidden':
      return '(system)';
    case 'code':
      return '(compiled code)';
    case 'synthetic':
      return null; // the GC root entries, not objects
    default:
      return `(${node.type})`;
  }
}

/**
 * V8's and Node's own structures: strings, backing stores, code, contexts, hidden classes. They grow
 * along with any leak (the leaked objects own them), so ranking them only pushes the leaking class down.
 */
export function isInternalGroup(group: string): boolean {
  return group.startsWith('(') || group.startsWith('system /');
}

const SHAPE_NAMES = 4;
/** Past this many named properties an object is a dictionary (a map in disguise), not a record shape. */
const DICTIONARY_PROPERTIES = 12;

function plainObjectGroup(node: IHeapNode): string {
  const names: string[] = [];
  let properties = 0;
  node.forEachReference((edge) => {
    if (edge.type !== 'property' || edge.name_or_index === '__proto__') return;
    properties++;
    if (properties > DICTIONARY_PROPERTIES) return { stop: true };
    if (names.length < SHAPE_NAMES) names.push(String(edge.name_or_index));
    return undefined;
  });
  if (properties === 0 || properties > DICTIONARY_PROPERTIES) return 'Object';
  return `Object {${names.join(', ')}${properties > SHAPE_NAMES ? ', …' : ''}}`;
}
