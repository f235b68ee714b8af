import { Command, Option } from 'commander';
import { UserError } from '../../common/user-error';
import { clearLeftovers } from '../../lab/leftovers';
import { isAlive, labDir, readStateFile } from '../../lab/lab-state';

/** How long `up` may take to drain its services and stop the database before `down` gives up. */
const STOP_TIMEOUT_MS = 90_000;

/**
 * `outage-lab down`: stops the lab `outage-lab up` runs (in another terminal, or in the
 * background), found by its state file: SIGTERM, which `up` takes as Ctrl-C. A lab that died is
 * cleared instead (what it left running, its state files).
 */
export function downCommand(): Command {
  return new Command('down')
    .description('stop the lab `outage-lab up` started (found by its state file in the lab folder), as Ctrl-C in its terminal would')
    .addOption(new Option('--dir <path>', 'the lab data folder').default(labDir()))
    .action(async (opts: { dir: string }) => {
      let state;
      try {
        state = await readStateFile(opts.dir);
      } catch (err) {
        throw new UserError(`cannot read the lab's state in ${opts.dir}: ${(err as Error).message.split('\n')[0]}`);
      }
      if (!state) throw new UserError(`no lab is running in ${opts.dir} (no state file there; give --dir, or OUTAGE_LAB_DIR, for a lab elsewhere)`);
      if (!isAlive(state.pid)) {
        await clearLeftovers(opts.dir, (line) => console.error(`… ${line}`));
        console.log(`the lab in ${opts.dir} had died (pid ${state.pid}); what it left is cleared`);
        return;
      }
      try {
        process.kill(state.pid, 'SIGTERM');
      } catch (err) {
        throw new UserError(`cannot stop the lab (pid ${state.pid}): ${(err as NodeJS.ErrnoException).code === 'EPERM' ? 'it runs under another account' : (err as Error).message}`);
      }
      console.error(`… stopping the lab (pid ${state.pid}): draining requests, then the database`);
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (isAlive(state.pid)) {
        if (Date.now() > deadline) throw new UserError(`the lab (pid ${state.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s: see its terminal, or kill -9 ${state.pid} (its watchdog then stops the rest)`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      console.log(`stopped the lab in ${opts.dir} (pid ${state.pid})`);
    });
}
