// The apply engine: runs the reviewed changes in order, each command through the executor, and stops at the
// first failure. Every step is journaled (started / done / failed) before and after it runs, so a crash
// still leaves a record of what was done. No automatic rollback: the report says what was and was not done,
// and planning again shows what remains (a re-run converges).
import type { ApplyProgress, ApplyReport, Change, CommandResult, Executor, StepResult } from '../types.js';
import type { Journal } from './journal.js';

export interface ApplyOptions {
  journal?: Journal;
  progress?: ApplyProgress;
  targetId?: string;
  /** The run id journaled with every event of this apply. */
  run?: string;
}

function failure(r: CommandResult): string {
  const last = r.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
  if (r.unreachable) return last || 'the target could not be reached';
  if (r.timedOut) return `timed out after ${r.durationMs} ms${last ? `: ${last}` : ''}`;
  return `exit code ${r.exitCode}${last ? `: ${last}` : ''}`;
}

export async function applyChanges(changes: readonly Change[], executor: Executor, options: ApplyOptions = {}): Promise<ApplyReport> {
  const steps: StepResult[] = changes.map((change) => ({ change, status: 'not-run', results: [] }));
  const total = changes.length;
  const run = options.run ? { run: options.run } : {};
  for (let index = 0; index < total; index++) {
    const step = steps[index]!;
    options.progress?.({ index, total, change: step.change, status: 'running' });
    options.journal?.record({ target: options.targetId ?? '', index, object: step.change.object, status: 'started', ...run });
    let error: string | undefined;
    for (const command of step.change.commands) {
      let result: CommandResult;
      try {
        result = await executor.run(command);
      } catch (e) {
        error = `${command.description}: ${(e as Error).message}`;
        break;
      }
      step.results.push(result);
      if (result.exitCode !== 0 || result.timedOut) {
        error = `${command.description}: ${failure(result)}`;
        break;
      }
    }
    if (error !== undefined) {
      step.status = 'failed';
      step.error = error;
      options.journal?.record({ target: options.targetId ?? '', index, object: step.change.object, status: 'failed', error, ...run });
      options.progress?.({ index, total, change: step.change, status: 'failed' });
      return { ok: false, steps };
    }
    step.status = 'done';
    options.journal?.record({ target: options.targetId ?? '', index, object: step.change.object, status: 'done', ...run });
    options.progress?.({ index, total, change: step.change, status: 'done', ...run });
  }
  return { ok: true, steps };
}

export function renderReport(report: ApplyReport): string {
  const lines: string[] = (report.notes ?? []).map((n) => `  note: ${n}`);
  for (const s of report.steps) {
    const mark = s.status === 'done' ? 'done    ' : s.status === 'failed' ? 'FAILED  ' : 'not run ';
    lines.push(`  ${mark} ${s.change.object}${s.error ? `\n           ${s.error}` : ''}`);
  }
  const n = (st: StepResult['status']) => report.steps.filter((s) => s.status === st).length;
  lines.push(
    report.ok
      ? `Apply complete: ${n('done')} change(s) done.`
      : `Apply stopped at the first failure: ${n('done')} done, ${n('failed')} failed, ${n('not-run')} not run. Nothing was rolled back; run plan again to see what remains.`,
  );
  return lines.join('\n');
}
