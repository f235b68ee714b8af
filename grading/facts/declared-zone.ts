import type { PostmortemDocument } from '../document/parse-document';
import { zoneAtStart, type ZoneRef } from '../time/zones';

/** "All times are UTC", "Timeline (all times in PST)", "Timezone: Europe/Berlin": the zone bare times are in. */
const DECLARATION = /\b(?:all times|times are|times (?:are |given |shown |listed )*in|timestamps (?:are )?(?:in)?|time ?zone|tz)\b\s*(?:are\s+|is\s+|in\s+|:\s*|=\s*)*/gi;

export interface DeclaredZone {
  ref: ZoneRef;
  line: number;
}

export function findDeclaredZone(doc: PostmortemDocument): DeclaredZone | null {
  for (const b of doc.blocks) {
    if (b.kind === 'code') continue;
    for (const m of b.text.matchAll(DECLARATION)) {
      const found = zoneAtStart(b.text.slice(m.index + m[0].length));
      if (found) return { ref: found.ref, line: b.line };
    }
    // "| Time (UTC) | Event |"
    if (b.kind === 'table-row' && b.header) {
      for (const cell of b.cells ?? []) {
        const m = /^\s*(?:time|timestamp|when)\s*[([]?\s*(.+?)\s*[)\]]?\s*$/i.exec(cell);
        const found = m ? zoneAtStart(m[1]) : null;
        if (found && found.length === m![1].length) return { ref: found.ref, line: b.line };
      }
    }
    // "## Timeline (UTC)"
    if (b.kind === 'heading' || b.label) {
      const paren = /\(([^)]{1,30})\)\s*$/.exec(b.label ?? '');
      const inner = paren?.[1].trim() ?? '';
      const found = inner ? zoneAtStart(inner) : null;
      if (found && found.length === inner.length) return { ref: found.ref, line: b.line };
    }
  }
  return null;
}
