import { parentPort, workerData } from 'node:worker_threads';
import { diffHeapSnapshots } from '../../../heap/heap-diff';

/**
 * A heap diff off the lab's main thread: reading two snapshots and computing dominators takes
 * seconds of CPU, and the `up` process also serves the console and the lab's control endpoint.
 */
const { before, after } = workerData as { before: string; after: string };
diffHeapSnapshots(before, after, { top: 15, paths: 5 }).then(
  (diff) => parentPort!.postMessage({ diff }),
  (err: Error) => parentPort!.postMessage({ error: err.message }),
);
