import { open, stat } from 'node:fs/promises';
import { UnreadableInputError } from './unreadable-input';

/**
 * Reads a learner's postmortem as UTF-8 text, refusing what is not one: a missing file, a folder,
 * an empty file, a binary file, another encoding, or something far bigger than a postmortem.
 */

/** A 600-word postmortem is about 4 KB; this leaves room for long tables and embedded diagrams. */
export const MAX_POSTMORTEM_BYTES = 512 * 1024;
/** More control characters than this share (besides tab, CR, LF) means binary, not text. */
const MAX_CONTROL_SHARE = 0.01;

export async function readPostmortem(file: string): Promise<string> {
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new UnreadableInputError(`${file} is a folder, not a postmortem file`);
    if (!s.isFile()) throw new UnreadableInputError(`${file} is not a regular file`);
    size = s.size;
  } catch (err) {
    if (err instanceof UnreadableInputError) throw err;
    throw new UnreadableInputError(`cannot read ${file}: ${describeFsError(err)}`);
  }
  if (size > MAX_POSTMORTEM_BYTES) {
    throw new UnreadableInputError(`${file} is ${formatBytes(size)}; a postmortem is a few KB of Markdown (limit ${formatBytes(MAX_POSTMORTEM_BYTES)})`);
  }
  // Read at most the limit even if the file grew since stat.
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, MAX_POSTMORTEM_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_POSTMORTEM_BYTES) throw new UnreadableInputError(`${file} is larger than ${formatBytes(MAX_POSTMORTEM_BYTES)}; a postmortem is a few KB of Markdown`);
    return decodePostmortem(buffer.subarray(0, bytesRead), file);
  } finally {
    await handle.close();
  }
}

/** The checks on the bytes themselves, separate from the file system so they can be tested directly. */
export function decodePostmortem(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new UnreadableInputError(`${name} is empty`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UnreadableInputError(`${name} is UTF-16 text; save it as UTF-8`);
  }
  if (bytes.includes(0)) throw new UnreadableInputError(`${name} looks like a binary file (it contains NUL bytes), not Markdown text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnreadableInputError(`${name} is not UTF-8 text; save it as UTF-8 (most editors offer it in "Save as")`);
  }
  // eslint-disable-next-line no-control-regex
  const controls = text.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length * MAX_CONTROL_SHARE)) {
    throw new UnreadableInputError(`${name} looks like a binary file (${controls} control characters), not Markdown text`);
  }
  if (text.trim() === '') throw new UnreadableInputError(`${name} has no text (only whitespace)`);
  return text;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error).message ?? String(err);
}
