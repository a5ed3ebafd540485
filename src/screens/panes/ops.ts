// The Plan/Apply view's keys; what they do is in ../ops/reducer.ts.
import type { CommandDef } from '../command-types.js';
import { opsCommand, opsUnavailable } from '../ops/reducer.js';

const bound = (c: Omit<CommandDef, 'run'>): CommandDef => {
  const def: CommandDef = { ...c, run: (s) => opsCommand(s, def) };
  return def;
};

export const OPS_COMMANDS: CommandDef[] = [
  bound({ id: 'ops.down', scope: 'ops', keys: ['down', 'j'], title: 'Next target' }),
  bound({ id: 'ops.up', scope: 'ops', keys: ['up', 'k'], title: 'Previous target' }),
  bound({
    id: 'ops.plan',
    scope: 'ops',
    keys: ['enter'],
    title: 'Plan: observe the target and show what would change to make it match the model',
    short: 'plan',
    priority: 1,
    unavailable: (s) => opsUnavailable(s, 'ops.plan'),
    refusedAs: 'Not planned',
  }),
  bound({
    id: 'ops.planAll',
    scope: 'ops',
    keys: ['P'],
    title: 'Plan every target, several at once (as many as the machine has CPUs; the others wait, shown queued)',
    short: 'plan all',
    priority: 4,
  }),
  bound({
    id: 'ops.apply',
    scope: 'ops',
    keys: ['a'],
    title: "Apply exactly the plan shown (type yes, or the target's id when it deletes; refused if the target or the model changed)",
    short: 'apply',
    priority: 2,
    dangerous: true,
    unavailable: (s) => opsUnavailable(s, 'ops.apply'),
    refusedAs: 'Not applied',
  }),
  bound({
    id: 'ops.log',
    scope: 'ops',
    keys: ['l'],
    title: 'Switch between the plan and the log of every command run on the target',
    short: 'log',
    priority: 3,
  }),
  bound({ id: 'ops.scrollDown', scope: 'ops', keys: ['pgdn', 'C-d'], title: 'Scroll the plan or the log down' }),
  bound({ id: 'ops.scrollUp', scope: 'ops', keys: ['pgup', 'C-u'], title: 'Scroll the plan or the log up' }),
];
