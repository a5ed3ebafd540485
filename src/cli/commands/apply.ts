// coexist apply: apply exactly a reviewed plan (a saved plan file, or the plan shown just before), after
// re-observing each target and refusing a stale plan; stops at the first failure and says what was done.
// Exit codes: 0 applied (or nothing to do), 1 refused or failed (stale plan, validation errors, a step
// failed, confirmation declined), 2 unusable input (bad model, unknown target, no TTY and no --yes).
import type { Command } from './types.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply the plan to each target (asks first; --yes without a terminal), starting no further target after a failure',
  usage: 'coexist apply [--all | --target ID] [--parallel N] [--plan PLANFILE] [--yes] [--allow-errors RULES] [--model FILE] [--json]',
  options: {
    all: { type: 'boolean', help: 'every target of the model (the default without --target)' },
    target: { type: 'string', value: 'ID', help: 'only this target of the model' },
    parallel: {
      type: 'string',
      value: 'N',
      help: 'apply to at most N targets at once, each behind its own lock (default: the number of CPUs); after a failure no further target starts',
    },
    plan: { type: 'string', value: 'PLANFILE', help: 'apply exactly this saved plan (refused if the model or a target changed since)' },
    yes: { type: 'boolean', help: 'do not ask for confirmation (needed without a terminal)' },
    'allow-errors': {
      type: 'string',
      value: 'RULES',
      help: 'apply although validation finds these error rules (comma-separated ids, typed in full)',
    },
  },
  async run(ctx) {
    const { runApply } = await import('./apply-run.js');
    return runApply(ctx);
  },
};
