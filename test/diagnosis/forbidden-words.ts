import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_CATALOGUE } from '../../catalogue/service-catalogue';
import { scenarios } from '../../scenarios/definitions';

const ROOT = path.join(__dirname, '..', '..');
const SOURCE_DIRS = ['services', 'lab', 'cli', 'scenarios', 'heap', 'load', 'grading', 'profile', 'bench', 'test', 'catalogue', 'common'];

/** Every identifier of ours with "fault" in it (not Node's "default"), from the repository's sources. */
export function faultIdentifiers(): string[] {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) visit(file);
      else if (file.endsWith('.ts')) {
        for (const [id] of readFileSync(file, 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) {
          // The plain words are the word check's; Node's "default" is not ours.
          if (/fault/i.test(id) && !/default/i.test(id) && !/^faults?$/i.test(id)) found.add(id);
        }
      }
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(ROOT, dir));
  return [...found].sort();
}

/** What no file a learner downloads may contain, each with why. */
export function forbidden(secrets: Record<string, string>): Array<{ what: string; test: (text: string) => boolean }> {
  const literal = (what: string, needle: string) => ({ what, test: (text: string) => text.includes(needle) });
  return [
    ...Object.entries(secrets).map(([what, value]) => literal(what, value)),
    literal('an Authorization header', 'Bearer '),
    { what: '"fault" as a word', test: (text) => /\bfaults?\b/i.test(text) },
    ...faultIdentifiers().map((id) => literal(`our identifier ${id}`, id)),
    ...SERVICE_CATALOGUE.services.flatMap((s) => Object.keys(s.faults)).map((name) => literal(`fault name ${name}`, name)),
    ...scenarios().map((s) => literal(`scenario name ${s.name}`, s.name)),
    { what: '"incident"', test: (text) => /incident/i.test(text) },
  ];
}
