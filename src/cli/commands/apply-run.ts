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
import { parallelOption, runBounded } from '../targets-parallel.js';
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
  const targets = selectTargets(model, typeof values.target === 'string' ? values.target : undefined, values.all === true);
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

  // Several targets run at once (at most --parallel): each behind its own target lock (taken by the
  // operation). Confirmations are asked one at a time, each right under its own plan, and nothing else is
  // printed while a question waits. After the first failure or refusal no further target is started; the
  // ones already running finish (a half-applied step cannot be taken back), and one waiting for its question
  // is not asked: it counts as not attempted.
  const parallel = parallelOption(values.parallel);
  const several = work.length > 1;
  let asking = false;
  const held: (() => void)[] = [];
  const say = (f: () => void) => {
    if (asking) held.push(f);
    else f();
  };
  let turn: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(f: () => Promise<T>): Promise<T> => {
    const r = turn.then(f);
    turn = r.catch(() => undefined);
    return r;
  };
  let stopped = false;
  const skipped = new Set<string>();
  const applyOne = async (item: (typeof work)[number]): Promise<Result> => {
    let shown: (() => void) | undefined;
    const prefix = several ? `${item.targetId} ` : '';
    const outcome = await operation.apply(
      { model, targetId: item.targetId, allowErrors, assumeYes: yes, ...(item.plan ? { plan: item.plan } : {}) },
      {
        onPlan: (plan, interrupted) => {
          if (output.json) return;
          const print = () => {
            if (interrupted) output.err(`coexist: warning: ${interrupted}`);
            output.out(renderPlan(plan));
          };
          if (yes || plan.changes.length === 0) say(print);
          else shown = print;
        },
        confirm: (request) =>
          oneAtATime(async () => {
            if (stopped) {
              skipped.add(item.targetId);
              return '';
            }
            asking = true;
            try {
              shown?.();
              const answer = await ask(request.prompt);
              // Declined: decided now, so that a question queued behind this one is never asked.
              if (answer.trim() !== request.expected) stopped = true;
              return answer;
            } finally {
              asking = false;
              for (const f of held.splice(0)) f();
            }
          }),
        ...(output.json
          ? {}
          : {
              onProgress: (e) => {
                if (e.status !== 'running')
                  say(() => output.err(`  ${prefix}[${e.index + 1}/${e.total}] ${e.status.padEnd(7)} ${e.change.object}`));
              },
            }),
      },
    );
    if (outcome.status === 'refused') {
      const message = refusalText(outcome.refusal, 'cli');
      if (!output.json && !skipped.has(item.targetId)) say(() => output.err(`coexist: ${message}`));
      return {
        target: item.targetId,
        status: outcome.refusal.kind === 'confirmation' ? 'declined' : 'refused',
        error: message,
        refusal: outcome.refusal.kind,
        outcome,
      };
    }
    if (outcome.status !== 'unchanged' && !output.json) say(() => output.out(renderReport(outcome.report)));
    return { target: item.targetId, status: outcome.status, outcome };
  };
  const outcomes = await runBounded(work, parallel, applyOne, (r) => {
    const failed = r.status !== 'applied' && r.status !== 'unchanged' && !skipped.has(r.target);
    if (failed) stopped = true;
    return failed;
  });
  const results = outcomes.filter((r): r is Result => r !== undefined && !skipped.has(r.target));
  const ok = results.every((r) => r.status === 'applied' || r.status === 'unchanged') && results.length === work.length;
  const notRun = work.filter((w) => !results.some((r) => r.target === w.targetId)).map((w) => w.targetId);
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
        notes: 'report' in r.outcome ? (r.outcome.report.notes ?? []) : [],
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
