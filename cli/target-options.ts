import { Option, type Command } from 'commander';
import type { TargetOptions } from '../lab/service-target';
import { positiveInt } from './option-parsers';

export type { TargetOptions };

/** The options every command that talks to a service's admin API takes: where it is, and who asks. */
export function withTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--target <where>', 'the lab as local processes, or in Docker').choices(['local', 'docker']).default('local'))
    .option('--url <url>', "the service's base URL (default: from the running lab, or 127.0.0.1 for docker)")
    .option('--token <token>', 'your token (default: OUTAGE_LAB_TOKEN, then LAB_ADMIN_TOKEN, then the running lab\'s)')
    .option('--port <port>', 'docker: the port the container publishes on 127.0.0.1', positiveInt)
    .option('--as <name>', 'your name, shown with your actions in the record (default: OUTAGE_LAB_LEARNER)');
}
