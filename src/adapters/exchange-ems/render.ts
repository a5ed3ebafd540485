// The plan as a complete .ps1 a person can read and run in the Exchange Management Shell.
// Fixed script text; every value from the model is a single-quoted literal escaped by construction.
import type { Change } from '../types.js';
import type { Model, TargetT } from '../../model/schema.js';
import { psComment, psString } from '../quoting/index.js';
import { JOIN_TEMPLATES_FUNCTION, RESOLVE_SID_FUNCTION } from './scripts.js';
import { stepsOf } from './plan.js';
import { renderStep } from './steps.js';
import { emsOptions } from './options.js';
import { VERSION_LABEL } from './versions.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', delete: '-' };

export function renderEms(model: Model, target: TargetT, changes: Change[]): string {
  const o = emsOptions(target);
  const out: string[] = [
    psComment(`coexist plan for target ${target.id} (exchange-ems, server ${target.server}), organisation ${model.organization}`),
    psComment(
      `Written for ${VERSION_LABEL[o.version]} (targets.${target.id}.options.version: ${o.version}${target.options?.version === undefined ? ', the default' : ''}); every parameter is one this version has.`,
    ),
    psComment('Review, then run in the Exchange Management Shell. Every value is a single-quoted literal; the file is'),
    psComment('plain ASCII (other characters are written as [char] codes) and holds no password.'),
    psComment('Email address policies: only the SMTP templates are set, every other template is kept; -ForceUpgrade'),
    psComment('upgrades a policy Exchange 2003 made (the Default Policy gets -IncludedRecipients AllRecipients).'),
    psComment(changes.length === 0 ? 'Nothing to change.' : `${changes.length} change(s).`),
    '',
    "$ErrorActionPreference = 'Stop'",
    RESOLVE_SID_FUNCTION,
    JOIN_TEMPLATES_FUNCTION,
  ];
  if (o.connectionUri) {
    out.push(
      `$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ${psString(o.connectionUri, `targets.${target.id}.options.connectionUri`)} -Authentication Kerberos`,
      'Import-PSSession $session -DisableNameChecking -AllowClobber | Out-Null',
    );
  }
  changes.forEach((change, i) => {
    out.push(
      '',
      psComment(
        `${SYMBOL[change.action]} ${change.object}${change.before !== undefined ? ` (was: ${change.before})` : ''}${change.after !== undefined ? ` -> ${change.after}` : ''}`,
      ),
    );
    stepsOf(change).forEach((step, j) => out.push(renderStep(step, `changes[${i}].steps[${j}]`)));
  });
  out.push('');
  return out.join('\n');
}
