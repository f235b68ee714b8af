import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUN_RECORD_FILE, runRecordSchema, type RunRecord } from '../run-record';

/**
 * Writes a run folder's run.json atomically (a temporary file, then rename), one write at a time,
 * so a reader (the grader, `scenario report`, a crash) never sees half a record.
 */
export class RecordFile {
  readonly file: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.file = path.join(dir, RUN_RECORD_FILE);
  }

  /** Validates and writes; resolves when this write (and those before it) are on disk. */
  write(record: RunRecord): Promise<void> {
    const text = JSON.stringify(runRecordSchema.parse(record), null, 1) + '\n';
    const next = this.chain.then(() => writeAtomically(this.file, text));
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/**
 * Owner-only by default (0600): the run record and the debrief name the fault, and a learner with a
 * shell on the instructor's machine must not read them; files meant for learners say so.
 */
export async function writeAtomically(file: string, text: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, file);
}

export async function readRecord(dirOrFile: string): Promise<RunRecord> {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : path.join(dirOrFile, RUN_RECORD_FILE);
  return runRecordSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
