import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { definitionFile, findScenario } from '../../scenarios/definitions';
import { minutesSeconds } from '../../scenarios/run-clock';
import { planRun } from '../../scenarios/run-plan';
import { formatProblem, parseScenarioText, readText } from '../../scenarios/scenario-file';
import { scenarioSchema } from '../../scenarios/scenario-schema';
import { UserError } from '../../common/user-error';

/**
 * `outage-lab scenario export|schema|check`: an instructor's own incident as a YAML file, starting
 * from a built-in one, with the JSON Schema for their editor, checked before it is played
 * (`outage-lab scenario run ./my-incident.yaml`). docs/writing-a-scenario.md walks through it.
 */
export function addScenarioFileCommands(scenario: Command): void {
  scenario
    .command('export')
    .description('print a built-in scenario as YAML, to start your own incident from (docs/writing-a-scenario.md)')
    .argument('<name>', 'a built-in scenario (see `outage-lab scenario list`)')
    .action((name: string) => {
      process.stdout.write(readFileSync(definitionFile(findScenario(name).name), 'utf8'));
    });

  scenario
    .command('schema')
    .description("print the JSON Schema of scenario files (for an editor's completion and checks; `check` also checks services, faults and shares)")
    .action(() => {
      console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
    });

  scenario
    .command('check')
    .description('validate scenario files: one line per problem, with its file and line (exit 1 when there is one)')
    .argument('<files...>', 'scenario files (YAML)')
    .action(async (files: string[]) => {
      let valid = true;
      for (const file of files) valid = (await checkFile(file)) && valid;
      if (!valid) process.exitCode = 1;
    });
}

/** Checks one file: its verdict (stdout when valid, each problem on stderr), and whether it is valid. */
async function checkFile(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readText(file);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    console.error(err.message);
    return false;
  }
  const parsed = parseScenarioText(text);
  if (!parsed.success) {
    for (const problem of parsed.problems) console.error(formatProblem(file, problem));
    console.error(`${file}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: not a valid scenario`);
    return false;
  }
  const s = parsed.scenario;
  let quick: number;
  let full: number;
  try {
    quick = planRun(s, { speed: 1, quick: true }).totalMs;
    full = planRun(s, { speed: 1, quick: false }).totalMs;
  } catch (err) {
    // what only a plan can refuse (more traffic than the load generator sends)
    if (!(err instanceof RangeError)) throw err;
    console.error(`${file}: ${err.message}`);
    return false;
  }
  console.log(`${file}: a valid scenario: ${s.name} on ${s.service}, ${s.phases.length} phases, ${minutesSeconds(full)} (quick ${minutesSeconds(quick)})`);
  return true;
}

/** The scenario schema as JSON Schema, as a file is written (defaults not filled in). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Outage Lab scenario',
    description: 'An incident the lab plays: docs/writing-a-scenario.md. `outage-lab scenario check` also checks what a schema cannot (the fault exists in the service, shares sum to 1).',
  };
}
