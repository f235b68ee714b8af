import MarkdownIt from 'markdown-it';
import { labelLine } from './labels';
import { unwrapFences, type ReadingNote } from './fences';
type Token = MarkdownIt.Token;

/**
 * A postmortem as a flat list of blocks in reading order (headings, paragraphs, list items, table
 * rows, code), each with its source lines, as markdown-it parsed it, then read the way a person reads
 * it: a line that labels a section starts a new block whatever the blank lines around it; a setext
 * "heading" of several lines is a paragraph; a code fence left open, or holding prose, is read as text
 * (fences.ts). Raw HTML is not enabled, so "<script>" stays text; nothing is ever rendered or run.
 */

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'code';

export interface Block {
  kind: BlockKind;
  /** Plain text of the block (emphasis markers dropped, line breaks kept as "\n"). */
  text: string;
  /** 1-based first and last source line. */
  line: number;
  endLine: number;
  /** Nesting depth in lists (0: not in a list, 1: top-level item, ...). */
  depth: number;
  /** A continuation paragraph of the list item that precedes it (not the item's first paragraph). */
  continuation: boolean;
  headingLevel: number | null;
  ordered: boolean;
  /** Table rows: the cells, and whether this is the header row. */
  cells: string[] | null;
  header: boolean;
  /** Code blocks: the fence's info string ("mermaid"). */
  info: string | null;
  /** A label the block starts with: "**Timeline**", "Issue summary:", or a heading's whole text. */
  label: string | null;
  /** The text after the label ("" when the block is only a label). */
  rest: string;
  hasImage: boolean;
  /** A "Label: value" line (a field of a form, "Duration: 14:02-14:13 CET"): terse by design. */
  field?: boolean;
}

export interface ImageRef {
  line: number;
  alt: string;
  src: string;
}

export interface PostmortemDocument {
  source: string;
  lines: string[];
  blocks: Block[];
  images: ImageRef[];
  /** What the reader had to do to read the text (an unclosed fence...) or could not read. */
  reading: ReadingNote[];
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function parseDocument(source: string): PostmortemDocument {
  const { text, notes, tokens } = unwrapFences(source, (s) => md.parse(s, {}));
  const lines = text.split(/\r?\n/);
  const images: ImageRef[] = [];
  const blocks = buildBlocks(tokens, lines, images);
  return { source, lines: source.split(/\r?\n/), blocks, images, reading: notes };
}

function buildBlocks(tokens: Token[], lines: string[], images: ImageRef[]): Block[] {
  const blocks: Block[] = [];
  let depth = 0;
  const orderedStack: boolean[] = [];
  const itemParagraphs: number[] = []; // paragraphs seen so far in each open list item
  let row: { cells: string[]; line: number; endLine: number; header: boolean; image: boolean } | null = null;
  let inHead = false;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        orderedStack.push(t.type === 'ordered_list_open');
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        orderedStack.pop();
        break;
      case 'list_item_open':
        depth++;
        itemParagraphs.push(0);
        break;
      case 'list_item_close':
        depth--;
        itemParagraphs.pop();
        break;
      case 'heading_open': {
        const inline = tokens[i + 1];
        const read = inlineText(inline, images, t.map);
        // A setext "heading" of several lines is a paragraph someone underlined (or a rule after a paragraph).
        if ((t.markup === '=' || t.markup === '-') && read.text.includes('\n')) {
          blocks.push(...paragraphBlocks(read, t.map, lines, depth, 'paragraph', false, false));
        } else {
          blocks.push(block('heading', read.text, t.map, depth, { headingLevel: Number(t.tag.slice(1)), label: read.text, hasImage: read.image }));
        }
        break;
      }
      case 'paragraph_open': {
        const read = inlineText(tokens[i + 1], images, t.map);
        const inItem = itemParagraphs.length > 0;
        const first = inItem && itemParagraphs[itemParagraphs.length - 1] === 0;
        if (inItem) itemParagraphs[itemParagraphs.length - 1]++;
        const ordered = first ? (orderedStack[orderedStack.length - 1] ?? false) : false;
        blocks.push(...paragraphBlocks(read, t.map, lines, depth, first ? 'list-item' : 'paragraph', ordered, inItem && !first));
        break;
      }
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = { cells: [], line: (t.map?.[0] ?? 0) + 1, endLine: t.map?.[1] ?? 0, header: inHead, image: false };
        break;
      case 'inline':
        if (row && tokens[i - 1]?.type.startsWith('t')) {
          const { text, image } = inlineText(t, images, [row.line - 1, row.line]);
          row.cells.push(text);
          row.image ||= image;
        }
        break;
      case 'tr_close':
        if (row) {
          blocks.push({
            ...block('table-row', row.cells.join(' | '), null, depth, { hasImage: row.image }),
            line: row.line,
            endLine: Math.max(row.line, row.endLine),
            cells: row.cells,
            header: row.header,
          });
        }
        row = null;
        break;
      case 'fence':
      case 'code_block':
        blocks.push(block('code', t.content, t.map, depth, { info: t.info.trim().split(/\s+/)[0] || null }));
        break;
      default:
        break;
    }
  }
  return blocks;
}

/**
 * One paragraph, split where a line labels a section ("Timeline:" right under the summary's last line,
 * "2. Timeline" read by Markdown as a lazy continuation): each part is a block with its own lines.
 */
function paragraphBlocks(
  read: InlineRead,
  map: [number, number] | null,
  lines: string[],
  depth: number,
  kind: BlockKind,
  ordered: boolean,
  continuation: boolean,
): Block[] {
  const first = map?.[0] ?? 0;
  const textLines = read.text.split('\n');
  const starts = [0];
  for (let k = 1; k < textLines.length; k++) if (labelLine(lines[first + k] ?? textLines[k])) starts.push(k);
  return starts.map((start, n) => {
    const end = starts[n + 1] ?? textLines.length;
    const text = textLines.slice(start, end).join('\n');
    const lineMap: [number, number] = [first + start, first + end];
    if (n === 0) {
      const { label, rest } = splitLabel(text, read.strongLead);
      return block(kind, text, lineMap, depth, { ordered, continuation, label, rest, hasImage: read.image });
    }
    const found = labelLine(lines[first + start] ?? textLines[start])!;
    const rest = [found.rest, ...textLines.slice(start + 1, end)].join('\n').trim();
    return block('paragraph', text, lineMap, Math.min(depth, 1), { label: found.label, rest, hasImage: read.image });
  });
}

function block(kind: BlockKind, text: string, map: [number, number] | null, depth: number, extra: Partial<Block> = {}): Block {
  return {
    kind,
    text,
    line: (map?.[0] ?? 0) + 1,
    endLine: map?.[1] ?? (map?.[0] ?? 0) + 1,
    depth,
    continuation: false,
    headingLevel: null,
    ordered: false,
    cells: null,
    header: false,
    info: null,
    label: null,
    rest: text,
    hasImage: false,
    ...extra,
  };
}

interface InlineRead {
  text: string;
  image: boolean;
  strongLead: string | null;
}

/** Plain text of an inline token, and the bold text it opens with, if any ("**Timeline:** ..."). */
function inlineText(inline: Token | undefined, images: ImageRef[], map: [number, number] | null): InlineRead {
  let text = '';
  let image = false;
  let strongLead: string | null = null;
  let strongDepth = 0;
  let leading = true;
  for (const c of inline?.children ?? []) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
      case 'html_inline':
        text += c.content;
        if (strongDepth > 0 && strongLead !== null) strongLead += c.content;
        if (c.content.trim() && strongDepth === 0) leading = false;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        image = true;
        // The alt text describes a picture the grader cannot see: it is not the learner's prose.
        images.push({ line: (map?.[0] ?? 0) + 1 + (text.match(/\n/g)?.length ?? 0), alt: c.content, src: String(c.attrGet('src') ?? '') });
        break;
      case 'strong_open':
        if (leading && strongLead === null) strongLead = '';
        strongDepth++;
        break;
      case 'strong_close':
        strongDepth--;
        if (strongDepth === 0) leading = false;
        break;
      default:
        break;
    }
  }
  return { text, image, strongLead: strongLead?.trim() || null };
}

const COLON_LABEL = /^([A-Za-z][A-Za-z &/'()-]{1,60}?)\s*[:：]\s*(.*)$/s;
const MAX_LABEL_WORDS = 8;

/** "**Timeline**" / "**Root cause:** the cache..." / "Issue summary: ..." -> label and the rest. */
function splitLabel(text: string, strongLead: string | null): { label: string | null; rest: string } {
  if (strongLead && strongLead.split(/\s+/).length <= MAX_LABEL_WORDS && text.startsWith(strongLead)) {
    return { label: strongLead.replace(/[:：\s]+$/, ''), rest: text.slice(strongLead.length).replace(/^[\s:：—–-]+/, '') };
  }
  const firstLine = text.split('\n')[0];
  const m = COLON_LABEL.exec(firstLine);
  if (m && m[1].trim().split(/\s+/).length <= MAX_LABEL_WORDS) {
    return { label: m[1].trim(), rest: (m[2] + text.slice(firstLine.length)).trim() };
  }
  // A line of its own ("Issue Summary", "Timeline (UTC)") may be a label: sections.ts decides.
  if (firstLine.split(/\s+/).length <= MAX_LABEL_WORDS && labelLine(firstLine)) {
    return { label: firstLine.trim(), rest: text.slice(firstLine.length).trim() };
  }
  if (!text.includes('\n') && text.split(/\s+/).length <= MAX_LABEL_WORDS) return { label: text.trim(), rest: '' };
  return { label: null, rest: text };
}
