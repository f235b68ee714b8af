import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UserError } from './user-error';

/**
 * The classroom stack's defaults when nothing else is set, the same as docker-compose.yml's
 * `${LAB_ADMIN_TOKEN:-classroom-admin-token}` (the stack binds to 127.0.0.1: not a secret).
 */
export const CLASSROOM_ADMIN_TOKEN = 'classroom-admin-token';

/**
 * The CLI reads the same `.env` as Compose (the one in the folder it runs from, beside
 * docker-compose.yml): a LAB_ADMIN_TOKEN set there for the stack is the token the commands use.
 * As with Compose, the shell's environment wins: a variable already set (even empty) is kept.
 * Parsed by Node's own dotenv reader (util.parseEnv). Returns the names it set.
 */
export function loadComposeEnv(dir = process.cwd()): string[] {
  const file = path.join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return [];
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (process.env[name] !== undefined) continue;
    process.env[name] = value;
    set.push(name);
  }
  return set;
}
