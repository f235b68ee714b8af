import { serviceLatencyMs, type RequestRecord } from './request-record';

export interface ImpactShare {
  total: number;
  affected: number;
  /** affected / total, 0 when total is 0 */
  share: number;
}

/** The shape of the run record's `impact` field. */
export interface Impact {
  /** requests slower than the objective or failed */
  requests: ImpactShare;
  /** users with at least one such request */
  users: ImpactShare;
  /** requests that failed (no response, or an error status) */
  errorShare: number;
}

export interface ImpactOptions {
  latencyObjectiveMs: number;
  /** only requests sent in [from, to) epoch ms (a phase, the fault window); default all */
  from?: number;
  to?: number;
  /** which statuses count as failures besides "no response"; default 5xx */
  isErrorStatus?: (status: number) => boolean;
}

/**
 * What share of requests and of users a stretch of load hurt. A request cancelled at the end of
 * the load counts when it had already waited longer than the objective, and is left out otherwise
 * (its outcome is unknown).
 */
export function measureImpact(records: Iterable<RequestRecord>, options: ImpactOptions): Impact {
  const { latencyObjectiveMs, from = -Infinity, to = Infinity } = options;
  const isErrorStatus = options.isErrorStatus ?? ((status: number) => status >= 500);
  const users = new Set<string>();
  const affectedUsers = new Set<string>();
  let total = 0;
  let affected = 0;
  let failed = 0;
  for (const r of records) {
    if (r.t < from || r.t >= to) continue;
    // (judged on what the service took: a stall of the users' own process is not the service's)
    const slow = serviceLatencyMs(r) > latencyObjectiveMs;
    if (r.error === 'cancelled' && !slow) continue;
    const error = r.status === 0 ? r.error !== 'cancelled' : isErrorStatus(r.status);
    total++;
    users.add(r.userId);
    if (error) failed++;
    if (slow || error) {
      affected++;
      affectedUsers.add(r.userId);
    }
  }
  return {
    requests: share(total, affected),
    users: share(users.size, affectedUsers.size),
    errorShare: total > 0 ? failed / total : 0,
  };
}

function share(total: number, affected: number): ImpactShare {
  return { total, affected, share: total > 0 ? affected / total : 0 };
}
