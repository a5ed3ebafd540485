// The Dovecot configuration the postfix-dovecot export writes (the auth listener smtpd_sasl_path names, the
// passdb of the model's POP3 authentication, the userdb file, the mail location), checked by the real
// `doveconf -n`, then a real Dovecot started from it and a real Postfix authenticating a SASL user through
// it (AUTH PLAIN: 235 with the password, 535 without). Both daemons run inside a network namespace the test
// creates (test/lab/netns.ts), started by launchers whose output goes to a file: a daemon keeps the
// descriptors it inherits, so a spawnSync with pipes would wait for it forever (the hang of the first try).
// Root and Postfix + Dovecot + swaks needed; under CI a missing program fails.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../../src/adapters/executor/local.js';
import { memoryLog } from '../../../src/adapters/executor/log.js';
import { memoryJournal } from '../../../src/adapters/plan/journal.js';
import { renderPlan } from '../../../src/adapters/plan/render.js';
import { applyReviewedPlan, planTarget } from '../../../src/adapters/plan/run.js';
import { postfixDovecotAdapter } from '../../../src/adapters/postfix-dovecot/index.js';
import { remapModelAddresses } from '../../../src/adapters/postfix-dovecot/remap.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { TargetT } from '../../../src/model/schema.js';
import { LabNetwork, run } from '../../lab/netns.js';
import { DovecotInstance, PostfixInstance, waitFor } from '../../lab/postfix.js';
import { canRunPostfix, createPostfixInstance, missingTools } from '../helpers/postfix-instance.js';

const tools = ['doveconf', 'dovecot', 'doveadm', 'swaks', 'ip'];
const skip =
  canRunPostfix() ??
  (missingTools(tools).length > 0 ? `missing ${missingTools(tools).join(', ')} (apt-get install dovecot-core swaks iproute2)` : undefined);
if (skip && process.env.CI) throw new Error(`CI: ${skip}`);
if (skip) console.warn(`SKIPPED Dovecot configuration tests: ${skip}`);

const IP = '127.0.0.41';
/** Undone last first: the daemons, then the namespace, then the files. */
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.runIf(!skip)('the Dovecot configuration of a postfix-dovecot target', () => {
  it('the export of the system instance writes it (the listener under /var/spool/postfix, PAM for Active Directory)', () => {
    const model = scenarioModel('shared-domain');
    const target: TargetT = { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01' };
    const script = postfixDovecotAdapter.exporter.render(
      model,
      target,
      postfixDovecotAdapter.plan(model, target, postfixDovecotAdapter.unobserved(model, target)),
    );
    expect(script).toContain("'coexist-write-file' '/etc/dovecot/conf.d/99-coexist.conf' '0644'");
    expect(script).toContain('  unix_listener /var/spool/postfix/private/auth {');
    expect(script).toMatch(/passdb \{\n {2}driver = pam\n\}/);
    expect(script).toContain('  args = username_format=%u /etc/dovecot/coexist-users');
  });

  it('doveconf -n reads it, Dovecot runs it, and Postfix authenticates a SASL user through it', async () => {
    const inst = createPostfixInstance('dove', IP, 2525);
    cleanups.push(() => rmSync(inst.root, { recursive: true, force: true }));
    const dir = join(inst.root, 'dovecot');
    mkdirSync(join(dir, 'run'), { recursive: true });
    mkdirSync(join(dir, 'state'), { recursive: true });
    const model = remapModelAddresses(scenarioModel('shared-domain'), { '10.0.0.10': '127.0.0.42', '10.0.0.20': IP });
    const pop = model.pop3.servers[0]!;
    pop.authentication = 'encrypted-password-file';
    pop.smtp.requireAuthentication = true;
    pop.smtp.relay.allowAuthenticated = true;
    const socket = join(dir, 'auth-postfix');
    const target: TargetT = {
      id: 'dove',
      adapter: 'postfix-dovecot',
      server: 'POP01',
      connection: { kind: 'local' },
      options: {
        configDirectory: inst.etc,
        mailRoot: inst.mail,
        mailUid: '65534',
        mailGid: '65534',
        nextHopPort: '2525',
        dns: 'disabled',
        saslPath: socket,
        dovecotConfig: join(dir, '99-coexist.conf'),
        dovecotUsers: join(dir, 'users'),
        dovecotPasswords: join(dir, 'passwords'),
      },
    };
    const ex = new LocalExecutor({ target: 'dove', log: memoryLog(), secrets: { env: { COEXIST_POP3_RELAY_PASSWORD: 'relay-pw' } } });
    const plan = await planTarget(model, target, ex);
    expect(plan.changes.map((c) => c.object)).toContain(`Dovecot configuration (${dir}/99-coexist.conf)`);
    // The seed's POP3 server authenticates against Active Directory; the password file is confirmed by rule id.
    const report = await applyReviewedPlan(model, target, plan, ex, {
      journal: memoryJournal(),
      allowErrors: ['pop3.authentication-not-active-directory'],
    });
    expect(report.ok, JSON.stringify(report.steps.map((s) => s.error))).toBe(true);
    expect(renderPlan(await planTarget(model, target, ex))).toContain('no changes');

    // The administrator's password file (doveadm pw), readable by Dovecot's auth process only.
    const hash = execFileSync('doveadm', ['pw', '-s', 'SHA512-CRYPT', '-p', 's3cret pass']).toString().trim();
    writeFileSync(join(dir, 'passwords'), `alice@pop.northwindtraders.com:${hash}\n`);
    const dovecotGid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
    chmodSync(join(dir, 'passwords'), 0o640);
    chownSync(join(dir, 'passwords'), 0, dovecotGid);

    // dovecot.conf of this host: its own paths, no network listener; it includes what coexist wrote.
    const conf = join(dir, 'dovecot.conf');
    writeFileSync(
      conf,
      [
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/dovecot.log`,
        'instance_name = coexist-test-dovecot',
        'protocols =',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'auth_verbose = yes',
        'first_valid_uid = 1',
        `!include ${dir}/99-coexist.conf`,
        'service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}',
        '',
      ].join('\n'),
    );
    const n = await run(['doveconf', '-c', conf, '-n'], { timeoutMs: 15_000 });
    expect(n.exitCode, n.stderr).toBe(0);
    expect(n.stdout).toMatch(new RegExp(`unix_listener ${socket} \\{\\n\\s+group = postfix\\n\\s+mode = 0660\\n\\s+user = postfix`));
    expect(n.stdout).toContain(`args = scheme=SHA512-CRYPT username_format=%u ${dir}/passwords`);
    expect(n.stdout).toContain(`args = username_format=%u ${dir}/users`);
    expect(n.stdout).toContain('mail_location = maildir:~');
    expect(n.stdout, n.stdout).toMatch(/^protocols = "? ?pop3"?$/m);
    expect(readFileSync(join(dir, 'users'), 'utf8')).toContain(
      `alice@pop.northwindtraders.com::65534:65534::${inst.mail}/pop.northwindtraders.com/alice::`,
    );

    // The servers, inside a namespace of their own: only loopback, no route out.
    const net = await LabNetwork.create();
    cleanups.push(() => net.destroy());
    expect(net.namespace, net.note).toBeDefined();
    const dovecot = new DovecotInstance(conf, net);
    cleanups.push(() => dovecot.stop());
    await dovecot.start();
    await waitFor(`Dovecot's auth listener ${socket}`, () => existsSync(socket), 15_000);
    const postfix = new PostfixInstance('dove', inst.etc, net);
    cleanups.push(() => postfix.stop());
    await postfix.start();

    const auth = (password: string) =>
      net.exec(
        // --helo: swaks asks no resolver for a name (mail-lab.md, pitfall 5).
        [
          'swaks',
          '--server',
          IP,
          '--port',
          '2525',
          '--helo',
          'client.example',
          '--quit-after',
          'AUTH',
          '--auth',
          'PLAIN',
          '--auth-user',
          'alice@pop.northwindtraders.com',
          '--auth-password',
          password,
          '--timeout',
          '15',
        ],
        { timeoutMs: 30_000 },
      );
    // Postfix's master binds the listener just after `postfix start` returns: wait until swaks connects.
    let ok = await auth('s3cret pass');
    for (let i = 0; i < 40 && /Connection refused/i.test(ok.stdout + ok.stderr); i++) {
      await new Promise((r) => setTimeout(r, 100));
      ok = await auth('s3cret pass');
    }
    expect(ok.stdout, ok.stdout + ok.stderr).toMatch(/^<- {2}235 2\.7\.0 Authentication successful$/m);
    const bad = await auth('wrong');
    expect(bad.stdout + bad.stderr).toMatch(/^<\*\* 535 5\.7\.8 /m);
    // The refusal was Dovecot's, from the passwd-file passdb the export configured (logged a moment later).
    const log = () => readFileSync(join(dir, 'dovecot.log'), 'utf8');
    await waitFor(
      'the passdb refusal in dovecot.log',
      () => /passwd-file\(alice@pop\.northwindtraders\.com,.*\): Password mismatch/.test(log()),
      5_000,
    ).catch(() => {
      throw new Error(`dovecot.log:\n${log()}`);
    });
  }, 60_000);
});
