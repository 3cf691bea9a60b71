import type { Command } from '../command.js';
import { cdnowCommand } from './cdnow.js';
import { customerCommand } from './customer.js';
import { dashboardCommand } from './dashboard.js';
import { dbCommand } from './db.js';
import { modelCommand } from './model.js';
import { pyramidCommand } from './pyramid.js';
import { reportCommand } from './report.js';
import { schemasCommand } from './schemas.js';

/** Every subcommand of `loyalty`. A new one is a file in this folder exporting a Command, listed here. */
export const COMMANDS: readonly Command[] = [
  cdnowCommand,
  customerCommand,
  dashboardCommand,
  dbCommand,
  modelCommand,
  pyramidCommand,
  reportCommand,
  schemasCommand,
];
