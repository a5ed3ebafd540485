// The work of `coexist apply`, loaded only when it runs (apply.ts is its entry in the command table).
// coexist apply: apply exactly a reviewed plan (a saved plan file, or the plan shown just before), after
// re-observing each target and refusing a stale plan; stops at the first failure and says what was done.
// Exit codes: 0 applied (or nothing to do), 1 refused or failed (stale plan, validation errors, a step
// failed, confirmation declined), 2 unusable input (bad model, unknown target, no TTY and no --yes).
import { createInterface } from 'node:readline/promises';
import type { Model, TargetT } from '../../model/schema.js';
import { fileLog } from '../../adapters/executor/log.js';
import { fileJournal } from '../../adapters/plan/journal.js';
import { readPlanFile } from '../../adapters/plan/planfile.js';
import { applyReviewedPlan, adapterFor, executorFor, planTarget, StalePlanError } from '../../adapters/plan/run.js';
import { renderReport } from '../../adapters/plan/apply.js';
import { planDeletes, renderPlan } from '../../adapters/plan/render.js';
import { SecretError } from '../../adapters/secrets.js';
import { AdapterError, type ApplyReport, type Plan } from '../../adapters/types.js';
import { CliError, EXIT, printJson, resolveModel } from '../io.js';
import { errorFindings, openSettingsOrFail, selectTargets } from './plan-run.js';
import type { CommandContext } from './types.js';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** The typed confirmation: "yes", or the target's id when the plan deletes anything. */
async function confirm(plan: Plan): Promise<boolean> {
  if (planDeletes(plan.changes)) {
    return (await ask(`This plan deletes or removes entries on target ${plan.targetId}. Type the target's id (${plan.targetId}) to apply: `)) === plan.targetId;
  }
  return (await ask(`Apply these ${plan.changes.length} change(s) to ${plan.targetId}? Type yes to apply: `)) === 'yes';
}

function checkValidation(model: Model, allowed: string | undefined): void {
  const errors = errorFindings(model);
  if (errors.length === 0) return;
  const rules = [...new Set(errors.map((f) => f.rule))];
  const accepted = new Set((allowed ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const missing = rules.filter((r) => !accepted.has(r));
  if (missing.length > 0) {
    throw new CliError(`the model has validation errors (${errors.map((f) => `${f.rule} at ${f.path}`).join('; ')}); apply refuses to put a mail loop or an open relay on real servers. Fix them, or confirm by typing the rule ids: --allow-errors ${rules.join(',')}`, EXIT.findings);
  }
}

export async function runApply({ modelPath, output, values, interactive }: CommandContext): Promise<number> {
  const source = resolveModel(modelPath);
  const model = source.model;
  const targets = selectTargets(model, typeof values.target === 'string' ? values.target : undefined);
  const yes = values.yes === true;
  if (!yes && !interactive) throw new CliError('apply needs confirmation: run it in a terminal, or pass --yes to apply without asking', EXIT.unusable);
  checkValidation(model, typeof values['allow-errors'] === 'string' ? values['allow-errors'] : undefined);

  let saved: Plan[] | undefined;
  if (typeof values.plan === 'string') {
    try {
      saved = readPlanFile(values.plan).plans;
    } catch (e) {
      throw new CliError((e as Error).message, EXIT.unusable);
    }
  }
  const settings = openSettingsOrFail();
  const log = fileLog(settings.logPath('commands.log'));
  const journal = fileJournal(settings.logPath('journal.jsonl'));
  const results: { target: string; status: 'applied' | 'unchanged' | 'failed' | 'refused' | 'declined'; error?: string; report?: ApplyReport }[] = [];

  const work: { target: TargetT; plan?: Plan }[] = saved
    ? saved.filter((p) => targets.some((t) => t.id === p.targetId)).map((p) => ({ target: targets.find((t) => t.id === p.targetId)!, plan: p }))
    : targets.map((target) => ({ target }));
  if (saved && work.length === 0) throw new CliError(`the plan file holds no plan for ${targets.map((t) => t.id).join(', ')}`, EXIT.unusable);

  for (const item of work) {
    const { target } = item;
    try {
      const adapter = adapterFor(target);
      const executor = executorFor(target, settings.target(target.id), log);
      const plan = item.plan ?? (await planTarget(model, target, executor, adapter));
      if (!output.json) output.out(renderPlan(plan));
      if (plan.changes.length === 0) {
        results.push({ target: target.id, status: 'unchanged' });
        continue;
      }
      if (!yes && !(await confirm(plan))) {
        results.push({ target: target.id, status: 'declined', error: 'confirmation not given; nothing applied' });
        break;
      }
      const report = await applyReviewedPlan(model, target, plan, executor, {
        journal,
        progress: output.json ? undefined : (e) => { if (e.status !== 'running') output.err(`  [${e.index + 1}/${e.total}] ${e.status.padEnd(7)} ${e.change.object}`); },
      }, adapter);
      if (!output.json) output.out(renderReport(report));
      results.push({ target: target.id, status: report.ok ? 'applied' : 'failed', report });
      if (!report.ok) break;
    } catch (e) {
      if (!(e instanceof AdapterError) && !(e instanceof SecretError)) throw e;
      results.push({ target: target.id, status: e instanceof StalePlanError ? 'refused' : 'failed', error: e.message });
      if (!output.json) output.err(`coexist: ${e.message}`);
      break;
    }
  }
  const ok = results.every((r) => r.status === 'applied' || r.status === 'unchanged') && results.length === work.length;
  if (output.json) {
    printJson(output, {
      model: source.label,
      ok,
      targets: results.map((r) => ({
        target: r.target, status: r.status, error: r.error ?? null,
        steps: r.report?.steps.map((s) => ({ object: s.change.object, status: s.status, error: s.error ?? null })) ?? [],
      })),
      notRun: work.slice(results.length).map((w) => w.target.id),
      log: settings.logPath('commands.log'),
    });
  } else {
    const notRun = work.slice(results.length).map((w) => w.target.id);
    if (notRun.length > 0) output.err(`coexist: not attempted: ${notRun.join(', ')}`);
    output.err(`Command log: ${settings.logPath('commands.log')}`);
  }
  return ok ? EXIT.ok : EXIT.findings;
}
