import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../common/user-error';

/**
 * Where the grader may write. A report or a gradebook must never land on a learner's file or inside
 * the folder being graded (the learners' submissions), nor on the run record: `--out` and `--reports`
 * that would are refused before anything is graded or written. Paths are compared after resolving
 * symbolic links, as far as they exist.
 */

export class OutputPathError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'OutputPathError';
  }
}

/** The absolute path with every existing ancestor's symbolic links resolved. */
export function resolveReal(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let dir = abs;
  for (;;) {
    try {
      return path.join(realpathSync(dir), ...rest);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      rest.unshift(path.basename(dir));
      dir = parent;
    }
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function kind(p: string): 'file' | 'folder' | 'other' | null {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other';
  } catch {
    return null;
  }
}

export interface Inputs {
  /** Files read as input (the postmortem, the run record). */
  files: string[];
  /** Folders whose content is input (the class folder). */
  folders: string[];
}

/** Throws OutputPathError (one line) when `out`, a file to write, would touch an input or cannot be written. */
export function checkOutFile(option: string, out: string, inputs: Inputs): void {
  const real = resolveReal(out);
  for (const f of inputs.files) if (real === resolveReal(f)) throw new OutputPathError(`${option} ${out} is an input file (${f}); refusing to overwrite it`);
  for (const d of inputs.folders) if (inside(real, resolveReal(d))) throw new OutputPathError(`${option} ${out} is inside the folder being graded (${d}); write it elsewhere`);
  const k = kind(real);
  if (k === 'folder') throw new OutputPathError(`${option} ${out} is a folder; give a file name`);
  if (k === 'other') throw new OutputPathError(`${option} ${out} is not a regular file`);
  const parent = kind(path.dirname(real));
  if (parent !== 'folder') throw new OutputPathError(`${option} ${out}: the folder ${path.dirname(out)} does not exist`);
}

/** Throws OutputPathError when `dir`, a folder to write reports into, would touch an input or is a file. */
export function checkReportsFolder(option: string, dir: string, inputs: Inputs): void {
  const real = resolveReal(dir);
  for (const d of inputs.folders) {
    if (inside(real, resolveReal(d))) throw new OutputPathError(`${option} ${dir} is inside the folder being graded (${d}); the reports would sit among (or replace) the submissions`);
  }
  for (const f of inputs.files) if (real === resolveReal(f)) throw new OutputPathError(`${option} ${dir} is an input file (${f})`);
  const k = kind(real);
  if (k === 'file' || k === 'other') throw new OutputPathError(`${option} ${dir} is a file; give a folder`);
}
