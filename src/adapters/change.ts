// Helpers on a Change every part of the adapter layer shares (the plan's text, the exported script, the
// console's ops view), kept apart so that neither plan/ nor an adapter has to import the other for them.
import type { ChangeAction } from './types.js';

/** Terraform's grammar: "+" create, "~" update, "-" delete. */
export function changeSymbol(action: ChangeAction): string {
  return action === 'create' ? '+' : action === 'delete' ? '-' : '~';
}
