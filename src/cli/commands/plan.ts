// coexist plan: observe each target, diff against the model, print the plan (+ ~ -) and optionally save it.
// Exit codes: 0 the plan was made (with or without changes), 1 the plan is rejected (the model has
// validation errors, so apply would refuse it, or a target could not be observed), 2 unusable input.
import type { Command } from './types.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Observe each target and show the changes that would bring it to the model (+ add, ~ change, - destroy)',
  usage: 'coexist plan [--target ID] [--out PLANFILE] [--commands] [--model FILE] [--json]',
  options: {
    target: { type: 'string', value: 'ID', help: 'only this target of the model' },
    out: { type: 'string', value: 'PLANFILE', help: 'save the plan for `coexist apply --plan PLANFILE`' },
    commands: { type: 'boolean', help: 'also list the commands each change runs' },
  },
  async run(ctx) {
    const { runPlan } = await import('./plan-run.js');
    return runPlan(ctx);
  },
};
