import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../common/user-error';
import { packageRoot } from '../package-root';
import { formatProblem, parseScenarioText, readScenarioFile } from '../scenario-file';
import type { Scenario } from '../scenario-schema';

/**
 * The built-in incidents: one YAML file each in this folder (`<name>.yaml`), read from the
 * package's own folder so that the compiled code in dist/ finds them too, and validated like an
 * instructor's own file (scenario-file.ts). Adding one: docs/adding-an-incident.md.
 */
export function definitionsDir(): string {
  return path.join(packageRoot(), 'scenarios', 'definitions');
}

/** The file of a built-in scenario. */
export function definitionFile(name: string): string {
  return path.join(definitionsDir(), `${name}.yaml`);
}

let parsed: Scenario[] | undefined;

/** Every built-in scenario, by name; a broken file fails loudly, naming the file, line and field. */
export function scenarios(): Scenario[] {
  parsed ??= readdirSync(definitionsDir())
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = path.join(definitionsDir(), f);
      const result = parseScenarioText(readFileSync(file, 'utf8'));
      if (!result.success) throw new Error(`built-in scenario ${result.problems.map((p) => formatProblem(file, p)).join('; ')}`);
      if (`${result.scenario.name}.yaml` !== f) throw new Error(`${file} holds the scenario "${result.scenario.name}": a built-in's file is named after it`);
      return result.scenario;
    });
  return parsed;
}

export function findScenario(name: string): Scenario {
  const found = scenarios().find((s) => s.name === name);
  if (!found) throw new UserError(`no scenario named "${name}"; there are: ${scenarios().map((s) => s.name).join(', ')} (or give a scenario file: ./my-incident.yaml)`);
  return found;
}

/** Whether a command's argument names a file rather than a built-in scenario. */
export function isScenarioFile(nameOrFile: string): boolean {
  return /\.ya?ml$/i.test(nameOrFile) || nameOrFile.includes('/') || nameOrFile.includes(path.sep);
}

/**
 * A built-in scenario by name, or an instructor's scenario file (`./my-incident.yaml`), with the
 * file's text (a run keeps a copy, so that its hints and report come from what was played).
 */
export async function loadScenario(nameOrFile: string): Promise<{ scenario: Scenario; text: string }> {
  if (isScenarioFile(nameOrFile)) return readScenarioFile(nameOrFile);
  const scenario = findScenario(nameOrFile);
  return { scenario, text: readFileSync(definitionFile(scenario.name), 'utf8') };
}
