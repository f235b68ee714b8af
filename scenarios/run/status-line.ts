import type { RequestRecord } from '../../load/request-record';
import { NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES } from '../../services/kit/metrics/heap-old-space-limit';
import { NODEJS_HEAP_SIZE_LIMIT_BYTES } from '../../services/kit/metrics/heap-size-limit';
import { NODEJS_HEAP_SIZE_USED_BYTES } from '../../services/kit/metrics/node-runtime';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';

/** The users' p95 and errors on the live line are over this last stretch. */
const RECENT_MS = 5_000;

/** The instructor's live line: phase, time, the service's heap, users' recent p95 and errors, restarts. */
export class StatusLine {
  private readonly recent: RequestRecord[] = [];

  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
  ) {}

  add(request: RequestRecord): void {
    this.recent.push(request);
  }

  show(): void {
    const { scenario, plan, record, progress } = this.run;
    const now = Date.now();
    while (this.recent.length > 0 && this.recent[0]!.t < now - RECENT_MS) this.recent.shift();
    const answered = this.recent.filter((r) => r.error !== 'cancelled');
    const latencies = answered.map((r) => r.latencyMs).sort((a, b) => a - b);
    const failed = answered.filter((r) => r.status === 0 || r.status >= 500).length;
    const last = [...record.samples].reverse().find((s) => s.service === scenario.service && s.up);
    const phase = this.player.currentPhase;
    progress.status({
      phase: phase?.spec.name ?? 'preparing',
      phaseIndex: phase?.index ?? 0,
      phaseCount: plan.phases.length,
      elapsedMs: now - this.run.t0,
      totalMs: plan.totalMs,
      heapUsedBytes: last?.values[NODEJS_HEAP_SIZE_USED_BYTES],
      heapLimitBytes: last?.values[NODEJS_HEAP_OLD_SPACE_LIMIT_BYTES] ?? last?.values[NODEJS_HEAP_SIZE_LIMIT_BYTES],
      p95Ms: latencies.length > 0 ? latencies[Math.ceil(0.95 * latencies.length) - 1] : undefined,
      errorRate: answered.length > 0 ? failed / answered.length : undefined,
      restarts: record.resources.restarts,
    });
  }
}
