import type { Block } from '../document/parse-document';
import { sentences, wordCount } from '../document/prose';
import type { Section } from '../document/sections';
import { NONCOMMITTAL_TASK, OWNER_OR_DUE, TASK_ANCHOR, VAGUE_TASK } from '../lexicon/language';
import { PASTED_SHARE } from '../tolerances';
import { pastedShare } from './pasted';
import { readStatement } from './statements';
import { bounded } from './units';

/** One corrective or preventative task. */
export interface TaskFact {
  text: string;
  line: number;
  /** Written as a list item or table row (the assignment asks for a TODO-like list). */
  listed: boolean;
  vague: boolean;
  vagueReason: string | null;
  ownerOrDue: boolean;
  /** It says what to do (statements.ts); a string of terms, or the same task again, does not. */
  says: boolean;
}

/** Fewer words than this cannot say what to change and where. */
export const MIN_TASK_WORDS = 4;

export function findTasks(section: Section | undefined): TaskFact[] {
  if (!section) return [];
  const listItems = section.blocks.filter((b) => b.kind === 'list-item');
  const rows = section.blocks.filter((b) => b.kind === 'table-row' && !b.header);
  const tasks: TaskFact[] = [];
  if (listItems.length > 0 || rows.length > 0) {
    const ownerColumn = ownerColumnOf(section.blocks);
    let parent: { task: TaskFact; depth: number } | null = null;
    section.blocks.forEach((b, i) => {
      if (b.kind === 'list-item') {
        if (isGroup(b, section.blocks[i + 1])) {
          parent = null; // "Monitoring:" with sub-items: the sub-items are the tasks
        } else if (parent && b.depth > parent.depth) {
          parent.task.text = bounded(`${parent.task.text}\n${b.text}`);
        } else {
          const t = task(b.text, b.line, true, false);
          tasks.push(t);
          parent = { task: t, depth: b.depth };
        }
      } else if (b.continuation && parent) {
        parent.task.text = bounded(`${parent.task.text}\n${b.text}`);
      } else if (b.kind === 'table-row' && !b.header) {
        const owner = ownerColumn !== null && (b.cells?.[ownerColumn]?.trim() ?? '') !== '';
        tasks.push(task(b.cells?.filter((_, c) => c !== ownerColumn).join(' — ') ?? b.text, b.line, true, owner));
        parent = null;
      }
    });
  } else {
    // Prose only: each sentence that asks for something is a (not listed) task.
    for (const b of section.blocks.filter((x) => x.kind === 'paragraph')) {
      for (const s of sentences(b.text)) tasks.push(task(s, b.line, false, false));
    }
  }
  const seen = new Set<string>();
  return tasks.filter((t) => {
    const key = t.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A list item that only names a group of sub-items ("Monitoring:", "**Code**"). */
function isGroup(b: Block, next: Block | undefined): boolean {
  const opensList = next?.kind === 'list-item' && next.depth > b.depth;
  return opensList && (/:\s*$/.test(b.text.trim()) || wordCount(b.text) <= 3);
}

function ownerColumnOf(blocks: Block[]): number | null {
  const header = blocks.find((b) => b.kind === 'table-row' && b.header);
  const i = header?.cells?.findIndex((c) => /\b(owner|assignee|who|due|deadline)\b/i.test(c)) ?? -1;
  return i >= 0 ? i : null;
}

function task(rawText: string, line: number, listed: boolean, ownerFromTable: boolean): TaskFact {
  const text = bounded(rawText.replace(/^\[[ xX]\]\s*/, '').trim());
  const firstLine = text.split('\n')[0].replace(/[.!]+$/, '').trim();
  let vagueReason: string | null = null;
  if (pastedShare(text) >= PASTED_SHARE) vagueReason = "the assignment's own wording, not a task";
  else if (VAGUE_TASK.some((p) => p.test(firstLine))) vagueReason = 'says what to improve, not what to do';
  else if (NONCOMMITTAL_TASK.test(firstLine)) vagueReason = 'commits to nothing (look into, consider, some kind of): say what will be done';
  else if (wordCount(text) < MIN_TASK_WORDS) vagueReason = 'too short to say what to change and where';
  else if (!TASK_ANCHOR.test(text)) vagueReason = 'names no concrete change, metric, threshold or test';
  const says = ownerFromTable || readStatement(firstLine, 'task').says;
  return { text, line, listed, vague: vagueReason !== null, vagueReason, ownerOrDue: ownerFromTable || OWNER_OR_DUE.test(text), says };
}
