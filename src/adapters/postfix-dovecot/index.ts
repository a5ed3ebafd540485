// postfix-dovecot adapter: a Linux host running Postfix (+ Dovecot for POP3) configured from the model, in
// the POP3 role (a POP3 server of the model) or the gateway role (an Exchange server of the model).
//
// Exported API (what the mail lab and the CLI call):
//   postfixDovecotAdapter: Adapter            id 'postfix-dovecot'; observe(model, target, executor) -> Observed,
//                                             plan(model, target, observed) -> Change[], unobserved(model, target) -> Observed
//                                             (an empty instance, for export), exporter.render(model, target, changes) -> sh script
//   desiredPostfix(model, target)             -> PostfixDesired: main.cf parameters and map files, no I/O
//   postfixOptions(target)                    -> PostfixOptions: the target options, validated
// Apply goes through the generic engine: applyChanges(changes, executor, ...) in src/adapters/plan/apply.ts,
// or planTarget/applyReviewedPlan in src/adapters/plan/run.ts (observe, diff, stale check, lock); the CLI and the
// console go through planApplyOperation in src/adapters/plan/operation.ts (adds settings, logs and the journal).
//
// How the lab calls it, per Postfix instance (a config dir with master.cf and a main.cf holding the
// instance's own queue/data/log settings, as mail-lab.md's pf_instance writes them):
//   const target = { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01', connection: { kind: 'local' },
//     options: { configDirectory: '/lab/pop/etc', mailRoot: '/lab/pop/mail', mailUid: '65534', mailGid: '65534',
//                nextHopPort: '2525', internetRelay: '[127.0.0.4]:2525', dns: 'disabled',
//                saslPath: '/lab/dovecot/auth-pop', dovecotUsers: '/lab/dovecot/users-pop' } };
//   const executor = new LocalExecutor({ target: target.id, log: memoryLog(), secrets: { env: { ... } } });
//   const observed = await postfixDovecotAdapter.observe(model, target, executor);
//   const changes = postfixDovecotAdapter.plan(model, target, observed);
//   const report = await applyChanges(changes, executor);      // then `postfix -c DIR start` if not running
// with the model's 10.0.0.x addresses first rewritten to 127.x (every IP a next hop uses comes from the model).
// Roles: a POP3 server of the model -> pop3; an Exchange server -> gateway (target.role may say so explicitly).
// Delivery: Postfix `virtual` writes Maildirs at mailRoot/<domain>/<user>/; the Dovecot userdb file lists each
// mailbox as user@domain with home = that Maildir (mail_location = maildir:~). SMTP AUTH (pop3 role with
// requireAuthentication, and always in the gateway role) uses smtpd_sasl_type=dovecot at saslPath, so a
// Dovecot auth listener must exist there before Postfix takes mail. Outbound Security writes sasl_passwd from
// the secret (env:NAME in the executor's secret source) for every next hop.
import type { Model, TargetT } from '../../model/schema.js';
import { oneFile } from '../export/export.js';
import { renderShellScript } from '../export/render-sh.js';
import type { Adapter, Change, Executor, Observed } from '../types.js';
import { desiredState, type PostfixDesired } from './desired.js';
import { fingerprintState, observePostfix, type PostfixState } from './observe.js';
import { postfixOptions } from './options.js';
import { planPostfix } from './plan.js';
import { LOCK_ACQUIRE, LOCK_RELEASE } from './scripts.js';

export { postfixOptions } from './options.js';
export type { PostfixOptions } from './options.js';
export type { PostfixDesired, MapFile } from './desired.js';
export type { PostfixState } from './observe.js';

export function desiredPostfix(model: Model, target: TargetT): PostfixDesired {
  return desiredState(model, target, postfixOptions(target));
}

function emptyState(target: TargetT): PostfixState {
  return {
    configDirectory: postfixOptions(target).configDirectory,
    explicit: {},
    effective: {},
    files: {},
    mailRoot: 'missing',
    configSum: '',
    reloadedSum: 'none',
  };
}

/** The plan as a POSIX sh script (export). */
function renderPostfix(model: Model, target: TargetT, changes: Change[]): string {
  const d = desiredPostfix(model, target);
  return renderShellScript(
    `${model.organization}: ${d.server} as ${d.role === 'pop3' ? 'the POP3 server' : 'the Exchange gateway'} on Postfix + Dovecot (target ${target.id})`,
    changes,
  );
}

/** One target per server of the model: POP3 servers in the pop3 role, Exchange servers in the gateway role. */
function defaultPostfixTargets(model: Model): TargetT[] {
  return [
    ...model.pop3.servers.map((s) => ({
      id: `postfix-${s.name.toLowerCase()}`,
      adapter: 'postfix-dovecot' as const,
      server: s.name,
      role: 'pop3' as const,
    })),
    ...model.exchange.servers.map((s) => ({
      id: `postfix-${s.name.toLowerCase()}`,
      adapter: 'postfix-dovecot' as const,
      server: s.name,
      role: 'gateway' as const,
    })),
  ];
}

export const postfixDovecotAdapter: Adapter = {
  id: 'postfix-dovecot',
  describe: () =>
    'Postfix + Dovecot on Linux, in the POP3 role or in the gateway role Exchange plays (postconf, map files, postmap, reload)',
  async observe(model: Model, target: TargetT, executor: Executor): Promise<Observed> {
    const o = postfixOptions(target);
    return observePostfix(desiredState(model, target, o), o, target, executor);
  },
  plan(model: Model, target: TargetT, observed: Observed): Change[] {
    const o = postfixOptions(target);
    return planPostfix(desiredState(model, target, o), observed.state as PostfixState, o, target, observed.secretFingerprints ?? {});
  },
  secretRefs(model: Model, target: TargetT): string[] {
    return [...new Set(desiredPostfix(model, target).maps.flatMap((m) => (m.secret ? [m.secret] : [])))];
  },
  lock(_model: Model, target: TargetT) {
    const where = `${postfixOptions(target).configDirectory}/.coexist-apply.lock`;
    return {
      where,
      acquire: (token: string, holder: string, breakToken?: string) => ({
        argv: ['sh', '-c', LOCK_ACQUIRE, 'coexist-lock', where, token, holder, ...(breakToken ? [breakToken] : [])],
        description: `take the apply lock ${where}`,
        timeoutMs: 30_000,
      }),
      release: (token: string) => ({
        argv: ['sh', '-c', LOCK_RELEASE, 'coexist-unlock', where, token],
        description: `release the apply lock ${where}`,
        timeoutMs: 30_000,
      }),
    };
  },
  unobserved(_model: Model, target: TargetT): Observed {
    const state = emptyState(target);
    return { fingerprint: fingerprintState(state), state };
  },
  exporter: { fileExtension: 'sh', render: renderPostfix, files: oneFile('sh', renderPostfix), defaultTargets: defaultPostfixTargets },
};
