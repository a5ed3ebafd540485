// Plans in terraform's grammar: "+" create, "~" update, "-" delete, one line per object, finer lines under it.
import { changeSymbol } from '../change.js';
import type { Change, ChangeAction, Plan } from '../types.js';

/** Whether a plan removes anything (a deleted object, or a "-" line under an updated one). */
export function planDeletes(changes: readonly Change[]): boolean {
  return changes.some((c) => c.action === 'delete' || (c.details ?? []).some((d) => d.trimStart().startsWith('- ')));
}

export function countActions(changes: readonly Change[]): Record<ChangeAction, number> {
  const n = { create: 0, update: 0, delete: 0 };
  for (const c of changes) n[c.action]++;
  return n;
}

export function renderChanges(changes: readonly Change[], opts: { commands?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    lines.push(`  ${changeSymbol(c.action)} ${c.object}`);
    for (const d of c.details ?? []) lines.push(`      ${d}`);
    if (opts.commands) for (const k of c.commands) lines.push(`      $ ${k.description}`);
  }
  return lines;
}

export function renderPlan(plan: Plan, opts: { commands?: boolean; title?: string } = {}): string {
  const head = opts.title ?? `target ${plan.targetId} (${plan.adapter})`;
  const manual = plan.manual ?? [];
  const left =
    manual.length > 0
      ? ['Left to the administrator (coexist cannot do these; they are not checked):', ...manual.map((l) => `    ${l}`)]
      : [];
  if (plan.changes.length === 0) {
    return manual.length > 0
      ? [`${head}: no changes coexist can make.`, ...left].join('\n')
      : `${head}: no changes. The target matches the model.`;
  }
  const n = countActions(plan.changes);
  return [
    `${head}:`,
    ...renderChanges(plan.changes, opts),
    `Plan: ${n.create} to add, ${n.update} to change, ${n.delete} to destroy.`,
    ...left,
  ].join('\n');
}
