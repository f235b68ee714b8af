/** Why a request got no HTTP status. */
export type RequestError =
  /** no response within the per-request timeout */
  | 'timeout'
  /** refused, reset or closed before a response */
  | 'connection'
  /** still in flight when the load stopped (end of run or abort); latencyMs is a lower bound */
  | 'cancelled';

/** One request of a load run: what the scenario runner computes impact from. */
export interface RequestRecord {
  /** epoch ms when the request was sent */
  t: number;
  /** the x-user-id it carried, `u<n>` */
  userId: string;
  /** the route label, `<METHOD> <path template>` unless the mix names it */
  route: string;
  /** the stage of the shape it belongs to */
  stage: string;
  /** HTTP status, 0 when there was none (see error) */
  status: number;
  /** from sending to the complete response (or to the failure), ms */
  latencyMs: number;
  error?: RequestError;
  /**
   * Part of latencyMs during which the load generator itself was not running (see
   * generator-stalls.ts); absent when none. The service took at least latencyMs minus this.
   */
  generatorStallMs?: number;
}

/** The least the service can have taken: the measured latency without the generator's own stalls. */
export function serviceLatencyMs(r: RequestRecord): number {
  return r.latencyMs - (r.generatorStallMs ?? 0);
}
