import { access, constants } from 'node:fs/promises';
import type { IHeapSnapshot } from '@memlab/core';
import { UserError } from '../common/user-error';

/**
 * The one place that touches memlab (an optional dependency, loaded on first use): parsing a
 * `.heapsnapshot` file and computing dominators / retained sizes. memlab's leak detectors target
 * browser pages; its heap graph API is what works on Node snapshots, and is all we use.
 */

type MemlabCore = typeof import('@memlab/core');

let core: MemlabCore | undefined;

function memlab(): MemlabCore {
  if (core) return core;
  try {
    core = require('@memlab/core') as MemlabCore;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new UserError(
      'heap diff needs the optional package @memlab/core, which is not installed: run `npm install --include=optional` ' +
        '(set PUPPETEER_SKIP_DOWNLOAD=1 to skip the browser download memlab does not need here)',
    );
  }
  // memlab prints progress to stdout and exits the process on errors unless told otherwise.
  core.config.muteConsole = true;
  core.config.errorHandling = core.ErrorHandling.Throw;
  return core;
}

/** Parses a snapshot file (no dominators yet). */
export async function readSnapshot(file: string): Promise<IHeapSnapshot> {
  const lib = memlab();
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new UserError(`cannot read heap snapshot ${file}`);
  }
  try {
    return await lib.utils.getSnapshotFromFile(file, { buildNodeIdIndex: false, verbose: false });
  } catch (err) {
    throw new UserError(`${file} is not a V8 heap snapshot (${oneLine(err)})`);
  }
}

/** Fills in each node's `retainedSize` and `dominatorNode` (Lengauer-Tarjan, as DevTools does). */
export function computeRetainedSizes(snapshot: IHeapSnapshot): void {
  new (memlab().TraceFinder)().calculateAllNodesRetainedSizes(snapshot);
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 200);
}
