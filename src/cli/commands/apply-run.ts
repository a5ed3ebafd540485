// The work of `coexist apply`, loaded only when it runs (apply.ts is its entry in the command table): the
// text or JSON view of the plan/apply operation (adapters/plan/operation.ts), which decides every refusal.
// Exit codes: 0 applied (or nothing to do), 1 refused or failed (stale plan, validation errors, a target that
// cannot be observed, a lock held by another apply, a step failed, confirmation declined), 2 unusable input
// (bad model, unknown target, a plan file that is not one, no TTY and no --yes).
import { createInterface } from 'node:readline/promises';
import { planApplyOperation, refusalText, type ApplyOutcome } from '../../adapters/plan/operation.js';
import { readPlanFile } from '../../adapters/plan/planfile.js';
import { renderReport } from '../../adapters/plan/apply.js';
import { renderPlan } from '../../adapters/plan/render.js';
import type { Plan } from '../../adapters/types.js';
import type { SettingsStore } from '../../settings/store.js';
import { CliError, EXIT, printJson, resolveModel } from '../io.js';
import { openSettingsOrFail, selectTargets } from './plan-run.js';
import type { CommandContext } from './types.js';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

type Result = {
  target: string;
  status: 'applied' | 'unchanged' | 'failed' | 'refused' | 'declined';
  error?: string;
  refusal?: string;
  outcome: ApplyOutcome;
};

export async function runApply({ modelPath, output, values, interactive }: CommandContext): Promise<number> {
  const source = resolveModel(modelPath);
  const model = source.model;
  const targets = selectTargets(model, typeof values.target === 'string' ? values.target : undefined);
  const yes = values.yes === true;
  if (!yes && !interactive)
    throw new CliError('apply needs confirmation: run it in a terminal, or pass --yes to apply without asking', EXIT.unusable);
  const allowErrors = (typeof values['allow-errors'] === 'string' ? values['allow-errors'] : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  let saved: Plan[] | undefined;
  if (typeof values.plan === 'string') {
    try {
      saved = readPlanFile(values.plan).plans;
    } catch (e) {
      throw new CliError((e as Error).message, EXIT.unusable);
    }
  }
  const settings: SettingsStore = openSettingsOrFail();
  const operation = planApplyOperation({ settings: () => settings });
  const work: { targetId: string; plan?: Plan }[] = saved
    ? saved.filter((p) => targets.some((t) => t.id === p.targetId)).map((p) => ({ targetId: p.targetId, plan: p }))
    : targets.map((t) => ({ targetId: t.id }));
  if (saved && work.length === 0)
    throw new CliError(`the plan file holds no plan for ${targets.map((t) => t.id).join(', ')}`, EXIT.unusable);

  const results: Result[] = [];
  for (const item of work) {
    const outcome = await operation.apply(
      { model, targetId: item.targetId, allowErrors, assumeYes: yes, ...(item.plan ? { plan: item.plan } : {}) },
      {
        onPlan: (plan, interrupted) => {
          if (output.json) return;
          if (interrupted) output.err(`coexist: warning: ${interrupted}`);
          output.out(renderPlan(plan));
        },
        confirm: (request) => ask(request.prompt),
        ...(output.json
          ? {}
          : {
              onProgress: (e) => {
                if (e.status !== 'running') output.err(`  [${e.index + 1}/${e.total}] ${e.status.padEnd(7)} ${e.change.object}`);
              },
            }),
      },
    );
    if (outcome.status === 'refused') {
      const message = refusalText(outcome.refusal, 'cli');
      results.push({
        target: item.targetId,
        status: outcome.refusal.kind === 'confirmation' ? 'declined' : 'refused',
        error: message,
        refusal: outcome.refusal.kind,
        outcome,
      });
      if (!output.json) output.err(`coexist: ${message}`);
      break;
    }
    if (outcome.status === 'unchanged') {
      results.push({ target: item.targetId, status: 'unchanged', outcome });
      continue;
    }
    if (!output.json) output.out(renderReport(outcome.report));
    results.push({ target: item.targetId, status: outcome.status, outcome });
    if (outcome.status === 'failed') break;
  }
  const ok = results.every((r) => r.status === 'applied' || r.status === 'unchanged') && results.length === work.length;
  const notRun = work.slice(results.length).map((w) => w.targetId);
  if (output.json) {
    printJson(output, {
      model: source.label,
      ok,
      targets: results.map((r) => ({
        target: r.target,
        status: r.status,
        error: r.error ?? null,
        refusal: r.refusal ?? null,
        interrupted: r.outcome.interrupted ?? null,
        steps:
          'report' in r.outcome
            ? r.outcome.report.steps.map((s) => ({ object: s.change.object, status: s.status, error: s.error ?? null }))
            : [],
      })),
      notRun,
      log: settings.logPath('commands.log'),
    });
  } else {
    if (notRun.length > 0) output.err(`coexist: not attempted: ${notRun.join(', ')}`);
    output.err(`Command log: ${settings.logPath('commands.log')}`);
  }
  return ok ? EXIT.ok : EXIT.findings;
}
