import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { bytes, formatHeapDiff } from '../../heap/diff-report';
import { DownloadProgress } from '../../heap/download-progress';
import { diffHeapSnapshots } from '../../heap/heap-diff';
import { describeOrigin, readOrigin, sameProcess } from '../../heap/snapshot-origin';
import { defaultSnapshotFile, downloadHeapSnapshot } from '../../heap/snapshot-download';
import { resolveServiceTarget } from '../../lab/service-target';
import { UserError } from '../../common/user-error';
import { positiveInt } from '../option-parsers';
import { withTargetOptions, type TargetOptions } from '../target-options';

interface SnapshotOptions extends TargetOptions {
  out?: string;
  timeout: number;
}

interface DiffOptions {
  top: number;
  paths: number;
  internals?: boolean;
  exclude: RegExp[];
  minGrowth: number;
  json?: boolean;
}

/** `outage-lab heap snapshot|diff`: heap snapshots of a running service, and what grew between two of them. */
export function heapCommand(): Command {
  const heap = new Command('heap').description('take heap snapshots of a lab service and see what grew between two of them');

  withTargetOptions(
    heap
      .command('snapshot')
      .description('save a V8 heap snapshot of a running service (it pauses while V8 walks its heap)')
      .argument('<service>', 'widget-api, storefront, widgetify, ...')
      .option('-o, --out <file>', 'where to save it (default: <service>-<time>.heapsnapshot here)')
      .option('--timeout <seconds>', 'how long the service may take to start sending', positiveInt, 600),
  )
    .action(async (service: string, opts: SnapshotOptions) => {
      const target = await resolveServiceTarget(service, opts);
      const file = path.resolve(opts.out ?? defaultSnapshotFile(service));
      console.error(`taking a heap snapshot of ${service} at ${target.baseUrl} (the service pauses while V8 walks its heap)…`);
      const progress = new DownloadProgress();
      try {
        const result = await downloadHeapSnapshot({
          ...target,
          file,
          answerTimeoutMs: opts.timeout * 1000,
          onStart: ({ totalBytes }) => progress.start(totalBytes),
          onProgress: (received) => progress.update(received),
        });
        progress.stop();
        const paused = result.pauseMs !== undefined ? `; ${service} paused ${seconds(result.pauseMs)}` : '';
        console.log(`saved ${path.relative(process.cwd(), result.file) || result.file} (${bytes(result.bytes)} in ${seconds(result.elapsedMs)}${paused})`);
      } finally {
        progress.stop();
      }
    });

  heap
    .command('diff')
    .description('what grew between two snapshots of the same process: constructors by retained size and count, with retainer paths')
    .argument('<before>', 'the earlier .heapsnapshot')
    .argument('<after>', 'the later .heapsnapshot, of the same process')
    .option('--top <n>', 'rows in the ranking', positiveInt, 10)
    .option('--paths <n>', 'retainer paths for the first n rows', nonNegativeInt, 3)
    .option('--internals', "rank V8's own structures too (strings, backing stores, code, contexts)")
    .option('--exclude <regex>', 'leave out constructors whose name matches (repeatable)', collectRegex, [])
    .option('--min-growth <bytes>', 'leave out constructors that grew by less', nonNegativeInt, 1024)
    .option('--json', 'print JSON')
    .option('--force', 'diff snapshots of two different processes anyway')
    .action(async (before: string, after: string, opts: DiffOptions & { force?: boolean }) => {
      if (path.resolve(before) === path.resolve(after)) throw new UserError('give two different snapshots: the earlier one first');
      const [from, to] = await Promise.all([readOrigin(before), readOrigin(after)]);
      if (from && to && !sameProcess(from, to) && !opts.force) {
        throw new UserError(
          `the snapshots are of two processes: ${path.basename(before)} of ${describeOrigin(from)}, ${path.basename(after)} of ${describeOrigin(to)}; a diff compares one process over time (--force to diff them anyway)`,
        );
      }
      const tty = process.stderr.isTTY;
      const diff = await diffHeapSnapshots(before, after, {
        ...opts,
        ...(tty ? { onPhase: (phase: string) => process.stderr.write(`\r\x1b[K${phase}…`) } : {}),
      });
      if (tty) process.stderr.write('\r\x1b[K');
      if (diff.after.keptFromBefore < diff.after.nodeCount * 0.1) {
        console.error('warning: almost no object of "after" was in "before": are they snapshots of the same process, with no restart in between?');
      }
      console.log(opts.json ? JSON.stringify(diff, null, 2) : formatHeapDiff(diff));
    });
  return heap;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
}

function collectRegex(value: string, previous: RegExp[]): RegExp[] {
  try {
    return [...previous, new RegExp(value)];
  } catch {
    throw new InvalidArgumentError(`not a regular expression: ${value}`);
  }
}
