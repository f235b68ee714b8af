import { Command } from 'commander';
import { clientFor, resolveServiceTarget } from '../../lab/service-target';
import { withTargetOptions, type TargetOptions } from '../target-options';

/**
 * `outage-lab ack <service>`: the on-call takes the incident they were paged for (the learners'
 * token is enough). The service logs it with the learner's name (`--as`, OUTAGE_LAB_LEARNER); a
 * drill's record counts its time to acknowledge from it.
 */
export function ackCommand(): Command {
  return withTargetOptions(
    new Command('ack')
      .description('take the incident you were paged for (recorded with your name: --as or OUTAGE_LAB_LEARNER)')
      .argument('<service>', 'the service the page is about'),
  ).action(async (service: string, opts: TargetOptions) => {
    const target = await resolveServiceTarget(service, opts);
    const done = await clientFor(target).acknowledge();
    console.log(`${service}: incident acknowledged by ${done.by} at ${done.acknowledgedAt}`);
  });
}
