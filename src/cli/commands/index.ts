// The table of subcommands: dispatch and help both read it.
import type { Command } from './types.js';
import { validateCommand } from './validate.js';
import { routeCommand } from './route.js';
import { flowsCommand } from './flows.js';
import { initCommand } from './init.js';
import { planCommand } from './plan.js';
import { applyCommand } from './apply.js';
import { exportCommand } from './export.js';

export const COMMANDS: readonly Command[] = [
  initCommand,
  validateCommand,
  routeCommand,
  flowsCommand,
  planCommand,
  applyCommand,
  exportCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
