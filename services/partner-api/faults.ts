import { deliverFault } from '../../catalogue/fault-delivery';
import { slowResponsesParams } from './fault-params';

/**
 * slow-responses — a red herring (incident 2): the partner answers slower, a change on the
 * partner's side (its configuration, not a release of ours); it is not the cause of anything the
 * learners chase. This module is the instructor's side (the catalogue's): the service never loads it.
 */
export const partnerApiFaults = {
  'slow-responses': deliverFault({
    description: 'Adds latency to every quote (a red herring: the partner is slower, but not the cause)',
    params: slowResponsesParams,
    arrives: { config: { note: "the partner's own slowdown" } },
    changes: ({ extraMs, jitterMs }) => ({ 'latency.extraMs': extraMs, 'latency.jitterMs': jitterMs }),
    paramKeys: { extraMs: 'latency.extraMs', jitterMs: 'latency.jitterMs' },
    present: (c) => Number(c['latency.extraMs']) > 0,
  }),
};
