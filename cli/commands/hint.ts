import { Command, InvalidArgumentError } from 'commander';
import { labDir } from '../../lab/lab-state';
import { findScenario } from '../../scenarios/definitions';
import { RunClock } from '../../scenarios/run-clock';
import { readCurrentRun } from '../../scenarios/run/current-run';
import { readHintsShown, writeHintsShown } from '../../scenarios/run/hints-shown';
import { CliError } from '../cli-error';

function tier(value: string): number {
  const n = Number(value);
  if (![1, 2, 3].includes(n)) throw new InvalidArgumentError('expected 1, 2 or 3');
  return n;
}

/** `outage-lab hint [tier]`: the next hint of the scenario being played (or the tier asked for). */
export function hintCommand(): Command {
  return new Command('hint')
    .description('show the next hint of the current scenario run (three tiers, from vague to specific)')
    .argument('[tier]', '1, 2 or 3: show this tier (default: the next one not shown yet)', tier)
    .option('--dir <path>', 'the lab folder', labDir())
    .action(async (asked: number | undefined, opts: { dir: string }) => {
      const current = await readCurrentRun(opts.dir);
      if (!current) throw new CliError('no scenario run yet: start one with `outage-lab scenario run <name>`');
      const scenario = findScenario(current.scenario);
      const shown = await readHintsShown(current.runFolder);
      const highest = shown.reduce((max, h) => Math.max(max, h.tier), 0);
      const n = asked ?? Math.min(3, highest + 1);
      if (asked === undefined && highest >= 3) console.log('(all three hints have been shown; here is the last one again)');
      console.log(`Hint ${n} of 3 (${scenario.title}):\n  ${scenario.hints[n - 1]}`);
      if (!shown.some((h) => h.tier === n)) {
        shown.push({ tier: n, at: new RunClock().now() });
        await writeHintsShown(current.runFolder, shown);
      }
    });
}
