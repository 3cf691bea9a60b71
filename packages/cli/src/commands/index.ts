import type { Command } from '../command.js';
import { customerCommand } from './customer.js';
import { dbCommand } from './db.js';
import { reportCommand } from './report.js';

/** Every subcommand of `loyalty`. A new one is a file in this folder exporting a Command, listed here. */
export const COMMANDS: readonly Command[] = [customerCommand, dbCommand, reportCommand];
