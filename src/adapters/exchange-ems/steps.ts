// One Exchange Management Shell step: a cmdlet from a fixed allow-list and its parameters as data.
// The same steps travel as JSON on pwsh's stdin (apply) and are rendered as a readable .ps1 (export).
import { psCmdletName, psComment, psHashtable, psString, psIdentifier, type PsValue } from '../quoting/index.js';

export const ALLOWED_CMDLETS = [
  'New-AcceptedDomain',
  'Set-AcceptedDomain',
  'New-EmailAddressPolicy',
  'Set-EmailAddressPolicy',
  'Update-EmailAddressPolicy',
  'Enable-MailUser',
  'Set-MailUser',
  'New-SendConnector',
  'Set-SendConnector',
  'New-ReceiveConnector',
  'Set-ReceiveConnector',
  'Add-ADPermission',
  'Get-AcceptedDomain',
  'Get-EmailAddressPolicy',
  'Get-MailUser',
  'Get-SendConnector',
  'Get-ReceiveConnector',
] as const;
export type Cmdlet = (typeof ALLOWED_CMDLETS)[number];
/** Every Exchange cmdlet a script of this adapter calls (the observation also reads Get-ADPermission). */
export const DOCUMENTED_CMDLETS: readonly string[] = [...ALLOWED_CMDLETS, 'Get-ADPermission'];

export interface EmsCall {
  cmdlet: Cmdlet;
  params: Record<string, PsValue>;
  /**
   * Set-EmailAddressPolicy without an observation: before the call, add to EnabledEmailAddressTemplates every
   * template of another type (X400:, X500:, EUM: ...) the policy holds now (Join-CoexistTemplates), so the
   * templates the model does not set are kept.
   */
  keepOtherTemplates?: true;
}

export interface EmsStep extends EmsCall {
  /** Only when `get -Identity identity` finds nothing; otherwise run `otherwise` (if any). For plans made without observation. */
  ifMissing?: { get: Cmdlet; identity: string; otherwise?: EmsCall };
  /** Pipe the object `get -Identity identity` returns into the cmdlet (Add-ADPermission on a receive connector). */
  pipeFrom?: { get: Cmdlet; identity: string };
}

export interface EmsPayload {
  connectionUri?: string;
  steps: EmsStep[];
}

function call(c: EmsCall, field: string, indent: string): string {
  psCmdletName(c.cmdlet);
  if (Object.keys(c.params).length === 0) return `${indent}${c.cmdlet}`;
  const keep = c.keepOtherTemplates
    ? `\n${indent}$p.EnabledEmailAddressTemplates = Join-CoexistTemplates $p.Identity $p.EnabledEmailAddressTemplates`
    : '';
  return `${indent}$p = ${psHashtable(c.params, field, indent)}${keep}\n${indent}${c.cmdlet} @p`;
}

/** One step as readable PowerShell: a splatting hashtable of single-quoted literals and the cmdlet. */
export function renderStep(step: EmsStep, field: string): string {
  if (step.pipeFrom) {
    psCmdletName(step.pipeFrom.get);
    return `$p = ${psHashtable(step.params, field)}\n${step.pipeFrom.get} -Identity ${psString(step.pipeFrom.identity, `${field}.identity`)} | ${psCmdletName(step.cmdlet)} @p`;
  }
  if (step.ifMissing) {
    const m = step.ifMissing;
    const lines = [
      `if (-not (${psCmdletName(m.get)} -Identity ${psString(m.identity, `${field}.identity`)} -ErrorAction SilentlyContinue)) {`,
      call(step, field, '  '),
    ];
    if (m.otherwise) lines.push('} else {', call(m.otherwise, `${field}.otherwise`, '  '));
    lines.push('}');
    return lines.join('\n');
  }
  return call(step, field, '');
}

export function renderComment(text: string): string {
  return psComment(text);
}

export { psIdentifier };
