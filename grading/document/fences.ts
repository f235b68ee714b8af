import type MarkdownIt from 'markdown-it';

/**
 * Code fences that hide the postmortem. A fence opened by a pasted preamble and never closed turns
 * the rest of the document into code; a fence around prose (a whole postmortem pasted inside
 * ```markdown, a timeline in a plain ``` block) hides the text from every check. Both are read as
 * text: the fence lines are blanked (line numbers stay right) and a reading note says so. Code, logs
 * and diagrams stay code.
 */

export interface ReadingNote {
  line: number;
  message: string;
  /** true: content the grader could not read (an instructor should look); false: read, with a warning. */
  unread: boolean;
}

const PROSE_INFO = new Set(['', 'text', 'txt', 'markdown', 'md', 'plain', 'plaintext', 'none']);
const CODE_LINE = /[{};]\s*$|^\s*(?:const|let|var|function|import|export|def|class|return|if\s*\(|for\s*\(|SELECT|INSERT|UPDATE|\$|>|#!|\/\/|at\s+\S+\s+\()|=>|^\s*[{[]|^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*\s+(?:INFO|WARN|ERROR|DEBUG|TRACE|FATAL)\b/i;
/** At most this many passes: each one unwraps one fence. */
const MAX_PASSES = 8;

function proseLike(line: string): boolean {
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  const visible = line.replace(/\s+/g, '').length;
  return !CODE_LINE.test(line) && line.trim().split(/\s+/).length >= 3 && letters >= 0.6 * visible;
}

function isClosing(line: string, markup: string): boolean {
  const m = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1][0] === markup[0] && m[1].length >= markup.length;
}

export function unwrapFences(source: string, parse: (text: string) => MarkdownIt.Token[]): { text: string; notes: ReadingNote[]; tokens: MarkdownIt.Token[] } {
  const lines = source.split(/\r?\n/);
  const notes: ReadingNote[] = [];
  let tokens = parse(source);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fence = tokens.find((t) => {
      if (t.type !== 'fence' || !t.map) return false;
      const info = t.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      if (!PROSE_INFO.has(info)) return false;
      const body = t.content.split('\n').filter((l) => l.trim());
      const closed = lines.slice(t.map[0] + 1, t.map[1]).some((l) => isClosing(l, t.markup));
      return !closed || (body.length >= 2 && body.filter(proseLike).length >= 0.6 * body.length);
    });
    if (!fence?.map) return { text: lines.join('\n'), notes, tokens };
    const [open, end] = fence.map;
    const closeAt = lines.slice(open + 1, end).findIndex((l) => isClosing(l, fence.markup));
    lines[open] = '';
    if (closeAt >= 0) lines[open + 1 + closeAt] = '';
    notes.push({
      line: open + 1,
      unread: false,
      message: closeAt < 0
        ? `the code fence opened on line ${open + 1} is never closed; everything after it was read as text (close it with \`\`\` where the code ends)`
        : `lines ${open + 2}-${open + closeAt + 1} are prose inside a code block; they were read as text (remove the \`\`\` fences around them)`,
    });
    tokens = parse(lines.join('\n'));
  }
  return { text: lines.join('\n'), notes, tokens };
}
