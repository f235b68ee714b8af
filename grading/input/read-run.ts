import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RUN_RECORD_FILE, runRecordSchema, type RunRecord } from '../../scenarios/run-record';
import { describeFsError, formatBytes } from './read-postmortem';
import { UnreadableInputError } from './unreadable-input';

/** The run folder has no run.json (folder grading tells RUN_MISSING from RUN_INVALID by it). */
export class RunRecordMissingError extends UnreadableInputError {}

/** Run records carry samples; a long run is a few MB. Anything far larger is not one. */
export const MAX_RUN_RECORD_BYTES = 64 * 1024 * 1024;

/** The run record of a run folder (or the run.json file itself), validated against its schema. */
export async function readRunRecord(folderOrFile: string): Promise<RunRecord> {
  let file = folderOrFile;
  try {
    if ((await stat(folderOrFile)).isDirectory()) file = path.join(folderOrFile, RUN_RECORD_FILE);
  } catch (err) {
    throw new UnreadableInputError(`cannot read run ${folderOrFile}: ${describeFsError(err)}`);
  }
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_RUN_RECORD_BYTES) throw new UnreadableInputError(`${file} is ${formatBytes(size)}, too large for a run record`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UnreadableInputError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RunRecordMissingError(`cannot read run record ${file}: ${describeFsError(err)}`);
    throw new UnreadableInputError(`cannot read run record ${file}: ${describeFsError(err)}`);
  }
  return parseRunRecord(text, file);
}

export function parseRunRecord(text: string, name: string): RunRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UnreadableInputError(`${name} is not valid JSON (${(err as Error).message})`);
  }
  // "abandoned" marks a record a dead runner left "running" (#15); read it as unfinished whether or not
  // the schema of this build knows the word yet.
  const abandoned = isRecord(json) && json.status === 'abandoned' && !runRecordSchema.shape.status.safeParse('abandoned').success;
  const parsed = runRecordSchema.safeParse(abandoned ? { ...(json as object), status: 'running' } : json);
  if (parsed.success && abandoned) (parsed.data as { status: string }).status = 'abandoned';
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const where = first.path.length > 0 ? first.path.join('.') : '(top level)';
    throw new UnreadableInputError(`${name} is not a valid run record: ${where}: ${first.message}${rest.length ? ` (and ${rest.length} more)` : ''}`);
  }
  return parsed.data;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
