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
import { scriptLockName } from '../script-lock.js';

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
    ...scriptLock(target.server),
    'try {',
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
  out.push('', '} finally {', '  $coexistLock.ReleaseMutex()', '  $coexistLock.Dispose()', '}', '');
  return out.join('\n');
}

/**
 * One run at a time per Exchange server on this computer: a named mutex (Global\: every session, so two
 * administrators logged on at once too), taken before the first change and released in the finally that
 * ends the script. Windows releases it when the process dies; the next run then gets it "abandoned" and
 * says so. A second run while it is held changes nothing: it throws before the first cmdlet.
 */
function scriptLock(server: string): string[] {
  const name = `Global\\${scriptLockName('exchange-ems', server)}`;
  const lit = psString(name, 'lock name');
  return [
    psComment(`One coexist script at a time for ${server} on this computer: the named mutex ${name}, held until the script ends.`),
    `$coexistLock = New-Object System.Threading.Mutex($false, ${lit})`,
    'try {',
    '  $coexistLocked = $coexistLock.WaitOne(0)',
    '} catch [System.Threading.AbandonedMutexException] {',
    '  $coexistLocked = $true',
    `  Write-Warning ${psString(`coexist: an earlier coexist script for ${server} was stopped before its end (the lock ${name} was abandoned); this run makes every change of this script.`, 'lock message')}`,
    '}',
    'if (-not $coexistLocked) {',
    '  $coexistLock.Dispose()',
    `  throw ${psString(`coexist: another coexist script for ${server} is running on this computer (it holds the lock ${name}); nothing was changed. Run this script again when it has finished.`, 'lock message')}`,
    '}',
  ];
}
