import type { Command } from 'commander';
import { faultCommand } from './commands/fault';
import { gradeCommand } from './commands/grade';
import { heapCommand } from './commands/heap';
import { loadCommand } from './commands/load';
import { upCommand } from './commands/up';
import { scenarioCommand } from './commands/scenario';
import { hintCommand } from './commands/hint';

/** Every sub-command of `outage-lab`; each module exports a factory returning a commander Command. */
export const commands: Array<() => Command> = [
  upCommand,
  faultCommand,
  loadCommand,
  scenarioCommand,
  hintCommand,
  heapCommand,
  gradeCommand,
];
