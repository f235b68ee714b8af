import { existsSync } from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/** The repository (the folder with package.json), from the sources or from dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
