// The real peer: the same recipient look-ups a Postfix gateway in front of this organisation would make,
// through `postmap -q -` on hash: alias (virtual) and transport tables built from the synthetic model.
//   virtual:   every address Exchange knows -> the delivery address (POP3 users: their external address;
//              mailbox users: user@<mailbox server>.<domain>, so the transport table can route per server)
//   transport: server and POP3 domains -> smtp:[ip]; partner address spaces -> their smart host or DNS;
//              the domains Exchange is responsible for -> error:5.1.1 (an address not in virtual is unknown)
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { directoryOf } from '../src/model/routing/directory.js';
import type { Model } from '../src/model/schema.js';

/** The postmap binary (PATH, then the sbin directories root's PATH has), or undefined when Postfix is not installed. */
export function postmapPath(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    const p = join(d, 'postmap');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

const serverDomain = (name: string, model: Model) => {
  const ref = [...model.exchange.servers, ...model.pop3.servers].find((s) => s.name === name)!;
  return ref.fqdn;
};

export interface PostfixTables {
  dir: string;
  virtual: string;
  transport: string;
  virtualEntries: number;
  transportEntries: number;
}

export function postfixTables(model: Model): { virtual: Map<string, string>; transport: Map<string, string> } {
  const directory = directoryOf(model);
  const virtual = new Map<string, string>();
  for (const [address, r] of directory.recipients) {
    if (r.user.kind === 'exchange' && r.user.mailboxServer) {
      virtual.set(address, `${r.user.logon.toLowerCase()}@${serverDomain(r.user.mailboxServer, model)}`);
    } else if (r.user.externalAddress) {
      virtual.set(address, r.user.externalAddress.toLowerCase());
    }
  }
  const transport = new Map<string, string>();
  for (const s of [...model.exchange.servers, ...model.pop3.servers]) transport.set(s.fqdn, `smtp:[${s.ip}]`);
  for (const [domain, entry] of directory.pop3Domains) transport.set(domain, `smtp:[${entry.server.ip}]`);
  for (const { connector } of directory.connectors) {
    const next = connector.smartHosts[0] ? `smtp:${connector.smartHosts[0]}` : 'smtp:';
    for (const space of connector.addressSpaces) {
      const key = space.domain.startsWith('*.') ? space.domain.slice(1) : space.domain; // ".domain" matches subdomains
      if (!transport.has(key)) transport.set(key, next);
    }
  }
  for (const [domain, p] of directory.policyDomains) {
    if (p.responsible && !transport.has(domain)) transport.set(domain, 'error:5.1.1 User unknown');
  }
  return { virtual, transport };
}

/** Write the tables as Postfix source files and build their hash: maps with postmap. */
export function buildPostfixTables(model: Model, dir: string, postmap: string): PostfixTables {
  mkdirSync(join(dir, 'conf'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'main.cf'), '# empty: postmap only needs a config directory\n');
  const { virtual, transport } = postfixTables(model);
  const write = (name: string, map: Map<string, string>) => {
    const file = join(dir, name);
    writeFileSync(file, `${[...map].map(([k, v]) => `${k}\t${v}`).join('\n')}\n`);
    execFileSync(postmap, ['-c', join(dir, 'conf'), `hash:${file}`]);
    return file;
  };
  return {
    dir,
    virtual: write('virtual', virtual),
    transport: write('transport', transport),
    virtualEntries: virtual.size,
    transportEntries: transport.size,
  };
}

/** Run a command with stdin text; resolve with its wall time (ms, spawn to exit) and stdout. */
/**
 * Runs a command to exit: wall time from spawn to exit, and the CPU time (user + system) the command used,
 * from bash's `times` after it (children's times, 1 ms resolution). On a loaded machine the wall time mostly
 * measures waiting for a core; the CPU time is what the work itself costs.
 */
export function timedRun(
  cmd: string,
  args: string[],
  input: string,
  okCodes: number[] = [0],
  env?: Record<string, string>,
): Promise<{ ms: number; cpuMs: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('bash', ['-c', '"$@"; status=$?; times >&2; exit $status', 'bash', cmd, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t;
      const errLines = Buffer.concat(err).toString().trimEnd().split('\n');
      const times = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(errLines[errLines.length - 1] ?? '');
      const stderr = errLines.slice(0, -2).join('\n');
      if (code === null || !okCodes.includes(code)) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else if (!times) reject(new Error(`no CPU times after ${cmd}: ${errLines.slice(-2).join(' | ')}`));
      else
        resolve({
          ms,
          cpuMs: (Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4])) * 1000,
          stdout: Buffer.concat(out).toString(),
        });
    });
    child.stdin.end(input);
  });
}

/** postmap -q exits 1 when no key was found (e.g. empty input): not an error here. */
const NOT_FOUND_OK = [0, 1];
const lines = (items: string[]) => (items.length === 0 ? '' : `${items.join('\n')}\n`);

/** The Postfix side: alias look-up of every recipient, then transport look-up of each result's domain. */
export async function postmapLookups(tables: PostfixTables, postmap: string, recipients: string[]) {
  const conf = join(tables.dir, 'conf');
  const a = await timedRun(postmap, ['-c', conf, '-q', '-', `hash:${tables.virtual}`], lines(recipients), NOT_FOUND_OK);
  const aliased = new Map<string, string>();
  for (const line of a.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) aliased.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const resolved = recipients.map((r) => aliased.get(r.toLowerCase()) ?? r.toLowerCase());
  const domains = resolved.map((r) => r.slice(r.lastIndexOf('@') + 1));
  const t = await timedRun(postmap, ['-c', conf, '-q', '-', `hash:${tables.transport}`], lines(domains), NOT_FOUND_OK);
  const transport = new Map<string, string>();
  for (const line of t.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) transport.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return {
    ms: a.ms + t.ms,
    cpuMs: a.cpuMs + t.cpuMs,
    aliasMs: a.ms,
    transportMs: t.ms,
    resolved,
    nextHops: domains.map((d) => transport.get(d)),
  };
}
