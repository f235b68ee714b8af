import { Command, CommanderError } from 'commander';
import { commands } from './command-list';
import { UserError } from '../common/user-error';
import { loadComposeEnv } from '../common/compose-env';

/** `outage-lab`: every sub-command lives in cli/commands/<name>.ts and is listed in command-list.ts. */
async function main(argv: string[]): Promise<void> {
  loadComposeEnv();
  const program = new Command('outage-lab')
    .description('A hands-on lab for debugging memory leaks and resource exhaustion in Node.js services')
    .showHelpAfterError()
    .exitOverride();
  for (const make of commands) program.addCommand(make());
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  if (err instanceof UserError) {
    console.error(`outage-lab: ${err.message}`);
    process.exitCode = err.exitCode;
    return;
  }
  console.error(err);
  process.exitCode = 1;
});
