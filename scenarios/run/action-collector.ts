import type { OpsEntry } from '../../services/kit/deployment/deployment-state';
import type { ActionRecord } from '../run-record';
import type { RunContext } from './run-context';

/** Operations that are the lab's own bookkeeping, not anyone's response. */
const NOT_ACTIONS = new Set(['lease-expired']);

/**
 * Collects what people did during the run from the services' own operations logs (each service
 * logs every operation with the role and the learner's name: ops, snapshots, profiles, ack) into
 * the record's actions, oldest first. The runner's own calls (`via: runner`) are left out.
 */
export class ActionCollector {
  private readonly seen = new Set<string>();

  constructor(private readonly run: RunContext) {}

  /**
   * Reads every service's log since the run started: at every sample, before the alerts, so that a
   * restart someone asked for is known before the alert that reports it (the service logs the
   * request before its new process starts).
   */
  async collect(): Promise<void> {
    const { target, record, clock } = this.run;
    const since = new Date(Date.parse(record.startedAt));
    const logs = await Promise.all(target.services.map((service) => target.admin(service).opsLog(since).catch(() => [] as OpsEntry[])));
    const fresh = logs.flat().filter((e) => !this.seen.has(e.id) && e.via !== 'runner' && !NOT_ACTIONS.has(e.action));
    if (fresh.length === 0) return;
    for (const entry of fresh) {
      this.seen.add(entry.id);
      record.actions!.push(toAction(entry, clock.iso(Date.parse(entry.at))));
    }
    record.actions!.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
}

function toAction(entry: OpsEntry, at: string): ActionRecord {
  return {
    at,
    role: entry.role,
    ...(entry.name ? { learner: entry.name } : {}),
    action: entry.action,
    service: entry.service,
    detail: entry.detail,
    result: entry.result,
    ...(entry.via ? { via: entry.via } : {}),
  };
}
