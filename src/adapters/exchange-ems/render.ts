// The plan as a complete .ps1 a person can read and run in the Exchange Management Shell.
// Fixed script text; every value from the model is a single-quoted literal escaped by construction.
import type { Change } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { psComment, psString } from '../quoting/index.js';
import { RESOLVE_SID_FUNCTION } from './scripts.js';
import { stepsOf } from './plan.js';
import { renderStep } from './steps.js';
import { emsOptions } from './options.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', delete: '-' };

export function renderEms(model: Model, target: TargetT, changes: Change[]): string {
  const o = emsOptions(target);
  const out: string[] = [
    psComment(`coexist plan for target ${target.id} (exchange-ems, server ${target.server}), organisation ${model.organization}`),
    psComment('Exchange Management Shell, Exchange 2010 to Exchange Server SE. Review, then run in the EMS.'),
    psComment('Every value is a single-quoted literal; the script holds no password.'),
    psComment(changes.length === 0 ? 'Nothing to change.' : `${changes.length} change(s).`),
    '',
    "$ErrorActionPreference = 'Stop'",
    RESOLVE_SID_FUNCTION,
  ];
  if (o.connectionUri) {
    out.push(
      `$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ${psString(o.connectionUri, `targets.${target.id}.options.connectionUri`)} -Authentication Kerberos`,
      'Import-PSSession $session -DisableNameChecking -AllowClobber | Out-Null',
    );
  }
  changes.forEach((change, i) => {
    out.push('', psComment(`${SYMBOL[change.action]} ${change.object}${change.before !== undefined ? ` (was: ${change.before})` : ''}${change.after !== undefined ? ` -> ${change.after}` : ''}`));
    stepsOf(change).forEach((step, j) => out.push(renderStep(step, `changes[${i}].steps[${j}]`)));
  });
  out.push('');
  return out.join('\n');
}
