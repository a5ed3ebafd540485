// Adapter id -> adapter. Each adapter registers itself here with one import and one entry.
import type { Adapter } from './types.js';
import { postfixDovecotAdapter } from './postfix-dovecot/index.js';
import { exchangeEmsAdapter } from './exchange-ems/index.js';
import { windows2003Adapter } from './windows2003/index.js';
import { runbookAdapter } from './runbook/index.js';

const ADAPTERS: Adapter[] = [postfixDovecotAdapter, exchangeEmsAdapter, windows2003Adapter, runbookAdapter];

export function registerAdapter(adapter: Adapter): void {
  const i = ADAPTERS.findIndex((a) => a.id === adapter.id);
  if (i >= 0) ADAPTERS[i] = adapter;
  else ADAPTERS.push(adapter);
}

export function findAdapter(id: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

export function allAdapters(): readonly Adapter[] {
  return ADAPTERS;
}
