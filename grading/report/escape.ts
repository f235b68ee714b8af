/**
 * Learner text in a report is data, never markup: control characters are removed for terminals
 * (no escape sequences reach the user's terminal), and HTML and Markdown are escaped.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** For terminals and CSV: no control characters, no bidirectional overrides. */
export function plain(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

export function escapeHtml(text: string): string {
  return plain(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline Markdown text that renders as itself: every punctuation that could start markup is escaped. */
export function escapeMarkdown(text: string): string {
  return plain(text)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}
