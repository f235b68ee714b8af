import MarkdownIt from 'markdown-it';
type Token = MarkdownIt.Token;

/**
 * A postmortem as a flat list of blocks in reading order (headings, paragraphs, list items, table
 * rows, code), each with its source lines, as markdown-it parsed it. Raw HTML is not enabled, so
 * "<script>" stays text; nothing the learner wrote is ever rendered or run.
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
}

export interface PostmortemDocument {
  source: string;
  lines: string[];
  blocks: Block[];
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function parseDocument(source: string): PostmortemDocument {
  const tokens = md.parse(source, {});
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
        const { text, image } = inlineText(inline);
        blocks.push(block('heading', text, t.map, depth, { headingLevel: Number(t.tag.slice(1)), label: text, hasImage: image }));
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const { text, image, strongLead } = inlineText(inline);
        const inItem = itemParagraphs.length > 0;
        const first = inItem && itemParagraphs[itemParagraphs.length - 1] === 0;
        if (inItem) itemParagraphs[itemParagraphs.length - 1]++;
        const kind: BlockKind = first ? 'list-item' : 'paragraph';
        const { label, rest } = splitLabel(text, strongLead);
        blocks.push(
          block(kind, text, t.map, depth, {
            ordered: first ? (orderedStack[orderedStack.length - 1] ?? false) : false,
            continuation: inItem && !first,
            label,
            rest,
            hasImage: image,
          }),
        );
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
          const { text, image } = inlineText(t);
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
  return { source, lines: source.split(/\r?\n/), blocks };
}

function block(
  kind: BlockKind,
  text: string,
  map: [number, number] | null,
  depth: number,
  extra: Partial<Block> = {},
): Block {
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

/** Plain text of an inline token, and the bold text it opens with, if any ("**Timeline:** ..."). */
function inlineText(inline: Token | undefined): { text: string; image: boolean; strongLead: string | null } {
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
        text += c.content;
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
  // A paragraph that is one short line ("Issue Summary") may be a label: sections.ts decides.
  if (!text.includes('\n') && text.split(/\s+/).length <= MAX_LABEL_WORDS) return { label: text.trim(), rest: '' };
  return { label: null, rest: text };
}
