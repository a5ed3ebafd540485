// THE list of adapters, one line each (docs/architecture.md, "Adding an adapter"). A line is the adapter's
// target declaration (<id>/target.ts: its id and options schema) and how to load the adapter, which happens
// only when a target of it is planned, applied or exported: `coexist validate` and `route` load none. Loading
// this file declares every adapter to the model (model/target-kinds.ts), which checks targets[].adapter and
// targets[].options against them: whoever parses a model with targets imports this first.
import { registerTargetKind } from '../model/target-kinds.js';
import type { Adapter, AdapterEntry } from './types.js';
import { postfixDovecotTarget } from './postfix-dovecot/target.js';
import { exchangeEmsTarget } from './exchange-ems/target.js';
import { windows2003Target } from './windows2003/target.js';
import { runbookTarget } from './runbook/target.js';

/** A line: the target declaration with how to load the adapter. Its options schema stays unbuilt (a getter) until a model check needs it. */
const line = (target: Omit<AdapterEntry, 'load'>, load: AdapterEntry['load']): AdapterEntry =>
  Object.defineProperties({ load } as AdapterEntry, Object.getOwnPropertyDescriptors(target));

const ADAPTERS: AdapterEntry[] = [
  line(postfixDovecotTarget, async () => (await import('./postfix-dovecot/index.js')).postfixDovecotAdapter),
  line(exchangeEmsTarget, async () => (await import('./exchange-ems/index.js')).exchangeEmsAdapter),
  line(windows2003Target, async () => (await import('./windows2003/index.js')).windows2003Adapter),
  line(runbookTarget, async () => (await import('./runbook/index.js')).runbookAdapter),
];
for (const a of ADAPTERS) registerTargetKind(a);

/** Adds (or replaces) an adapter, as one more line above would: a test's or a plug-in's. */
export function registerAdapter(entry: AdapterEntry): void {
  const i = ADAPTERS.findIndex((a) => a.id === entry.id);
  if (i >= 0) ADAPTERS[i] = entry;
  else ADAPTERS.push(entry);
  registerTargetKind(entry);
}

export function findAdapter(id: string): AdapterEntry | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

export function allAdapters(): readonly AdapterEntry[] {
  return ADAPTERS;
}

/** The adapter itself (loaded on first use), or undefined when no line of the registry has this id. */
export async function loadAdapter(id: string): Promise<Adapter | undefined> {
  const entry = findAdapter(id);
  if (!entry) return undefined;
  const adapter = await entry.load();
  if (adapter.id !== entry.id) throw new Error(`the registry's adapter "${entry.id}" loaded an adapter with id "${adapter.id}"`);
  return adapter;
}
