// coexist plan: observe each target, diff against the model, print the plan (+ ~ -) and optionally save it.
// Exit codes: 0 the plan was made (with or without changes), 1 the plan is rejected (the model has
// validation errors, so apply would refuse it, or a target could not be observed), 2 unusable input.
import type { Command } from './types.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Observe each target and show the changes that would bring it to the model (+ add, ~ change, - destroy)',
  usage: 'coexist plan [--all | --target ID] [--parallel N] [--out PLANFILE] [--commands] [--model FILE] [--json]',
  options: {
    all: { type: 'boolean', help: 'every target of the model (the default without --target)' },
    target: { type: 'string', value: 'ID', help: 'only this target of the model' },
    parallel: {
      type: 'string',
      value: 'N',
      help: 'observe at most N targets at once (default: the number of CPUs); one progress line per target on stderr',
    },
    out: { type: 'string', value: 'PLANFILE', help: 'save the plan for `coexist apply --plan PLANFILE`' },
    commands: { type: 'boolean', help: 'also list the commands each change runs' },
  },
  async run(ctx) {
    const { runPlan } = await import('./plan-run.js');
    return runPlan(ctx);
  },
};
