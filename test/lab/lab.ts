// The mail lab: real Postfix instances for the model's servers (configured only through the postfix-dovecot
// adapter), Dovecot for POP3 and SMTP AUTH, and a catch-all "Internet" sink, inside the lab's own network
// namespace. Every flow of the preview is sent for real and its real end is compared with the preview.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { readModelFile, writeNewModelFile } from '../../src/persistence/file.js';
import { standardFlows, type Flow } from '../../src/model/routing/flows.js';
import { simulate } from '../../src/model/routing/simulate.js';
import type { Model, TargetT } from '../../src/model/schema.js';
import { postfixDovecotAdapter } from '../../src/adapters/postfix-dovecot/index.js';
import { applyChanges } from '../../src/adapters/plan/apply.js';
import { LocalExecutor } from '../../src/adapters/executor/local.js';
import { memoryLog } from '../../src/adapters/executor/log.js';
import type { CommandSpec, Executor } from '../../src/adapters/types.js';
import { judge, previewEntry, previewPath, type Entry, type Judged, type Reality } from './compare.js';
import { LAB_ADDRESSES, mapModelToLab, serverLabIp, type LabModel, type LabServer } from './lab-model.js';
import type { LabScenario } from './lab-scenarios.js';
import { LabNetwork, mustRun } from './netns.js';
import { DovecotInstance, PostfixInstance, sleep, waitFor } from './postfix.js';
import {
  bouncesInLogs,
  maildirFiles,
  realityOf,
  readMaildir,
  TokenScanner,
  type DialogueResult,
  type FoundMessage,
  type ServerIndex,
} from './observe.js';
import { createSink, postfixUid } from './sink.js';
import { messageText, submissionFor, type Submission } from './submit.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WIRE = join(HERE, 'wire.mjs');
const NOBODY = 65534;
/** The Outbound Security secret of the examples (env:COEXIST_POP3_RELAY_PASSWORD), given a lab value. */
const SECRET_ENV = /^env:([A-Z_][A-Z0-9_]*)$/;

/** A routing trick the receiving server undoes only for its own names (%, !, quoted or double @): not a source route. */
const routedBeyondRoute = (trace: { tricks: string[] }) => trace.tricks.some((t) => t !== 'source-route');

export interface LabTimings {
  [step: string]: number;
}

interface Node {
  server: LabServer;
  root: string;
  postfix: PostfixInstance;
  target: TargetT;
  usersFile?: string;
}

export interface ScenarioResult {
  scenario: string;
  rows: Judged[];
  timings: LabTimings;
  /** Adapter plan summary per target, for the output. */
  applied: string[];
  /** The model file the servers were configured from (with the lab's addresses). */
  file: string;
  /** Per preview-only edit (ProveOptions.sensitivity): the same reality judged against the edited preview. */
  sensitivity: Record<string, Judged[]>;
}

export interface ProveOptions {
  /** Edits the preview's model only, as if the adapter ignored the edit (COEXIST_LAB_PREVIEW_EDIT). */
  previewEdit?: (m: Model) => void;
  /** Messages sent on top of the flow matrix (the differential lab's random recipients), from the lab model. */
  extraFlows?: (model: Model) => Flow[];
  /** Preview-only edits judged against the same reality: the lab's proof that it would see such a break. */
  sensitivity?: { name: string; edit: (m: Model) => void }[];
}

export class MailLab {
  private nodes = new Map<string, Node>();
  /** Each server name keeps its lab address for the whole run (one Postfix instance per name). */
  private readonly labIps = new Map<string, string>();
  /** The POP3 servers Dovecot's configuration serves (rewritten when a new one appears). */
  private dovecotPops: string[] = [];
  private sink!: { instance: PostfixInstance; maildir: string };
  private dovecot?: DovecotInstance;
  private dnsTrap?: ChildProcess;
  private readonly password = `lab-${randomBytes(6).toString('hex')}`;
  private readonly runId = randomBytes(3).toString('hex').toUpperCase();
  private seq = 0;
  private dovecotGid = 0;
  readonly smtpPort: number;
  readonly pop3Port: number;
  readonly dnsTrapLog: string;
  readonly commandLog = memoryLog();

  private constructor(
    readonly root: string,
    readonly net: LabNetwork,
    private readonly say: (line: string) => void,
  ) {
    // In the namespace the standard ports are free; on the host's loopback stay clear of a local MTA.
    this.smtpPort = net.namespace ? 25 : 2525;
    this.pop3Port = net.namespace ? 110 : 1110;
    this.dnsTrapLog = join(root, 'dnstrap.log');
  }

  static async create(root: string, say: (line: string) => void): Promise<MailLab> {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const net = await LabNetwork.create();
    say(net.note);
    const lab = new MailLab(root, net, say);
    try {
      lab.dovecotGid = Number((await mustRun(['id', '-g', 'dovecot'])).stdout.trim());
      if (net.namespace) say(`namespace interfaces: ${(await net.interfaces()).replace(/\s+/g, ' ')}`);
      await lab.startDnsTrap();
      // A smart host outside the model gets a TEST-NET address on the namespace's loopback, served by the sink.
      if (net.namespace) await mustRun(net.argv(['ip', 'addr', 'add', `${LAB_ADDRESSES.outsideRelay}/32`, 'dev', 'lo']));
      lab.sink = await createSink(
        join(root, 'internet'),
        LAB_ADDRESSES.sink,
        net,
        lab.smtpPort,
        net.namespace ? [LAB_ADDRESSES.outsideRelay] : [],
      );
      await lab.sink.instance.start();
      return lab;
    } catch (e) {
      await lab.stop();
      throw e;
    }
  }

  // ------------------------------------------------------------------ DNS trap

  /** Inside the namespace, answer nothing but log every query sent to the host's resolver address. */
  private async startDnsTrap(): Promise<void> {
    if (!this.net.namespace) return;
    const resolver = await resolverAddress();
    if (!resolver || /^127\./.test(resolver)) return;
    await mustRun(this.net.argv(['ip', 'addr', 'add', `${resolver}/32`, 'dev', 'lo']));
    const argv = this.net.argv([process.execPath, join(HERE, 'dnstrap.mjs'), resolver, this.dnsTrapLog]);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    this.dnsTrap = child;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the DNS trap did not start within 10 s')), 10_000);
      child.stdout!.once('data', () => {
        clearTimeout(t);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`the DNS trap exited (${code})`));
      });
    });
    // Self-test: a look-up made inside the namespace must land in the trap, or "0 queries" would prove nothing.
    await this.net.exec(
      [
        process.execPath,
        '-e',
        "new (require('node:dns').promises.Resolver)({ timeout: 200, tries: 1 }).resolve4('trap-selftest.invalid').catch(() => {})",
      ],
      { timeoutMs: 3000 },
    );
    await waitFor(
      'the DNS trap to log its self-test query',
      () => this.dnsQueries().some((q) => q.includes('trap-selftest.invalid')),
      5000,
    );
    writeFileSync(this.dnsTrapLog, '');
    this.say(`DNS trap listening on ${resolver}:53 inside the namespace (the host's resolver address); self-test query caught`);
  }

  /** Whether the DNS trap runs (namespace mode with a resolver outside 127/8). */
  get dnsTrapActive(): boolean {
    return this.dnsTrap !== undefined;
  }

  dnsQueries(): string[] {
    try {
      return readFileSyncSafe(this.dnsTrapLog).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  // ------------------------------------------------------------------ instances

  private labIpOf = (name: string): string => {
    let ip = this.labIps.get(name.toLowerCase());
    if (!ip) {
      ip = serverLabIp(this.labIps.size);
      this.labIps.set(name.toLowerCase(), ip);
    }
    return ip;
  };

  private async node(server: LabServer): Promise<Node> {
    const existing = this.nodes.get(server.name);
    if (existing) {
      if (existing.server.system !== server.system || existing.server.labIp !== server.labIp) {
        throw new Error(
          `${server.name} was a${existing.server.system === 'exchange' ? 'n Exchange' : ' POP3'} server at ${existing.server.labIp} earlier in this run; a name keeps its role and address`,
        );
      }
      existing.server = server;
      return existing;
    }
    const root = join(this.root, server.name.toLowerCase());
    const etc = join(root, 'etc');
    for (const d of ['etc', 'spool', 'data', 'log']) mkdirSync(join(root, d), { recursive: true });
    const pf = await postfixUid();
    chownSync(join(root, 'data'), pf.uid, pf.gid);
    const stock = (await mustRun(['postconf', '-h', '-d', 'config_directory'])).stdout.trim();
    copyFileSync(join(stock, 'master.cf'), join(etc, 'master.cf'));
    writeFileSync(join(etc, 'main.cf'), '');
    // The instance's own settings (where it lives and listens), as mail-lab.md's pf_instance writes them.
    // Everything about mail routing comes from the adapter.
    await mustRun([
      'postconf',
      '-c',
      etc,
      '-e',
      'compatibility_level = 3.6',
      `queue_directory = ${root}/spool`,
      `data_directory = ${root}/data`,
      `maillog_file_prefixes = ${root}/log`,
      `maillog_file = ${root}/log/maillog`,
      `syslog_name = postfix-${server.name.toLowerCase()}`,
      'inet_interfaces = loopback-only',
      'inet_protocols = ipv4',
      `smtp_bind_address = ${server.labIp}`,
      // The lab address is this server's own address (its model IP, moved): "user@[own address]" is local,
      // as on a host whose interface carries it. It is only on loopback here, so Postfix must be told.
      `proxy_interfaces = ${server.labIp}`,
      'local_recipient_maps =',
      'alias_maps =',
      'alias_database =',
      'biff = no',
      'smtputf8_enable = no',
      'delay_warning_time = 0',
      'queue_run_delay = 10s',
      'minimal_backoff_time = 10s',
      'maximal_backoff_time = 30s',
    ]);
    await mustRun(['postconf', '-c', etc, '-F', '*/*/chroot = n']);
    await mustRun(['postconf', '-c', etc, '-MX', 'smtp/inet']);
    await mustRun([
      'postconf',
      '-c',
      etc,
      '-Me',
      `${server.labIp}:${this.smtpPort}/inet = ${server.labIp}:${this.smtpPort} inet n - n - - smtpd`,
    ]);
    const options: Record<string, string> = {
      configDirectory: etc,
      mailRoot: join(root, 'mail'),
      mailUid: String(NOBODY),
      mailGid: String(NOBODY),
      internetRelay: `[${LAB_ADDRESSES.sink}]${this.smtpPort === 25 ? '' : `:${this.smtpPort}`}`,
      dns: 'disabled',
      saslPath: join(this.root, 'dovecot', 'auth-client'),
    };
    if (this.smtpPort !== 25) options.nextHopPort = String(this.smtpPort);
    let usersFile: string | undefined;
    if (server.system === 'pop3') {
      usersFile = join(root, 'dovecot-users');
      options.dovecotUsers = usersFile;
    }
    const target: TargetT = {
      id: `lab-${server.name.toLowerCase()}`,
      adapter: 'postfix-dovecot',
      server: server.name,
      role: server.system === 'pop3' ? 'pop3' : 'gateway',
      connection: { kind: 'local' },
      options,
    };
    const node: Node = { server, root, postfix: new PostfixInstance(server.name, etc, this.net), target };
    if (usersFile) node.usersFile = usersFile;
    this.nodes.set(server.name, node);
    return node;
  }

  /** The lab's directory (what Active Directory is to the seed): every logon, mailbox and service account, one lab password. */
  private writeDirectory(model: Model): void {
    const dir = join(this.root, 'dovecot');
    mkdirSync(join(dir, 'run'), { recursive: true });
    mkdirSync(join(dir, 'state'), { recursive: true });
    const names = new Set<string>();
    for (const u of model.users) names.add(u.logon.toLowerCase());
    for (const s of model.pop3.servers) {
      for (const d of s.domains) for (const m of d.mailboxes) names.add(`${m.toLowerCase()}@${d.name}`);
      if (s.smtp.outboundSecurity.account) names.add(s.smtp.outboundSecurity.account.toLowerCase());
    }
    const file = join(dir, 'passwd');
    // Dovecot looks names up with "\" escaped as "\\" (DOMAIN\user accounts), so the file must hold them escaped.
    writeFileSync(file, [...names].map((n) => `${n.replace(/\\/g, '\\\\')}:{PLAIN}${this.password}::::::\n`).join(''));
    chmodSync(file, 0o640);
    chownSync(file, 0, this.dovecotGid);
  }

  /** Dovecot serves every POP3 server seen so far; a new one rewrites its configuration and restarts it. */
  private async ensureDovecot(pops: Node[]): Promise<void> {
    const known = new Set(this.dovecotPops);
    if (this.dovecot && pops.every((n) => known.has(n.server.name))) return;
    for (const n of pops) if (!known.has(n.server.name)) this.dovecotPops.push(n.server.name);
    if (this.dovecot) await this.dovecot.stop();
    const conf = await this.writeDovecotConfig(this.dovecotPops.map((name) => this.nodes.get(name)!));
    this.dovecot = new DovecotInstance(conf, this.net);
    await this.dovecot.start();
  }

  private async writeDovecotConfig(pops: Node[]): Promise<string> {
    const dir = join(this.root, 'dovecot');
    const conf = join(dir, 'dovecot.conf');
    const listen = pops.map((n) => n.server.labIp).join(', ') || '127.0.0.1';
    const userdbs = pops.map((n) => `userdb {\n  driver = passwd-file\n  args = username_format=%u ${n.usersFile}\n}\n`).join('');
    writeFileSync(
      conf,
      `# mail lab: Dovecot serves POP3 for the POP3 servers and SASL for every Postfix instance
protocols = pop3
listen = ${listen}
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = coexist-lab-dovecot
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_username_chars =
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:~
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
${userdbs}service pop3-login {
  inet_listener pop3 {
    port = ${this.pop3Port}
  }
}
service auth {
  unix_listener ${dir}/auth-client {
    mode = 0660
    user = postfix
    group = postfix
  }
}
`,
    );
    return conf;
  }

  /** An executor that runs the adapter's commands locally, inside the lab network. */
  private executor(target: TargetT, env: NodeJS.ProcessEnv): Executor {
    const local = new LocalExecutor({ target: target.id, log: this.commandLog, secrets: { env } });
    const net = this.net;
    return {
      description: `${local.description}${net.namespace ? ` (namespace ${net.namespace})` : ''}`,
      run: (spec: CommandSpec) => local.run({ ...spec, argv: net.argv(spec.argv) }),
    };
  }

  // ------------------------------------------------------------------ one scenario

  async prove(scenario: LabScenario, previewEditOrOptions?: ((m: Model) => void) | ProveOptions): Promise<ScenarioResult> {
    const options: ProveOptions =
      typeof previewEditOrOptions === 'function' ? { previewEdit: previewEditOrOptions } : (previewEditOrOptions ?? {});
    const previewEdit = options.previewEdit;
    const timings: LabTimings = {};
    const t0 = performance.now();
    const mark = (step: string, since: number) => {
      timings[step] = Math.round(performance.now() - since);
    };

    // 1. The model file the servers are configured from: the scenario with its addresses moved into the lab.
    let s = performance.now();
    const mapped: LabModel = mapModelToLab(scenario.model, this.labIpOf, this.net.namespace ? LAB_ADDRESSES.outsideRelay : undefined);
    const nodes: Node[] = [];
    for (const server of mapped.servers) nodes.push(await this.node(server));
    const withTargets = { ...mapped.model, targets: nodes.map((n) => n.target) };
    const file = join(this.root, `${scenario.id}.coexist.yaml`);
    writeNewModelFile(file, withTargets, { overwrite: true });
    const model = readModelFile(file).model;
    this.writeDirectory(model);
    // A POP3 server of an earlier model that this one does not have: Dovecot must not find its mailboxes.
    for (const n of this.nodes.values()) if (n.usersFile && !nodes.includes(n)) writeFileSync(n.usersFile, '');
    const secretEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const p of model.pop3.servers) {
      const m = SECRET_ENV.exec(p.smtp.outboundSecurity.secret ?? '');
      if (m) secretEnv[m[1]!] = this.password;
    }

    // 2. Configure every server through the adapter: observe, plan, apply.
    // Each server is its own host: their plans are applied side by side, as an administrator's terminals would.
    const wasRunning = nodes.filter((n) => n.postfix.running());
    const applied = await Promise.all(
      nodes.map(async (node) => {
        const target = model.targets.find((t) => t.id === node.target.id)!;
        const executor = this.executor(target, secretEnv);
        const observed = await postfixDovecotAdapter.observe(model, target, executor);
        const changes = postfixDovecotAdapter.plan(model, target, observed);
        const report = await applyChanges(changes, executor);
        if (!report.ok) {
          const failed = report.steps.find((x) => x.status === 'failed');
          throw new Error(
            `${scenario.id}: applying the plan to ${node.server.name} failed at "${failed?.change.object}": ${failed?.error ?? ''} ${failed?.results.map((r) => r.stderr).join(' ') ?? ''}`,
          );
        }
        return `${node.server.name}: ${changes.length} change(s)`;
      }),
    );
    // `postfix reload` returns before the old smtpd and trivial-rewrite processes have gone: let them go, so
    // no message of this model meets the previous model's settings.
    if (wasRunning.length > 0) await sleep(500);
    mark('apply', s);

    // 3. Start what is not running yet (the adapter reloads running instances itself).
    s = performance.now();
    const pops = nodes.filter((n) => n.server.system === 'pop3');
    await this.ensureDovecot(pops);
    await Promise.all(nodes.map((n) => (n.postfix.running() ? n.postfix.paths() : n.postfix.start())));
    await this.ready([
      ...nodes.map((n) => ({ server: n.server.labIp, port: this.smtpPort })),
      ...pops.map((n) => ({ server: n.server.labIp, port: this.pop3Port })),
    ]);
    mark('start', s);

    // 4. The flows and their preview (on the same model, or on a preview-only edit of it).
    const flows = [...standardFlows(model), ...(options.extraFlows?.(model) ?? [])];
    const previewModel = previewEdit ? structuredClone(model) : model;
    if (previewEdit) previewEdit(previewModel);
    const tokens = flows.map(() => `${this.runId}${String(++this.seq).padStart(4, '0')}`);

    // 5. Send every message for real.
    s = performance.now();
    const submissions = flows.map((f, i) => submissionFor(model, mapped.servers, f, tokens[i]!));
    const dialogues = await this.submit(flows, submissions, tokens);
    mark('send', s);

    // 6. Wait until every queue is empty (everything delivered, refused or bounced), bounded.
    s = performance.now();
    const instances = [...nodes.map((n) => n.postfix), this.sink.instance];
    let stillQueued: { server: string; sender: string; detail: string }[] = [];
    // Queues are read one after the other, so a message moving between two instances could slip through one
    // look: wait for two empty looks in a row AND for every accepted message to show up in some Maildir
    // (a copy, or a report carrying it).
    const accepted = new Set(tokens.filter((_, i) => dialogues[i]?.stage === 'accepted'));
    const roots = [...nodes.map((n) => join(n.root, 'mail')), join(this.root, 'internet', 'mail')];
    const seen = new TokenScanner(roots);
    try {
      // Done when every accepted message has arrived somewhere, or when every queue has stayed empty for
      // 2 s (then a report that could not be delivered is read from the logs).
      let calm = 0;
      let calmSince = 0;
      await waitFor(
        'every queue to empty and every accepted message to arrive somewhere',
        () => {
          const empty = instances.every((i) => i.queued() === 0);
          calm = empty ? calm + 1 : 0;
          if (calm < 2) {
            calmSince = 0;
            return false;
          }
          if (!calmSince) calmSince = Date.now();
          return seen.allFound(accepted) || Date.now() - calmSince > 2000;
        },
        30_000,
        100,
      );
    } catch {
      for (const i of instances) {
        for (const q of await i.queueReport()) {
          for (const r of q.recipients)
            stillQueued.push({
              server: i.name,
              sender: q.sender,
              detail: `${q.queue} queue: from ${q.sender} to ${r.address}: ${r.reason}`,
            });
        }
      }
      this.say(`${scenario.id}: still queued after 30 s: ${stillQueued.map((q) => `${q.server} ${q.detail}`).join('; ')}`);
      stillQueued = stillQueued.length ? stillQueued : [{ server: 'unknown', sender: '', detail: 'queue not empty' }];
    }
    mark('deliver', s);

    // 7. Look: POP3 mailboxes read back over POP3, the gateway's mailboxes, the sink.
    s = performance.now();
    const found = await this.collect(model, nodes);
    const index: ServerIndex = { byHost: new Map() };
    for (const server of mapped.servers) {
      index.byHost.set(server.fqdn, server.name);
      index.byHost.set(server.labIp, server.name);
    }
    index.byHost.set('sink.internet.invalid', 'Internet');
    index.byHost.set(LAB_ADDRESSES.sink, 'Internet');
    index.byHost.set(LAB_ADDRESSES.outsideRelay, 'Internet');
    const names = mapped.servers.map((x) => x.name);
    const logged = bouncesInLogs(
      nodes.map((n) => ({ server: n.server.name, text: n.postfix.logText() })),
      index,
    );
    const realities = flows.map((flow, i) => {
      const sub = submissions[i]!;
      const submittedTo =
        sub.kind === 'smtp' ? (sub.to === 'Internet' ? 'Internet' : sub.to.name) : sub.kind === 'pickup' ? sub.on.name : '';
      const dialogue = dialogues[i];
      const reality: Reality =
        sub.kind === 'impossible'
          ? { kind: 'lost' as const, evidence: `the lab cannot send it: ${sub.why}` }
          : sub.kind === 'unreachable'
            ? { kind: 'unreachable', domain: sub.domain, evidence: sub.why }
            : realityOf({ token: tokens[i]!, submittedTo, dialogue, found, index, stillQueued, logged });
      // The first hop: did the server the message was handed to take it (250) or refuse it in the dialogue?
      const entry: Entry | undefined =
        !dialogue || !submittedTo
          ? undefined
          : dialogue.stage === 'accepted'
            ? { server: submittedTo, accepted: true, code: dialogue.code || 250 }
            : reality.kind === 'rejected'
              ? { server: submittedTo, accepted: false, code: dialogue.code }
              : undefined;
      return { flow, reality, entry, token: tokens[i]! };
    });
    const judgeAll = (m: Model, name: string): Judged[] =>
      realities.map(({ flow, reality, entry, token }) => {
        const trace = simulate(m, flow.message);
        const expected = previewEntry(trace, names);
        return judge({
          scenario: name,
          flow: flow.id,
          preview: trace.verdict,
          reality,
          token,
          entry: { ...(expected ? { preview: expected } : {}), ...(entry ? { reality: entry } : {}) },
          previewPath: previewPath(trace, names),
          // A routed address (%, !, quoted @) that a server took: the preview follows it to its final
          // destination, the worst case for relaying; Postfix undoes the trick only for its own names and
          // otherwise keeps it as a local part. Whether it was taken is compared; where it ended is not.
          // A source route alone is compared in full: both sides ignore it (RFC 5321 3.3) and go to what remains.
          ...(routedBeyondRoute(trace) && expected?.accepted && entry?.accepted
            ? { firstHopOnly: `routed address (${trace.tricks.join(', ')}): the preview judges it by its final destination` }
            : {}),
          // Exchange relays a routed address to a domain it relays for; the adapter sets allow_untrusted_routing =
          // no, so Postfix refuses sender-specified routing into its relay domains (safer, by design).
          ...(routedBeyondRoute(trace) && trace.verdict.kind === 'relayed' && /\.allowRelay$/.test(trace.verdict.setting)
            ? {
                stricter: {
                  server: trace.verdict.server,
                  why: `routed address relayed by ${trace.verdict.setting} in the preview; Postfix refuses sender-specified routing into relay domains (allow_untrusted_routing = no)`,
                },
              }
            : {}),
        });
      });
    const rows = judgeAll(previewModel, scenario.id);
    const sensitivity: Record<string, Judged[]> = {};
    for (const s of options.sensitivity ?? []) {
      const edited = structuredClone(model);
      s.edit(edited);
      sensitivity[s.name] = judgeAll(edited, `${scenario.id}+${s.name}`);
    }
    mark('observe', s);
    // Leave nothing behind for the next scenario: what is still queued was reported as deferred above.
    if (stillQueued.length) for (const i of instances) await this.net.exec(['postsuper', '-c', i.configDir, '-d', 'ALL']);
    timings.total = Math.round(performance.now() - t0);
    return { scenario: scenario.id, rows, timings, applied, file, sensitivity };
  }

  private async ready(endpoints: { server: string; port: number }[]): Promise<void> {
    const jobs = endpoints.map((e, i) => ({ id: i, server: e.server, port: e.port, timeoutMs: 15_000 }));
    const r = await this.net.exec([process.execPath, WIRE, 'probe'], { input: JSON.stringify(jobs), timeoutMs: 20_000 });
    const results = JSON.parse(r.stdout || '[]') as { id: number; ok: boolean; error?: string }[];
    const bad = results.filter((x) => !x.ok);
    if (r.exitCode !== 0 || bad.length)
      throw new Error(
        `not listening: ${bad.map((b) => `${endpoints[b.id]!.server}:${endpoints[b.id]!.port} (${b.error})`).join(', ')} ${r.stderr}`,
      );
  }

  private async submit(flows: Flow[], subs: Submission[], tokens: string[]): Promise<(DialogueResult | undefined)[]> {
    const out: (DialogueResult | undefined)[] = flows.map(() => undefined);
    const jobs: object[] = [];
    for (const [i, sub] of subs.entries()) {
      if (sub.kind !== 'smtp') continue;
      const server = sub.to === 'Internet' ? LAB_ADDRESSES.sink : sub.to.labIp;
      const job: Record<string, unknown> = {
        id: i,
        server,
        port: this.smtpPort,
        localAddress: sub.clientIp,
        helo: `client-${sub.clientIp}.lab.invalid`,
        from: sub.from,
        rcpt: sub.rcpt,
        data: messageText(flows[i]!, tokens[i]!, sub.from, sub.rcpt),
        timeoutMs: 15_000,
      };
      if (sub.auth) job.auth = { user: sub.auth.user, password: this.password };
      jobs.push(job);
    }
    if (jobs.length) {
      const r = await this.net.exec([process.execPath, WIRE, 'smtp'], { input: JSON.stringify(jobs), timeoutMs: 120_000 });
      if (r.exitCode !== 0) throw new Error(`the SMTP client failed: ${r.stderr}`);
      for (const d of JSON.parse(r.stdout) as (DialogueResult & { id: number })[]) out[d.id] = d;
    }
    for (const [i, sub] of subs.entries()) {
      if (sub.kind !== 'pickup') continue;
      const node = this.nodes.get(sub.on.name)!;
      const r = await this.net.exec(['sendmail', '-C', node.postfix.configDir, '-f', sub.from, '-i', '--', sub.rcpt], {
        input: messageText(flows[i]!, tokens[i]!, sub.from, sub.rcpt),
        timeoutMs: 15_000,
      });
      out[i] =
        r.exitCode === 0
          ? { stage: 'accepted', code: 250, status: '', text: 'local pickup', transcript: [] }
          : { stage: 'pickup', code: 0, status: '', text: `sendmail exit ${r.exitCode}: ${r.stderr.trim()}`, transcript: [] };
    }
    return out;
  }

  private async collect(model: Model, nodes: Node[]): Promise<FoundMessage[]> {
    const found: FoundMessage[] = [];
    for (const n of nodes) {
      found.push(...readMaildir(join(n.root, 'mail'), n.server.name, n.server.system));
    }
    found.push(...readMaildir(join(this.root, 'internet', 'mail'), 'Internet', 'internet'));
    // Every POP3 mailbox of the model, read back (and emptied) over POP3.
    const jobs: {
      id: number;
      server: string;
      port: number;
      user: string;
      password: string;
      delete: boolean;
      who: { server: string; mailbox: string };
    }[] = [];
    for (const n of nodes) {
      if (n.server.system !== 'pop3') continue;
      const pop = model.pop3.servers.find((p) => p.name === n.server.name)!;
      for (const d of pop.domains) {
        for (const m of d.mailboxes) {
          const mailbox = `${m.toLowerCase()}@${d.name}`;
          jobs.push({
            id: jobs.length,
            server: n.server.labIp,
            port: this.pop3Port,
            user: mailbox,
            password: this.password,
            delete: true,
            who: { server: n.server.name, mailbox },
          });
        }
      }
    }
    if (jobs.length) {
      const r = await this.net.exec([process.execPath, WIRE, 'pop3'], { input: JSON.stringify(jobs), timeoutMs: 60_000 });
      if (r.exitCode !== 0) throw new Error(`the POP3 client failed: ${r.stderr}`);
      for (const res of JSON.parse(r.stdout) as { id: number; ok: boolean; error?: string; messages: string[] }[]) {
        const job = jobs[res.id]!;
        if (!res.ok) throw new Error(`POP3 login or retrieval for ${job.who.mailbox} on ${job.who.server} failed: ${res.error}`);
        for (const text of res.messages)
          found.push({
            server: job.who.server,
            system: 'pop3',
            mailbox: job.who.mailbox,
            via: 'pop3',
            where: `POP3 ${job.server}:${this.pop3Port} as ${job.who.mailbox}`,
            text,
          });
      }
    }
    return found;
  }

  /** Copies every instance's configuration (main.cf, master.cf, maps) under `dest`/<server>: a later model rewrites them. */
  keepConfigs(dest: string): void {
    for (const n of this.nodes.values()) cpSync(join(n.root, 'etc'), join(dest, n.server.name.toLowerCase()), { recursive: true });
  }

  /** Empties every Maildir (servers and sink) between models: each model's look then reads only its own mail. */
  forgetMail(): void {
    for (const root of [...[...this.nodes.values()].map((n) => join(n.root, 'mail')), join(this.root, 'internet', 'mail')]) {
      for (const file of maildirFiles(root)) rmSync(file, { force: true });
    }
  }

  // ------------------------------------------------------------------ teardown

  /** Stops every daemon the lab started and removes the namespace; safe to call more than once. */
  async stop(): Promise<string[]> {
    const notes: string[] = [];
    const times: string[] = [];
    let t = performance.now();
    const lap = (what: string) => {
      times.push(`${what} ${Math.round(performance.now() - t)} ms`);
      t = performance.now();
    };
    const instances = [...[...this.nodes.values()].map((n) => n.postfix), ...(this.sink ? [this.sink.instance] : [])];
    await Promise.all([
      ...instances.map((i) =>
        i.stop().catch((e: Error) => {
          notes.push(`${i.name}: ${e.message}`);
        }),
      ),
      ...(this.dovecot
        ? [
            this.dovecot.stop().catch((e: Error) => {
              notes.push(`dovecot: ${e.message}`);
            }),
          ]
        : []),
    ]);
    lap('postfix+dovecot');
    const trap = this.dnsTrap;
    if (trap && trap.exitCode === null && trap.signalCode === null) {
      const exited = new Promise((r) => trap.once('exit', r));
      trap.kill('SIGTERM');
      await Promise.race([exited, sleep(2000)]);
    }
    lap('dns trap');
    // Anything still alive in the namespace was started by the lab: stop it by PID before removing it.
    const left = await this.net.pids();
    if (left.length) {
      notes.push(`still running in the namespace after stop, killed: ${left.join(' ')}`);
      for (const pid of left)
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      await sleep(300);
      for (const pid of await this.net.pids())
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
    }
    await this.net.destroy();
    lap('namespace');
    notes.push(`teardown: ${times.join(', ')}`);
    return notes;
  }
}

async function resolverAddress(): Promise<string | undefined> {
  const text = readFileSyncSafe('/etc/resolv.conf');
  return /^nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/m.exec(text)?.[1];
}

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
