import type { Command } from 'commander';
import { ackCommand } from './commands/ack';
import { faultCommand } from './commands/fault';
import { gradeCommand } from './commands/grade';
import { heapCommand } from './commands/heap';
import { loadCommand } from './commands/load';
import { upCommand } from './commands/up';
import { downCommand } from './commands/down';
import { scenarioCommand } from './commands/scenario';
import { hintCommand } from './commands/hint';
import { opsCommand } from './commands/ops';
import { profileCommand } from './commands/profile';

/** Every sub-command of `outage-lab`; each module exports a factory returning a commander Command. */
export const commands: Array<() => Command> = [
  upCommand,
  downCommand,
  faultCommand,
  loadCommand,
  scenarioCommand,
  hintCommand,
  ackCommand,
  heapCommand,
  profileCommand,
  opsCommand,
  gradeCommand,
];
