import { minutesSeconds } from '../scenarios/run-clock';
import type { RunProgress, RunStatus } from '../scenarios/run/run-progress';

const NON_TTY_STATUS_EVERY_MS = 15_000;

/**
 * The run on the terminal: one live status line (phase, elapsed/remaining, heap, p95, errors) that
 * events print above. Without a terminal, events and a status line every 15 s.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, enabled = true): RunProgress {
  const tty = Boolean(stream.isTTY);
  let lastStatus = '';
  let lastPrinted = 0;
  const clear = (): void => {
    if (tty && lastStatus) stream.write('\r\x1b[2K');
  };
  return {
    event(message) {
      clear();
      stream.write(`${new Date().toTimeString().slice(0, 8)} ${message}\n`);
      if (tty && lastStatus && enabled) stream.write(lastStatus);
    },
    status(status) {
      if (!enabled) return;
      const line = formatStatus(status);
      if (tty) {
        lastStatus = line;
        stream.write(`\r\x1b[2K${line}`);
      } else if (Date.now() - lastPrinted >= NON_TTY_STATUS_EVERY_MS) {
        lastPrinted = Date.now();
        stream.write(`${line}\n`);
      }
    },
    done() {
      clear();
      lastStatus = '';
    },
  };
}

export function formatStatus(s: RunStatus): string {
  const heap =
    s.heapUsedBytes === undefined
      ? 'heap —'
      : `heap ${Math.round(s.heapUsedBytes / 1048576)}${s.heapLimitBytes ? `/${Math.round(s.heapLimitBytes / 1048576)}` : ''} MB`;
  return [
    `[${s.phaseIndex + 1}/${s.phaseCount} ${s.phase}]`,
    `${minutesSeconds(s.elapsedMs)} / ${minutesSeconds(s.totalMs)} (${minutesSeconds(s.totalMs - s.elapsedMs)} left)`,
    heap,
    `p95 ${s.p95Ms === undefined ? '—' : `${Math.round(s.p95Ms)} ms`}`,
    `errors ${s.errorRate === undefined ? '—' : `${(s.errorRate * 100).toFixed(1)}%`}`,
    `restarts ${s.restarts}`,
  ].join('  ');
}
