import { Command, InvalidArgumentError } from 'commander';
import { labDir, readLabState } from '../../lab/lab-state';
import { readReleasedHints, releaseNextHint } from '../../scenarios/run/released-hints';
import { AppError } from '../../services/kit/errors';
import { UserError } from '../../common/user-error';

function tier(value: string): number {
  const n = Number(value);
  if (![1, 2, 3].includes(n)) throw new InvalidArgumentError('expected 1, 2 or 3');
  return n;
}

/**
 * `outage-lab hint [tier]`: the hints the instructor released in the current run (learners see
 * nothing else); `outage-lab hint --release`: the instructor releases the next tier. Nothing printed
 * names the scenario.
 */
export function hintCommand(): Command {
  return new Command('hint')
    .description('show the hints your instructor released for the current incident (three tiers, vague to specific); --release: the instructor releases the next one')
    .argument('[tier]', '1, 2 or 3: show this tier only, once released (default: every released tier)', tier)
    .option('--release', "release the next tier to the learners (the instructor's)")
    .option('--dir <path>', 'the lab folder', labDir())
    .action(async (asked: number | undefined, opts: { dir: string; release?: boolean }) => {
      if (opts.release) {
        if (asked !== undefined) throw new UserError('hint --release releases the next tier: give no tier');
        await refuseLearnerToken(opts.dir);
        const released = await asUserError(() => releaseNextHint(opts.dir));
        console.log(`Released hint ${released.tier} of 3 to the learners:\n  ${released.text}`);
        return;
      }
      const released = await readReleasedHints(opts.dir);
      if (!released) throw new UserError('no incident yet: your instructor starts one');
      if (asked !== undefined) {
        const hint = released.hints.find((h) => h.tier === asked);
        if (!hint) throw new UserError(`hint ${asked} has not been released yet (HINT_NOT_RELEASED): your instructor releases hints one at a time`);
        console.log(`Hint ${hint.tier} of 3:\n  ${hint.text}`);
        return;
      }
      if (released.hints.length === 0) {
        console.log('No hint released yet: your instructor releases them one at a time.');
        return;
      }
      for (const hint of released.hints) console.log(`Hint ${hint.tier} of 3 (released ${hint.at}):\n  ${hint.text}`);
    });
}

/**
 * A learner working in the instructor's shell still carries their own token (OUTAGE_LAB_TOKEN):
 * releasing is refused when it is not the instructor's.
 */
async function refuseLearnerToken(dir: string): Promise<void> {
  const token = process.env.OUTAGE_LAB_TOKEN;
  if (!token) return;
  const state = await readLabState(dir).catch(() => null);
  const instructorTokens = [process.env.LAB_ADMIN_TOKEN, state?.adminToken].filter(Boolean);
  if (!instructorTokens.includes(token)) throw new UserError("releasing hints is the instructor's (INSTRUCTOR_ONLY): OUTAGE_LAB_TOKEN is not the instructor's token");
}

async function asUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) throw new UserError(`${err.message} (${err.code})`);
    throw err;
  }
}
