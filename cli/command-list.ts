import type { Command } from 'commander';
import { loadCommand } from './commands/load';

/** Every sub-command of `outage-lab`; each module exports a factory returning a commander Command. */
export const commands: Array<() => Command> = [loadCommand];
