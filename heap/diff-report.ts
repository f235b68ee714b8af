import path from 'node:path';
import type { GroupGrowth, HeapDiff } from './heap-diff';
import type { PathStep } from './retainer-path';

/** The diff as plain text: the ranking, then a retainer path for each of the first groups. */
export function formatHeapDiff(diff: HeapDiff): string {
  const { before, after } = diff;
  const lines: string[] = [];
  const sizeDelta = after.totalSize - before.totalSize;
  const countDelta = after.nodeCount - before.nodeCount;
  lines.push(`before  ${path.basename(before.file)}   ${bytes(before.totalSize)} in ${count(before.nodeCount)} heap objects`);
  lines.push(
    `after   ${path.basename(after.file)}   ${bytes(after.totalSize)} in ${count(after.nodeCount)} heap objects  (${signed(sizeDelta, bytes)}, ${signed(countDelta, count)})`,
  );
  lines.push('');
  if (diff.ranked.length === 0) {
    lines.push('Nothing grew between the snapshots: no constructor has more objects than before holding more memory.');
  } else {
    lines.push('What grew, ranked by the retained size of the objects added between the snapshots and still alive:');
    lines.push('');
    const nameWidth = Math.min(48, Math.max(11, ...diff.ranked.map((g) => g.name.length)));
    lines.push(
      `  #  ${'constructor'.padEnd(nameWidth)}  ${'objects before → after'.padStart(30)}  ${'retained growth'.padStart(15)}  ${'retained now'.padStart(12)}  part of`,
    );
    diff.ranked.forEach((g, i) => {
      const objects = `${count(g.countBefore)} → ${count(g.countAfter)} (${signed(g.countAfter - g.countBefore, count)})`;
      const inside = g.example?.insideOf;
      const partOf = inside ? `#${diff.ranked.findIndex((r) => r.name === inside) + 1}` : '';
      lines.push(
        `${String(i + 1).padStart(3)}  ${truncate(g.name, nameWidth).padEnd(nameWidth)}  ${objects.padStart(30)}  ${signed(g.retainedGrowth, bytes).padStart(15)}  ${bytes(g.retainedAfter).padStart(12)}  ${partOf}`.trimEnd(),
      );
    });
    if (diff.ranked.some((g) => g.example?.insideOf)) {
      lines.push('');
      lines.push('"part of #n": the largest new object of the row sits inside a new object of row n; both are the same growth.');
    }
  }
  if (diff.belowMinGrowth.groups > 0) {
    lines.push('');
    lines.push(`Left out: ${diff.belowMinGrowth.groups} groups that grew by less than ${bytes(diff.belowMinGrowth.minGrowth)} each (--min-growth).`);
  }
  if (diff.notRanked.groups > 0) {
    lines.push('');
    lines.push(
      `Not ranked: ${diff.notRanked.groups} groups of V8 internals or excluded names (strings, backing stores, code, contexts) ` +
        `grew by ${count(diff.notRanked.countDelta)} objects, ${bytes(diff.notRanked.selfSizeDelta)} self size; --internals ranks them.`,
    );
  }
  const withPaths = diff.ranked.filter((g) => g.example?.path);
  if (withPaths.length > 0) {
    lines.push('');
    lines.push('Retainer paths: for each row, a new object (the largest where most were added) and a shortest path to it from a GC root.');
    for (const g of withPaths) {
      lines.push('');
      lines.push(...formatPath(diff.ranked.indexOf(g) + 1, g));
    }
  }
  for (const g of diff.ranked.filter((r) => r.example && r.example.path === null && diff.ranked.indexOf(r) < pathsShown(diff))) {
    lines.push('');
    lines.push(`${diff.ranked.indexOf(g) + 1}. ${g.name} @${g.example!.id}: no path from a GC root found (it may be garbage V8 had not collected yet)`);
  }
  return lines.join('\n');
}

function pathsShown(diff: HeapDiff): number {
  let last = 0;
  diff.ranked.forEach((g, i) => {
    if (g.example?.path) last = i + 1;
  });
  return last;
}

function formatPath(rank: number, group: GroupGrowth): string[] {
  const example = group.example!;
  const steps = example.path as PathStep[];
  const lines = [`${rank}. ${group.name} @${example.id} (${bytes(example.retainedSize)} retained)`];
  if (example.heldBy) {
    const share = Math.round(example.heldBy.share * 100);
    lines.push(`   ${share}% of this row's growth was added to ${example.heldBy.name} @${example.heldBy.id}, which existed before:`);
  }
  steps.forEach((step, i) => {
    const name = step.node.type === 'synthetic' && i === 0 ? '(GC root)' : `${step.node.name} @${step.node.id}`;
    lines.push(step.via === null ? `     ${name}` : `       ${step.via} → ${name}`);
  });
  return lines;
}

export function bytes(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (abs >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} B`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function signed(n: number, format: (n: number) => string): string {
  return n >= 0 ? `+${format(n)}` : `-${format(-n)}`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
