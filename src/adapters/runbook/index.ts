// runbook: the seed's click-by-click procedures filled with the model's values, English and French.
// With options.observeWith = windows2003 | exchange-ems, the target is observed through that adapter and
// the steps whose objects need no change are dropped; otherwise every step is listed.
import { createHash } from 'node:crypto';
import type { Adapter, Change, Observed } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { UnsafeValueError } from '../quoting/index.js';
import { windows2003Adapter } from '../windows2003/index.js';
import { exchangeEmsAdapter } from '../exchange-ems/index.js';
import { runbookSteps } from './steps.js';

interface RunbookState { via: 'windows2003' | 'exchange-ems'; observed: Observed }

function delegate(target: TargetT): Adapter | null {
  const via = target.options?.observeWith;
  if (via === undefined) return null;
  if (via === 'windows2003') return windows2003Adapter;
  if (via === 'exchange-ems') return exchangeEmsAdapter;
  throw new UnsafeValueError(`targets.${target.id}.options.observeWith`, 'must be windows2003 or exchange-ems', via);
}

/** Markdown, shell-free: the values are shown in code spans; backticks in names are shown as quotes. */
export function renderRunbook(model: Model, target: TargetT, changes: Change[]): string {
  const wanted = new Set(changes.map((c) => c.object));
  const steps = runbookSteps(model).filter((s) => wanted.has(s.title));
  const esc = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const out = [`# ${esc(model.organization)}: Exchange and POP3 coexistence runbook (${esc(target.id)})`, '',
    steps.length === 0 ? 'Nothing left to do: the observed servers already match the model.' : `${steps.length} procedure(s), in order.`, ''];
  steps.forEach((s, i) => {
    out.push(`## ${i + 1}. ${esc(s.title)}`, '', ...s.en.map((l, j) => `${j + 1}. ${esc(l)}`), '');
  });
  out.push('---', '', `# ${esc(model.organization)} : procédure de coexistence Exchange et POP3 (${esc(target.id)})`, '',
    steps.length === 0 ? 'Plus rien à faire : les serveurs observés correspondent déjà au modèle.' : `${steps.length} procédure(s), dans l'ordre.`, '');
  steps.forEach((s, i) => {
    out.push(`## ${i + 1}. ${esc(s.titleFr)}`, '', ...s.fr.map((l, j) => `${j + 1}. ${esc(l)}`), '');
  });
  return out.join('\n');
}

export const runbookAdapter: Adapter = {
  id: 'runbook',
  fileExtension: 'md',
  describe() {
    return "The seed's procedures step by step with the model's values, in English and French (Markdown)";
  },
  async observe(model, target, executor) {
    const d = delegate(target);
    if (!d) return { fingerprint: 'unobserved', state: null };
    const observed = await d.observe(model, { ...target, adapter: d.id }, executor);
    const state: RunbookState = { via: d.id as RunbookState['via'], observed };
    return { fingerprint: createHash('sha256').update(`${d.id}:${observed.fingerprint}`).digest('hex'), state };
  },
  plan(model, target, observed) {
    const st = observed.state as RunbookState | null | undefined;
    let pending: Set<string> | null = null;
    let managed = new Set<string>();
    if (st && st.via && st.observed) {
      const d = st.via === 'windows2003' ? windows2003Adapter : exchangeEmsAdapter;
      const t = { ...target, adapter: d.id };
      pending = new Set(d.plan(model, t, st.observed).map((c) => c.object));
      // What that adapter configures on this target: only those objects can be known to be done.
      managed = new Set(d.plan(model, t, d.unobserved!(model, t)).map((c) => c.object));
    }
    return runbookSteps(model)
      .filter((s) => {
        if (pending === null) return true;
        const known = s.objects.filter((o) => managed.has(o));
        return known.length === 0 || known.some((o) => pending!.has(o));
      })
      .map((s) => ({ action: 'create' as const, object: s.title, after: 'manual procedure', commands: [] }));
  },
  render: renderRunbook,
  needsConnection(target) {
    return target.options?.observeWith !== undefined;
  },
  unobserved() {
    return { fingerprint: 'unobserved', state: null };
  },
  defaultTargets(model) {
    const server = model.exchange.servers[0]?.name ?? model.pop3.servers[0]?.name;
    return server ? [{ id: 'runbook', adapter: 'runbook' as const, server }] : [];
  },
};

