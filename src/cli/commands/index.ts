// The table of subcommands: dispatch and help both read it.
import type { Command } from './types.js';
import { validateCommand } from './validate.js';
import { routeCommand } from './route.js';
import { flowsCommand } from './flows.js';
import { initCommand } from './init.js';

export const COMMANDS: readonly Command[] = [initCommand, validateCommand, routeCommand, flowsCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
