import { readLabEndpoints, readLabState, servicesOf } from '../lab/lab-state';
import { UserError } from '../common/user-error';

/** The services of the running lab (instructor or learner: the addresses need no secret). */
export async function labServiceNames(): Promise<string[]> {
  const state = (await readLabState()) ?? (await readLabEndpoints());
  if (!state) throw new UserError('no lab is running: start one with `outage-lab up`, or name the service and pass --url');
  return servicesOf(state);
}
