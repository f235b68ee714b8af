import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { SERVICE_CATALOGUE, type ServiceCatalogue } from '../catalogue/service-catalogue';
import { UserError } from '../common/user-error';
import { parseScenario } from './scenario-parse';
import type { Scenario } from './scenario-schema';
import { lineOfPath } from './yaml-lines';

/**
 * A scenario file (YAML): the built-in incidents (scenarios/definitions/*.yaml) and an instructor's
 * own are read here, the same way, and validated by the same schema (scenario-schema.ts). A problem
 * is reported with the line it is on, one per problem, for `outage-lab scenario check`.
 */

/** One thing wrong with a file: where (line, 1-based; null when the file has no such place) and what. */
export interface ScenarioProblem {
  line: number | null;
  /** The field, as `phases[1].traffic` (empty for the file as a whole). */
  field: string;
  message: string;
}

export type ScenarioFileParse = { success: true; scenario: Scenario } | { success: false; problems: ScenarioProblem[] };

/** Refuses aliases that expand past this many nodes (a "billion laughs" file). */
const MAX_ALIAS_COUNT = 100;

/** A scenario from the text of a YAML file, or every problem it has, each with its line. */
export function parseScenarioText(text: string, catalogue: ServiceCatalogue = SERVICE_CATALOGUE): ScenarioFileParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, field: '', message: `not valid YAML: ${firstLine(e.message)}` }));
    // (the parser can say the same thing twice of one place)
    return { success: false, problems: problems.filter((p, i) => problems.findIndex((q) => q.line === p.line && q.message === p.message) === i) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { success: false, problems: [{ line: null, field: '', message: `not valid YAML: ${firstLine((err as Error).message)}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { success: false, problems: [{ line: 1, field: '', message: 'a scenario file is a mapping of fields (name:, title:, service:, ...)' }] };
  }
  const result = parseScenario(data, catalogue);
  if (result.success) return result;
  return { success: false, problems: result.issues.flatMap((issue) => problemsOf(issue, doc, lines)).sort(byLine) };
}

/** The scenario of a file; a file that cannot be read or is not a valid scenario is a user error naming its first problem. */
export async function readScenarioFile(file: string, catalogue: ServiceCatalogue = SERVICE_CATALOGUE): Promise<{ scenario: Scenario; text: string }> {
  const text = await readText(file);
  const parsed = parseScenarioText(text, catalogue);
  if (!parsed.success) {
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more: outage-lab scenario check ${file})` : '';
    throw new UserError(`${formatProblem(file, parsed.problems[0]!)}${more}`);
  }
  return { scenario: parsed.scenario, text };
}

/** The text of a scenario file, or a user error saying why it cannot be read. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a folder, not a scenario file` : `cannot read ${file}: ${code ?? (err as Error).message}`);
  }
}

/** `file:line: field: message`, as compilers and editors print a problem. */
export function formatProblem(file: string, p: ScenarioProblem): string {
  return `${file}${p.line === null ? '' : `:${p.line}`}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

function problemsOf(issue: z.core.$ZodIssue, doc: ReturnType<typeof parseDocument>, lines: LineCounter): ScenarioProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      line: lineOfPath(doc, [...issue.path, key], lines),
      field: fieldName([...issue.path, key]),
      message: `unknown field "${key}"`,
    }));
  }
  const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
  return [{ line: lineOfPath(doc, issue.path, lines), field: fieldName(issue.path), message: missing ? `missing (expected ${issue.expected})` : issue.message }];
}

/** `phases[1].traffic[0].shape` from zod's path. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? String(step) : `.${String(step)}`)).join('');
}

function byLine(a: ScenarioProblem, b: ScenarioProblem): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
