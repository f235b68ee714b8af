import type { ActionRecord } from '../run-record';
import type { DrillReferee } from './drill-referee';
import type { PhasePlayer } from './phase-player';
import type { RunContext } from './run-context';

/** Actions that can take a cause away (a restart never does: the fault is in what is deployed). */
const CHANGES = new Set(['rollback', 'set']);

/**
 * The record's `response` in a drill, brought up to date from the actions collected, the
 * referee's view of the cause and of the objective, and the record's first breach: who took the
 * incident and when, when the users were served within objective again, when and how the cause
 * went, and what else was tried (restarts, rollbacks that changed nothing).
 */
export class ResponseTracker {
  constructor(
    private readonly run: RunContext,
    private readonly player: PhasePlayer,
    private readonly referee: DrillReferee,
  ) {}

  /** `final`: the run is over (a fix the runner played at the time limit counts then). */
  update(final = false, now = Date.now()): void {
    const { record, clock } = this.run;
    const response = record.response!;
    const actions = (record.actions ?? []).filter((a) => a.result === 'ok');
    const ack = actions.find((a) => a.action === 'acknowledge');
    response.acknowledgedAt = ack?.at ?? null;
    response.acknowledgedBy = ack ? (ack.learner ?? `the ${ack.role}`) : null;

    const breach = record.firstSloBreach ? Date.parse(record.firstSloBreach.at) : undefined;
    const mitigated = this.referee.mitigatedMs(breach, now);
    response.mitigatedAt = mitigated === null ? null : clock.iso(mitigated);

    let resolving: ActionRecord | undefined;
    const gone = this.referee.causeGoneMs;
    if (gone !== undefined) {
      resolving = actions.filter((a) => CHANGES.has(a.action) && Date.parse(a.at) <= gone).at(-1);
      response.resolvedBy = 'learners';
      response.resolvedAt = clock.iso(gone);
      response.resolvedWith = resolving ? `${resolving.action} ${resolving.service}: ${resolving.detail}` : null;
    } else if (final && record.status === 'completed' && this.player.faultEndMs !== undefined) {
      response.resolvedBy = 'runner';
      response.resolvedAt = clock.iso(this.player.faultEndMs);
      response.resolvedWith = 'the runner played the fix at the time limit';
    }
    response.restarts = actions.filter((a) => a.action === 'restart').length;
    response.harmlessRollbacks = actions.filter((a) => a.action === 'rollback' && a !== resolving).length;

    const start = record.faultWindow.start ? Date.parse(record.faultWindow.start) : undefined;
    const since = (iso: string | null): number | null => (iso && start !== undefined ? Date.parse(iso) - start : null);
    response.timeToAcknowledgeMs = since(response.acknowledgedAt);
    response.timeToMitigateMs = since(response.mitigatedAt);
    response.timeToResolveMs = since(response.resolvedAt);
  }
}
