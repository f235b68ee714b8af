import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { definitionFile, scenarios } from '../../scenarios/definitions';
import { CLI } from '../support/lab-cli';

/**
 * `outage-lab scenario export|schema|check`, through the built CLI as an instructor types them:
 * every built-in exports to a file that passes `check`, and a broken file gets one line per
 * problem with the file's line, exit 1, and never a stack trace.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'olab-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'scenario', ...args], { encoding: 'utf8', timeout: 30_000, cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The 1-based line of the first line of `text` that matches. */
function lineOf(text: string, match: RegExp): number {
  const i = text.split('\n').findIndex((l) => match.test(l));
  if (i < 0) throw new Error(`no line matches ${match}`);
  return i + 1;
}

function exported(name: string): string {
  const r = cli('export', name);
  expect(r.code).toBe(0);
  return r.stdout;
}

test('the export of each built-in is its file, and passes check', () => {
  const files = scenarios().map((s) => {
    const text = exported(s.name);
    expect(text).toBe(readFileSync(definitionFile(s.name), 'utf8'));
    writeFileSync(path.join(dir, `${s.name}.yaml`), text);
    return `${s.name}.yaml`;
  });
  expect(files).toHaveLength(5);
  const r = cli('check', ...files);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toEqual(scenarios().map((s) => expect.stringMatching(new RegExp(`^${s.name}\\.yaml: a valid scenario: ${s.name} on ${s.service}, `))));
});

describe('check on broken files: file:line, one line per problem, exit 1', () => {
  const base = exported.bind(null, 'db-pool-exhaustion');
  const cases: Array<[string, (text: string) => string, RegExp, RegExp]> = [
    // [case, how the file is broken, the line it is on, what the message says]
    ['an unknown fault', (t) => t.replace('name: pool-unbounded', 'name: pool-drained'), /name: pool-drained/, /fault\.name: widgetify has no fault "pool-drained"; it has: pool-unbounded/],
    ['an unknown service', (t) => t.replace(/^service: widgetify$/m, 'service: payments'), /^service: payments/, /service: .*expected one of "widget-api"\|"storefront"\|"widgetify"/],
    ['segment shares not summing to 1', (t) => t.replace(/share: 1$/m, 'share: 0.6'), /^ {4}segments:/, /populations\.early\.segments: segment shares sum to 0\.6, not 1/],
    ['bad YAML', (t) => t.replace(/^title: (.*)$/m, 'title: "$1'), /^title: "/, /not valid YAML: Missing closing "quote/],
    ['an unknown field', (t) => t.replace(/^( {2}affectedUsersShare: .*)$/m, '$1\n  severity: high'), /^ {2}severity: high/, /incident\.severity: unknown field "severity"/],
  ];
  let stderr: string[];
  const texts = new Map<string, string>();
  const fileOf = (name: string): string => `${name.replace(/ /g, '-')}.yaml`;

  beforeAll(() => {
    const text = base();
    for (const [name, breakIt] of cases) {
      texts.set(name, breakIt(text));
      expect(texts.get(name)).not.toBe(text);
      writeFileSync(path.join(dir, fileOf(name)), texts.get(name)!);
    }
    const r = cli('check', ...cases.map(([name]) => fileOf(name)));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    stderr = r.stderr.trim().split('\n');
  }, 60_000);

  test.each(cases)('%s', (name, _breakIt, line, message) => {
    const file = fileOf(name);
    const lines = stderr.filter((l) => l.startsWith(`${file}:`));
    expect(lines).toHaveLength(2); // the problem, then the count
    expect(lines[0]).toMatch(new RegExp(`^${file.replace('.', '\\.')}:${lineOf(texts.get(name)!, line)}: `));
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(`${file}: 1 problem: not a valid scenario`);
  });

  test('several problems in one file: one line each, in the order of the file; a missing file or a folder: one line', () => {
    const text = base().replace(/^service: widgetify$/m, 'service: payments').replace(/^( {2}affectedUsersShare: .*)$/m, '$1\n  severity: high');
    writeFileSync(path.join(dir, 'two.yaml'), text);
    const r = cli('check', 'two.yaml', 'missing.yaml', '.');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^two\\.yaml:${lineOf(text, /^service: payments/)}: service: `)),
      expect.stringMatching(new RegExp(`^two\\.yaml:${lineOf(text, /severity: high/)}: incident\\.severity: unknown field`)),
      'two.yaml: 2 problems: not a valid scenario',
      'no such file: missing.yaml',
      '. is a folder, not a scenario file',
    ]);
  });
});

test('export of a scenario that does not exist names the ones there are', () => {
  const r = cli('export', 'nope');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('no scenario named "nope"; there are: db-pool-exhaustion,');
});

test("schema: a JSON Schema of the file as written, with the catalogue's services", () => {
  const r = cli('schema');
  expect(r.code).toBe(0);
  const schema = JSON.parse(r.stdout) as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, { enum?: string[] }> };
  expect(schema.$schema).toMatch(/json-schema\.org/);
  expect(schema.required).toEqual(expect.arrayContaining(['name', 'service', 'fault', 'phases', 'brief', 'hints', 'culprit']));
  expect(schema.required).not.toContain('quickRateFactor'); // it has a default
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.service!.enum).toEqual(SERVICE_CATALOGUE.userFacing());
});
