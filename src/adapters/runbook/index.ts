// runbook: the seed's click-by-click procedures filled with the model's values, English and French.
// With options.observeWith = windows2003 | exchange-ems, the target is observed through that adapter and
// the steps whose objects need no change are dropped; otherwise every step is listed.
import { createHash } from 'node:crypto';
import { oneFile } from '../export/export.js';
import type { Adapter, Change, Observed } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { UnsafeValueError } from '../quoting/index.js';
import { windows2003Adapter } from '../windows2003/index.js';
import { exchangeEmsAdapter } from '../exchange-ems/index.js';
import { runbookSteps, type Line, type RunbookStep } from './steps.js';

interface RunbookState {
  via: 'windows2003' | 'exchange-ems';
  observed: Observed;
}

function delegate(target: TargetT): Adapter | null {
  const via = target.options?.observeWith;
  if (via === undefined) return null;
  if (via === 'windows2003') return windows2003Adapter;
  if (via === 'exchange-ems') return exchangeEmsAdapter;
  throw new UnsafeValueError(`targets.${target.id}.options.observeWith`, 'must be windows2003 or exchange-ems', via);
}

type Language = 'en' | 'fr';

/** options.language: en, fr or both (the default: English, then French). */
function languages(target: TargetT): Language[] {
  const l = target.options?.language ?? 'both';
  if (l === 'both') return ['en', 'fr'];
  if (l === 'en' || l === 'fr') return [l];
  throw new UnsafeValueError(`targets.${target.id}.options.language`, 'must be en, fr or both', l);
}

const esc = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

function renderLines(lines: Line[]): string[] {
  const out: string[] = [];
  let n = 0;
  for (const l of lines) {
    if (typeof l === 'string') out.push(`${++n}. ${esc(l)}`);
    else out.push('', `   > ${esc(l.note)}`, '');
  }
  return out;
}

function renderLanguage(model: Model, target: TargetT, steps: RunbookStep[], lang: Language): string[] {
  const fr = lang === 'fr';
  const out = [
    fr
      ? `# ${esc(model.organization)} : procédure de coexistence Exchange et POP3 (${esc(target.id)})`
      : `# ${esc(model.organization)}: Exchange and POP3 coexistence runbook (${esc(target.id)})`,
    '',
  ];
  if (steps.length === 0)
    out.push(
      fr
        ? 'Plus rien à faire : les serveurs observés correspondent déjà au modèle.'
        : 'Nothing left to do: the observed servers already match the model.',
      '',
    );
  else out.push(fr ? `${steps.length} procédure(s), dans l'ordre.` : `${steps.length} procedure(s), in order.`, '');
  steps.forEach((s, i) => {
    const intro = fr ? s.introFr : s.introEn;
    out.push(`## ${i + 1}. ${esc(fr ? s.titleFr : s.title)}`, '', ...(intro ? [esc(intro), ''] : []), ...renderLines(fr ? s.fr : s.en), '');
  });
  return out;
}

/** Markdown, shell-free: the values are shown in code spans; backticks in names are shown as quotes. */
export function renderRunbook(model: Model, target: TargetT, changes: Change[]): string {
  const wanted = new Set(changes.map((c) => c.object));
  const steps = runbookSteps(model).filter((s) => wanted.has(s.title));
  const parts = languages(target).map((l) => renderLanguage(model, target, steps, l).join('\n'));
  return `${parts
    .join('\n---\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

export const runbookAdapter: Adapter = {
  id: 'runbook',
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
    if (st?.via && st.observed) {
      const d = st.via === 'windows2003' ? windows2003Adapter : exchangeEmsAdapter;
      const t = { ...target, adapter: d.id };
      pending = new Set(d.plan(model, t, st.observed).map((c) => c.object));
      // What that adapter configures on this target: only those objects can be known to be done.
      managed = new Set(d.plan(model, t, d.unobserved(model, t)).map((c) => c.object));
    }
    return runbookSteps(model)
      .filter((s) => {
        if (pending === null) return true;
        const known = s.objects.filter((o) => managed.has(o));
        return known.length === 0 || known.some((o) => pending!.has(o));
      })
      .map((s) => ({ action: 'create' as const, object: s.title, after: 'manual procedure', commands: [] }));
  },
  unobserved() {
    return { fingerprint: 'unobserved', state: null };
  },
  exporter: {
    fileExtension: 'md',
    render: renderRunbook,
    files: oneFile('md', renderRunbook),
    defaultTargets(model) {
      const server = model.exchange.servers[0]?.name ?? model.pop3.servers[0]?.name;
      return server ? [{ id: 'runbook', adapter: 'runbook' as const, server }] : [];
    },
  },
};
