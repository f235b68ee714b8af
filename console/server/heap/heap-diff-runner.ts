import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../services/kit/errors';
import { diffHeapSnapshots, type HeapDiff } from '../../../heap/heap-diff';
import { UserError } from '../../../common/user-error';

/** One diff at a time, in a worker thread (compiled: dist/); in-process under the test runner's TypeScript. */
export class HeapDiffRunner {
  private busy = false;

  async diff(before: string, after: string): Promise<HeapDiff> {
    if (this.busy) throw new AppError('CONFLICT', 'A heap diff is being computed; try again when it is done');
    this.busy = true;
    try {
      const worker = path.join(__dirname, 'diff-worker.js');
      if (!existsSync(worker)) return await diffHeapSnapshots(before, after, { top: 15, paths: 5 });
      return await new Promise<HeapDiff>((resolve, reject) => {
        const thread = new Worker(worker, { workerData: { before, after } });
        thread.once('message', (m: { diff?: HeapDiff; error?: string }) => (m.diff ? resolve(m.diff) : reject(new AppError('BAD_REQUEST', m.error))));
        thread.once('error', reject);
        thread.once('exit', (code) => code !== 0 && reject(new Error(`the heap diff stopped (exit ${code})`)));
      });
    } catch (err) {
      // memlab missing, or a file that is not a snapshot: the reason, in one line.
      if (err instanceof UserError) throw new AppError('NOT_AVAILABLE', err.message);
      throw err;
    } finally {
      this.busy = false;
    }
  }
}
