// The model translated into the Postfix (and Dovecot userdb) state one Linux host must have, in either role:
//  - pop3:    a POP3 server of the model (IIS SMTP + POP3 service): its domains as virtual mailbox domains,
//             remote domains as relay_domains + transport, smart host as relayhost, Outbound Security as
//             SMTP client SASL;
//  - gateway: an Exchange server of the model: recipient-policy domains, mailboxes, mail-enabled users'
//             proxy addresses as aliases, connectors as transports, the relay list as mynetworks.
// The routing simulator (src/model/routing/simulate.ts) is the behaviour this must reproduce.
import { parseCidr, parseSmartHost } from '../../model/net.js';
import { parseRelayEntry } from '../../model/relay-entry.js';
import { directoryOf, pickConnector, pickRemoteDomain, remoteDomainMatch } from '../../model/routing/directory.js';
import type { ExchangeServerT, Model, Pop3ServerT, RelayT, TargetT } from '../../model/schema.js';
import { AdapterError } from '../types.js';
import type { PostfixOptions } from './options.js';

export type MapFormat = 'postmap' | 'passwd' | 'conf';

export interface MapFile {
  /** Short name shown in the plan, e.g. "transport". */
  name: string;
  path: string;
  format: MapFormat;
  /** postmap type to build after writing ("hash"), or none for a plain file. */
  postmapType?: 'hash';
  /** key -> value; sorted when written. */
  entries: Map<string, string>;
  /** A configuration file ('conf'): written as this text, compared line by line. */
  text?: string;
  /** The password of every entry comes from this secret at apply time (sasl_passwd). */
  secret?: string;
  mode: string;
}

export interface PostfixDesired {
  role: 'pop3' | 'gateway';
  server: string;
  params: Map<string, string>;
  maps: MapFile[];
}

/** The main.cf parameters coexist manages (always all of them, so the result never depends on defaults). */
export const MANAGED_PARAMS = [
  'myhostname',
  'mydestination',
  'virtual_alias_domains',
  'virtual_alias_maps',
  'virtual_mailbox_domains',
  'virtual_mailbox_maps',
  'virtual_mailbox_base',
  'virtual_uid_maps',
  'virtual_gid_maps',
  'virtual_transport',
  'relay_domains',
  'relay_recipient_maps',
  'transport_maps',
  'relayhost',
  'mynetworks',
  'smtpd_sasl_auth_enable',
  'smtpd_sasl_type',
  'smtpd_sasl_path',
  'smtpd_relay_restrictions',
  'smtp_sasl_auth_enable',
  'smtp_sasl_password_maps',
  'smtp_sasl_security_options',
  'hopcount_limit',
  'relay_domains_reject_code',
  'allow_percent_hack',
  'swap_bangpath',
  'allow_untrusted_routing',
  'resolve_dequoted_address',
  'parent_domain_matches_subdomains',
  'smtpd_reject_unlisted_recipient',
  'local_transport',
] as const;

const LITERAL_NDR = '5.1.1 no mailbox is addressed by the address literal of this server';

/**
 * A local domain under a "*.x" transport (".x" matches its subdomains) is still delivered here: an explicit
 * entry keeps it local, as Exchange's categorizer and IIS's local domains decide before any route is looked at.
 */
function keepLocal(transport: Map<string, string>, domains: Iterable<string>, delivery: string): void {
  for (const d of domains) {
    if (transport.has(d)) continue;
    if ([...transport.keys()].some((k) => k.startsWith('.') && d.endsWith(k))) transport.set(d, delivery);
  }
}

export const list = (items: Iterable<string>): string => [...new Set(items)].join(', ');

/** An IIS remote domain as Postfix table keys: "*.x" is the subdomains of x only (".x"), never x itself. */
function remoteDomainKeys(name: string): string[] {
  return name === '*' ? ['*'] : name.startsWith('*.') ? [name.slice(1)] : [name];
}

/** Whether every domain remote domain `inner` covers is also covered by the wider `outer` ("*", "*.x"). */
function remoteDomainWithin(inner: string, outer: string): boolean {
  if (inner === outer || inner === '*') return false;
  if (outer === '*') return true;
  const base = inner.startsWith('*.') ? inner.slice(2) : inner;
  return outer.startsWith('*.') && remoteDomainMatch(outer, base) >= 0;
}

/**
 * A domain list (relay_domains) in the order Postfix must try it: Postfix takes the first match, Exchange and
 * IIS the most specific entry (exact names, then the longest ".x", then "static:ALL"); exclusions ("!x") too.
 */
function mostSpecificFirst(entries: string[]): string[] {
  const rank = (e: string) => {
    const d = e.replace(/^!/, '');
    return d.startsWith('static:') ? -1 : d.startsWith('.') ? d.length : 10_000 + d.length;
  };
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(b.e) - rank(a.e) || a.i - b.i)
    .map((x) => x.e);
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Which server of the model the target configures, and in which role. */
export function targetServer(
  model: Model,
  target: TargetT,
): { role: 'pop3'; server: Pop3ServerT } | { role: 'gateway'; server: ExchangeServerT } {
  const name = target.server.toLowerCase();
  const pop = model.pop3.servers.find((s) => s.name.toLowerCase() === name);
  const ex = model.exchange.servers.find((s) => s.name.toLowerCase() === name);
  if (!pop && !ex) throw new AdapterError(`target ${target.id}: server "${target.server}" is not a server of the model`, target.id);
  if (target.role === 'pop3' && !pop)
    throw new AdapterError(
      `target ${target.id}: role pop3 needs a POP3 server of the model, and "${target.server}" is an Exchange server`,
      target.id,
    );
  if (target.role === 'gateway' && !ex)
    throw new AdapterError(
      `target ${target.id}: role gateway needs an Exchange server of the model, and "${target.server}" is a POP3 server`,
      target.id,
    );
  if (pop && target.role !== 'gateway') return { role: 'pop3', server: pop };
  return { role: 'gateway', server: ex! };
}

class Translator {
  readonly params = new Map<string, string>();
  readonly transport = new Map<string, string>();
  readonly aliases = new Map<string, string>();
  readonly mailboxes = new Map<string, string>();
  readonly saslKeys = new Set<string>();
  relayhost = '';

  constructor(
    readonly model: Model,
    readonly target: TargetT,
    readonly o: PostfixOptions,
  ) {}

  fail(message: string): never {
    throw new AdapterError(`target ${this.target.id}: ${message}`, this.target.id);
  }

  /** A smart host of the model as a Postfix next hop: always bracketed (no MX look-up), model FQDNs as their IP. */
  nextHop(smartHost: string, where: string): string {
    const parsed = parseSmartHost(smartHost);
    if (!parsed.ok) this.fail(`${where}: ${parsed.error}`);
    let host: string;
    if (parsed.value.kind === 'ip') host = parsed.value.ip;
    else {
      const fqdn = parsed.value.fqdn;
      const server = [...this.model.exchange.servers, ...this.model.pop3.servers].find((s) => s.fqdn === fqdn);
      host = server ? server.ip : fqdn;
    }
    return `[${host}]${this.o.nextHopPort ? `:${this.o.nextHopPort}` : ''}`;
  }

  serverHop(ip: string): string {
    return `[${ip}]${this.o.nextHopPort ? `:${this.o.nextHopPort}` : ''}`;
  }

  /** An Exchange address space as transport_maps keys ("*.x" covers x and its subdomains, unlike an IIS remote domain). */
  transportKeys(pattern: string): string[] {
    if (pattern === '*') return ['*'];
    if (pattern.startsWith('*.')) return [pattern.slice(2), `.${pattern.slice(2)}`];
    return [pattern];
  }

  relayDomainEntries(pattern: string): string[] {
    if (pattern === '*') return ['static:ALL'];
    if (pattern.startsWith('*.')) return [pattern.slice(2), `.${pattern.slice(2)}`];
    return [pattern];
  }

  /** `where`: the relay list's model path, for a refusal. */
  mynetworks(relay: RelayT, where = 'relay list'): string {
    const entry = (c: string, i: number) => {
      const d = parseRelayEntry(c);
      // mynetworks matches client addresses only; a Domain entry (matched by reverse DNS in IIS) has no
      // equivalent there, and leaving it out would grant or deny other computers than the model says.
      if (d.ok && d.value.kind === 'domain') {
        this.fail(
          `${where}.computers[${i}]: the relay list entry ${c} is a Domain (IIS matches it by reverse DNS of the connecting computer); Postfix's mynetworks holds addresses only, so this adapter cannot apply it: list the computers by IP address (Single computer or Group of computers)`,
        );
      }
      const p = parseCidr(c);
      if (!p.ok) this.fail(`${where}.computers[${i}]: relay list entry "${c}": ${p.error}`);
      return p.value.family === 'ipv6' ? `[${p.value.address}]/${p.value.prefix}` : `${p.value.address}/${p.value.prefix}`;
    };
    if (relay.mode === 'only-list') return list(relay.computers.map(entry));
    // "All except the list below": everyone but the listed computers may relay (what the model says).
    return list([...relay.computers.map((c, i) => `!${entry(c, i)}`), '0.0.0.0/0', '[::]/0']);
  }

  relayRestrictions(allowAuthenticated: boolean): string {
    return list(['permit_mynetworks', ...(allowAuthenticated ? ['permit_sasl_authenticated'] : []), 'reject_unauth_destination']);
  }

  mailboxPath(address: string): string {
    const at = address.lastIndexOf('@');
    return `${address.slice(at + 1)}/${address.slice(0, at)}/`;
  }

  /**
   * Mail for a domain the model's DNS sends to a server of the model: a bracketed next hop (no DNS needed).
   * Another server's address literal goes straight to it (and not to the Internet relay of a lab).
   * `routedFirst` names the domains a connector or remote domain routes before DNS is asked: an exact MX key
   * would beat their `.x` transport key, so they get none.
   */
  mxTransports(self: string, local: Set<string>, routedFirst: (domain: string) => boolean = () => false): void {
    for (const server of [...this.model.exchange.servers, ...this.model.pop3.servers]) {
      const literal = server.ip.includes(':') ? `[ipv6:${lower(server.ip)}]` : `[${server.ip}]`;
      if (server.name.toLowerCase() !== self.toLowerCase() && !this.transport.has(literal) && !routedFirst(literal))
        this.transport.set(literal, `smtp:${this.serverHop(server.ip)}`);
    }
    for (const [domain, name] of Object.entries(this.model.dns.mx)) {
      const d = lower(domain);
      if (local.has(d) || this.transport.has(d) || routedFirst(d)) continue;
      const server = [...this.model.exchange.servers, ...this.model.pop3.servers].find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (!server || server.name.toLowerCase() === self.toLowerCase()) continue;
      this.transport.set(d, `smtp:${this.serverHop(server.ip)}`);
    }
  }

  /**
   * The organisation's own domains that nothing routes (not local here, no transport, no connector): with an
   * MX naming this server, the server would send to itself (NDR 5.4.8); with no MX, there is no route at
   * all (NDR 5.4.0). As the preview says, instead of handing them to the Internet.
   */
  unroutable(self: string, local: Set<string>, connectorFor?: (domain: string) => boolean): void {
    const dir = directoryOf(this.model);
    for (const d of new Set([...dir.policyDomains.keys(), ...dir.pop3Domains.keys()])) {
      if (local.has(d) || this.transport.has(d) || connectorFor?.(d)) continue;
      const mx = this.model.dns.mx[d];
      if (mx && mx.toLowerCase() !== self.toLowerCase()) continue;
      this.transport.set(
        d,
        mx
          ? 'error:5.4.8 the MX of this domain is this server: it would forward to itself'
          : 'error:5.4.0 no route: a domain of this organisation with no connector and no MX',
      );
    }
  }

  /**
   * A smart host that is this server: IIS and Exchange would forward to themselves, so every message routed
   * there gets an NDR (5.4.8, as the preview says). Postfix would only defer it ("loops back to myself"):
   * error transports instead, for any address ("*") when it is the relay host, the local domains kept local.
   */
  selfSmartHost(ip: string, local: Iterable<string>): void {
    const selfHop = this.serverHop(ip);
    const error = 'error:5.4.8 the smart host is this server: it would forward to itself';
    if (this.relayhost === selfHop) {
      this.relayhost = '';
      this.transport.set('*', error);
      for (const d of local) this.transport.set(d, this.o.deliveryTransport === 'virtual' ? 'virtual:' : this.o.deliveryTransport);
      // "*" would also take the server's own literal, which stays local (no mailbox: 5.1.1, see local_transport).
      this.transport.set(ip.includes(':') ? `[ipv6:${lower(ip)}]` : `[${ip}]`, `error:${LITERAL_NDR}`);
    }
    for (const [k, v] of this.transport) if (v === `smtp:${selfHop}`) this.transport.set(k, error);
  }

  common(fqdn: string, hopCount: number): void {
    const dir = this.o.configDirectory;
    const p = this.params;
    p.set('myhostname', fqdn);
    p.set('mydestination', '');
    p.set('virtual_alias_domains', '');
    p.set('virtual_alias_maps', `hash:${dir}/virtual_alias`);
    p.set('virtual_mailbox_maps', `hash:${dir}/virtual_mailbox`);
    p.set('virtual_mailbox_base', this.o.mailRoot);
    p.set('virtual_uid_maps', `static:${this.o.mailUid}`);
    p.set('virtual_gid_maps', `static:${this.o.mailGid}`);
    p.set('virtual_transport', this.o.deliveryTransport);
    p.set('relay_recipient_maps', '');
    p.set('transport_maps', `hash:${dir}/transport`);
    p.set('smtpd_sasl_type', 'dovecot');
    p.set('smtpd_sasl_path', this.o.saslPath);
    p.set('smtp_sasl_security_options', 'noanonymous');
    // Exchange and IIS give up when a message has been through more than "Maximum hop count" servers; Postfix
    // refuses a message whose Received: headers, its own included, reach hopcount_limit: one more.
    p.set('hopcount_limit', String(hopCount + 1));
    // Like Exchange and IIS: "550 5.7.1 Unable to relay" (Postfix's default is 554).
    p.set('relay_domains_reject_code', '550');
    // Routed addresses (%, !, "a@b"@c) are judged by their real destination and never relayed for strangers.
    p.set('allow_percent_hack', 'yes');
    p.set('swap_bangpath', 'yes');
    p.set('allow_untrusted_routing', 'no');
    p.set('resolve_dequoted_address', 'yes');
    // Exact domain matching in relay_domains, transport_maps and mynetworks: ".example.com" is written out.
    p.set('parent_domain_matches_subdomains', 'debug_peer_list, smtpd_access_maps');
    // Exchange 2003 and IIS SMTP accept any recipient of their own domains and send an NDR (5.1.1) afterwards;
    // the preview says "bounced", so an unknown user is not refused at RCPT TO (the mail lab checks this).
    p.set('smtpd_reject_unlisted_recipient', 'no');
    // The server's own address literal is Postfix's only local domain here (mydestination is empty). Exchange
    // and IIS treat it as local but no mailbox has it: NDR 5.1.1, never a Unix account's mailbox.
    p.set('local_transport', `error:${LITERAL_NDR}`);
    if (this.o.dns === 'disabled') {
      p.set('smtp_dns_support_level', 'disabled');
      p.set('smtpd_peername_lookup', 'no');
    }
    if (this.o.queueDirectory) p.set('queue_directory', this.o.queueDirectory);
    if (this.o.dataDirectory) p.set('data_directory', this.o.dataDirectory);
  }

  pop3(server: Pop3ServerT, index: number): void {
    const base = `pop3.servers[${index}]`;
    const smtp = server.smtp;
    this.common(server.fqdn, server.maxHopCount);
    const local = new Set(server.domains.map((d) => lower(d.name)));
    for (const d of server.domains) {
      for (const m of d.mailboxes) {
        const address = `${lower(m)}@${lower(d.name)}`;
        this.mailboxes.set(address, this.mailboxPath(address));
      }
    }
    const remotes = smtp.remoteDomains;
    // relay_domains: the remote domains that relay, and those that do not under a wider one that does (IIS
    // picks the most specific remote domain, so x is refused under a relaying "*" or "*.y").
    const relayEntries: string[] = [];
    for (const r of remotes) {
      const keys = r.name === '*' ? ['static:ALL'] : remoteDomainKeys(r.name);
      if (r.allowRelay) relayEntries.push(...keys);
      else if (remotes.some((w) => w.allowRelay && remoteDomainWithin(r.name, w.name))) relayEntries.push(...keys.map((k) => `!${k}`));
    }
    const relayDomains = relayEntries.some((e) => !e.startsWith('!')) ? mostSpecificFirst(relayEntries) : [];
    remotes.forEach((r, i) => {
      if (!r.smartHost) return;
      const hop = this.nextHop(r.smartHost, `${base}.smtp.remoteDomains[${i}].smartHost`);
      // A remote domain's smart host overrides the virtual server's for that domain (KB 303734), "*" included.
      if (r.name === '*') this.relayhost = hop;
      else for (const k of remoteDomainKeys(r.name)) this.transport.set(k, `smtp:${hop}`);
    });
    const virtualHop = smtp.smartHost ? this.nextHop(smtp.smartHost, `${base}.smtp.smartHost`) : undefined;
    if (virtualHop && !this.relayhost) this.relayhost = virtualHop;
    // What the remote domain IIS picks for a domain does with it: a smart host of its own comes first.
    const routedFirst = (d: string) => Boolean(pickRemoteDomain(remotes, d)?.domain.smartHost);
    // Without a smart host on the virtual server, the rest goes by DNS: the model's MX records, else the Internet.
    if (!virtualHop) {
      this.mxTransports(server.name, local, routedFirst);
      this.unroutable(server.name, local, routedFirst);
    }
    // A remote domain without a smart host takes the virtual server's route (its smart host, else DNS) even
    // where a wider remote domain ("*", "*.y") has one, which Postfix would otherwise follow (its key or relayhost).
    const defaultRoute = virtualHop ? `smtp:${virtualHop}` : this.o.internetRelay ? `smtp:${this.o.internetRelay}` : 'smtp:';
    for (const r of remotes) {
      if (r.smartHost || r.name === '*' || local.has(r.name)) continue;
      if (!remotes.some((w) => w.smartHost && remoteDomainWithin(r.name, w.name))) continue;
      for (const k of remoteDomainKeys(r.name)) if (!this.transport.has(k)) this.transport.set(k, defaultRoute);
    }
    if (!this.relayhost && this.o.internetRelay) this.relayhost = this.o.internetRelay;
    this.selfSmartHost(server.ip, local);
    keepLocal(this.transport, local, this.o.deliveryTransport === 'virtual' ? 'virtual:' : this.o.deliveryTransport);

    const p = this.params;
    p.set('virtual_mailbox_domains', list([...local]));
    p.set('relay_domains', list(relayDomains));
    p.set('relayhost', this.relayhost);
    p.set('mynetworks', this.mynetworks(smtp.relay, `${base}.smtp.relay`));
    // IIS offers AUTH only when Basic authentication is on; relaying for authenticated clients also needs
    // "Allow all computers which successfully authenticate to relay".
    p.set('smtpd_sasl_auth_enable', smtp.requireAuthentication ? 'yes' : 'no');
    p.set('smtpd_relay_restrictions', this.relayRestrictions(smtp.requireAuthentication && smtp.relay.allowAuthenticated));

    const out = smtp.outboundSecurity;
    if (out.mode !== 'anonymous') {
      if (!out.account) this.fail(`${base}.smtp.outboundSecurity: ${out.mode} authentication needs an account`);
      if (!out.secret)
        this.fail(`${base}.smtp.outboundSecurity: ${out.mode} authentication needs a secret (env:NAME or keyring:NAME) for the password`);
      if (/[\s:]/.test(out.account)) this.fail(`${base}.smtp.outboundSecurity.account must not contain spaces or ":"`);
      for (const v of this.transport.values()) if (v.startsWith('smtp:') && v !== 'smtp:') this.saslKeys.add(v.replace(/^smtp:/, ''));
      if (this.relayhost) this.saslKeys.add(this.relayhost);
      p.set('smtp_sasl_auth_enable', 'yes');
      p.set('smtp_sasl_password_maps', `hash:${this.o.configDirectory}/sasl_passwd`);
    } else {
      p.set('smtp_sasl_auth_enable', 'no');
      p.set('smtp_sasl_password_maps', '');
    }
  }

  gateway(server: ExchangeServerT): void {
    const dir = directoryOf(this.model);
    const vs = server.smtpVirtualServers[0]!;
    this.common(server.fqdn, server.maxHopCount);
    const responsible = [...dir.policyDomains.values()].filter((d) => d.responsible).map((d) => d.domain);
    const nonResponsible = [...dir.policyDomains.values()].filter((d) => !d.responsible).map((d) => d.domain);
    const forward = vs.forwardUnresolvedTo ? this.nextHop(vs.forwardUnresolvedTo, 'smtpVirtualServers[0].forwardUnresolvedTo') : undefined;
    const policyDomains = new Set(dir.policyDomains.keys());

    // Recipients: mailboxes (here or on another Exchange server) and mail-enabled users' proxy addresses.
    const primaryOf = new Map<string, string>();
    const localBoxes = new Set<string>();
    for (const [address, r] of dir.recipients) {
      const domain = address.slice(address.lastIndexOf('@') + 1);
      if (!policyDomains.has(domain)) continue;
      const user = r.user;
      if (user.kind === 'exchange' && user.mailboxServer) {
        const key = user.logon.toLowerCase();
        let box = primaryOf.get(key);
        if (!box) {
          const candidates = [...dir.recipients]
            .filter(([, x]) => x.user === user)
            .map(([a]) => a)
            .filter((a) => dir.policyDomains.get(a.slice(a.lastIndexOf('@') + 1))?.responsible);
          const primary = candidates.find((a) => dir.recipients.get(a)!.primary) ?? candidates[0] ?? address;
          box = primary;
          primaryOf.set(key, box);
          this.mailboxes.set(box, this.mailboxPath(box));
          const home = this.model.exchange.servers.find((s) => s.name.toLowerCase() === user.mailboxServer!.toLowerCase());
          if (home && home.name.toLowerCase() !== server.name.toLowerCase()) this.transport.set(box, `smtp:${this.serverHop(home.ip)}`);
          else {
            localBoxes.add(box);
            if (forward) this.transport.set(box, this.o.deliveryTransport === 'virtual' ? 'virtual:' : this.o.deliveryTransport);
          }
        }
        if (address !== box) this.aliases.set(address, box);
      } else if (user.externalAddress) {
        const targetAddress = user.externalAddress.toLowerCase();
        const targetDomain = targetAddress.slice(targetAddress.lastIndexOf('@') + 1);
        // A target in a domain Exchange is responsible for can never leave: the categorizer answers with an
        // NDR 5.4.6 (routing loop detected), as the preview says; Postfix's error transport writes the same.
        if (dir.policyDomains.get(targetDomain)?.responsible)
          this.transport.set(
            address,
            'error:5.4.6 routing loop detected: the target address is in a domain this organisation is responsible for',
          );
        else if (address !== targetAddress) this.aliases.set(address, targetAddress);
      }
    }

    // Connectors that run on this server (or everywhere): address spaces as transports, relay permission.
    const relayDomains: string[] = [...nonResponsible];
    const relayExclusions: string[] = [];
    const spaces = new Set<string>();
    this.model.exchange.connectors.forEach((c) => c.addressSpaces.forEach((s) => spaces.add(s.domain)));
    const self = server.name.toLowerCase();
    const listed = (c: { bridgeheads: string[] }) => c.bridgeheads.some((b) => b.toLowerCase() === self);
    // The domains this server owns: its categorizer delivers or refuses them before any connector is looked at.
    const owned = new Set(responsible);
    for (const pattern of spaces) {
      // A "*.x" space is judged by a subdomain of x: x itself may have a more specific (exact) space of its own.
      const probe = pattern === '*' ? 'unrouted.invalid' : pattern.startsWith('*.') ? `unrouted--.${pattern.slice(2)}` : pattern;
      const picked = pickConnector(dir, probe);
      if (!picked) continue;
      const c = picked.connector;
      // "Allow messages to be relayed to these domains" lets only the connector's local bridgeheads accept
      // them (seed, separate domains, step 7): another Exchange server refuses them with 5.7.1.
      if (c.allowRelay && listed(c)) relayDomains.push(...this.relayDomainEntries(pattern));
      // A more specific address space whose connector does not relay here is refused even under a relayed
      // "*.x" (Postfix domain lists take the first match: the exclusions go first). Never a recipient-policy
      // domain: Exchange accepts those before any connector is looked at ("*.x" names x itself too).
      else if (pattern !== '*')
        relayExclusions.push(
          ...this.relayDomainEntries(pattern)
            .filter((e) => !policyDomains.has(e))
            .map((e) => `!${e}`),
        );
      let hop: string | undefined;
      const runsHere = c.bridgeheads.length === 0 || listed(c);
      if (!runsHere) {
        const bridge = this.model.exchange.servers.find((s) => s.name.toLowerCase() === c.bridgeheads[0]!.toLowerCase());
        if (bridge) hop = this.serverHop(bridge.ip);
      } else if (c.smartHosts.length > 0) {
        hop = this.nextHop(c.smartHosts[0]!, `exchange.connectors[${picked.index}].smartHosts[0]`);
      }
      if (!hop) continue;
      if (pattern === '*') {
        if (!this.relayhost) this.relayhost = hop;
        continue;
      }
      for (const k of this.transportKeys(pattern)) {
        // Each key only for the connector Exchange picks for it ("x" may belong to an exact space's connector).
        const forKey = pickConnector(dir, k.startsWith('.') ? `unrouted--${k}` : k);
        if (!owned.has(k) && forKey?.index === picked.index) this.transport.set(k, `smtp:${hop}`);
      }
    }
    // Exchange servers of one organisation authenticate to each other (X-EXPS, their computer accounts), so
    // this virtual server relays for them when "Allow all computers which successfully authenticate to relay"
    // is set. The gateways do not authenticate to each other, so their addresses stand for that here.
    const peers = vs.relay.allowAuthenticated
      ? this.model.exchange.servers.filter((s) => s.name.toLowerCase() !== self).map((s) => s.ip)
      : [];

    const mailboxDomains: string[] = [];
    for (const d of responsible) {
      if (forward) {
        // "Forward all mail with unresolved recipients to host": the domain is relayed there, known
        // mailboxes are delivered here first (the transport entries above).
        relayDomains.push(d);
        if (!this.transport.has(d)) this.transport.set(d, `smtp:${forward}`);
      } else mailboxDomains.push(d);
    }
    // A mailbox on this server in a domain Exchange is not responsible for (relayed on to a connector):
    // Exchange still delivers it to the mailbox, so it must not follow the domain's transport.
    for (const box of localBoxes) {
      if (!mailboxDomains.includes(box.slice(box.lastIndexOf('@') + 1)) && !this.transport.has(box)) {
        this.transport.set(box, this.o.deliveryTransport === 'virtual' ? 'virtual:' : this.o.deliveryTransport);
      }
    }
    // A connector routes the domain when it has a smart host or runs on another bridgehead; one that runs
    // here and "uses DNS" leaves it to the MX, like no connector at all.
    const connectorRoutes = (c: { smartHosts: string[]; bridgeheads: string[] } | undefined) =>
      c !== undefined && (c.smartHosts.length > 0 || (c.bridgeheads.length > 0 && !listed(c)));
    // A routing "*" connector takes every domain no more specific space matches, before DNS is asked.
    // A routing "*.x" connector takes its subdomains before DNS is asked too, even where an MX names one.
    const routedFirst = (d: string) => connectorRoutes(pickConnector(dir, d)?.connector);
    this.mxTransports(server.name, new Set(responsible), routedFirst);
    this.unroutable(server.name, new Set(mailboxDomains), routedFirst);
    // A connector that runs here and uses DNS, under a wider address space whose connector routes ("*" as
    // relayhost, "*.y" as a ".y" key): Exchange picks the more specific one and asks DNS; Postfix would follow
    // the wider one. Its keys go to DNS (the Internet relay of a lab), unless an MX entry above took them.
    const dnsRoute = this.o.internetRelay ? `smtp:${this.o.internetRelay}` : 'smtp:';
    for (const pattern of spaces) {
      if (pattern === '*') continue;
      const probe = pattern.startsWith('*.') ? `unrouted--.${pattern.slice(2)}` : pattern;
      const picked = pickConnector(dir, probe);
      if (!picked || connectorRoutes(picked.connector)) continue;
      const shadowed = this.relayhost !== '' || [...this.transport.keys()].some((k) => k.startsWith('.') && probe.endsWith(k));
      if (!shadowed) continue;
      for (const k of this.transportKeys(pattern)) {
        const forKey = pickConnector(dir, k.startsWith('.') ? `unrouted--${k}` : k);
        if (!owned.has(k) && forKey?.index === picked.index && !this.transport.has(k)) this.transport.set(k, dnsRoute);
      }
    }
    this.selfSmartHost(server.ip, mailboxDomains);
    keepLocal(this.transport, mailboxDomains, this.o.deliveryTransport === 'virtual' ? 'virtual:' : this.o.deliveryTransport);
    if (!this.relayhost && this.o.internetRelay) this.relayhost = this.o.internetRelay;

    const p = this.params;
    p.set('virtual_mailbox_domains', list(mailboxDomains));
    // Most specific first (as a connector's exact address space wins over "*.x"), and exclusions only when
    // something is relayed at all.
    const ordered = relayDomains.length > 0 ? mostSpecificFirst([...relayExclusions, ...relayDomains]) : [];
    p.set('relay_domains', list(ordered));
    p.set('relayhost', this.relayhost);
    p.set(
      'mynetworks',
      list(
        [
          ...peers.map((ip) => this.mynetworks({ mode: 'only-list', computers: [ip], allowAuthenticated: false })),
          this.mynetworks(vs.relay, `exchange.servers[${this.model.exchange.servers.indexOf(server)}].smtpVirtualServers[0].relay`),
        ].filter(Boolean),
      ),
    );
    // Exchange always offers SMTP AUTH; relaying for authenticated clients follows the virtual server's box.
    p.set('smtpd_sasl_auth_enable', 'yes');
    p.set('smtpd_relay_restrictions', this.relayRestrictions(vs.relay.allowAuthenticated));
    p.set('smtp_sasl_auth_enable', 'no');
    p.set('smtp_sasl_password_maps', '');
  }
}

function checkEntry(target: TargetT, map: string, key: string, value: string): void {
  if (!/^[^\s#][^\s]*$/.test(key) || /[\r\n\0]/.test(value)) {
    throw new AdapterError(
      `target ${target.id}: ${map} entry "${key}" cannot be written safely (spaces, line breaks or a leading #)`,
      target.id,
    );
  }
}

function checkParam(target: TargetT, name: string, value: string): void {
  if (/[\r\n\0$]/.test(value))
    throw new AdapterError(`target ${target.id}: main.cf ${name} value "${value}" contains a line break or "$"; refused`, target.id);
}

export function desiredState(model: Model, target: TargetT, o: PostfixOptions): PostfixDesired {
  const which = targetServer(model, target);
  const t = new Translator(model, target, o);
  if (which.role === 'pop3') t.pop3(which.server, model.pop3.servers.indexOf(which.server));
  else t.gateway(which.server);
  for (const [name, value] of t.params) checkParam(target, name, value);

  const dir = o.configDirectory;
  const maps: MapFile[] = [
    { name: 'virtual_alias', path: `${dir}/virtual_alias`, format: 'postmap', postmapType: 'hash', entries: t.aliases, mode: '0644' },
    { name: 'virtual_mailbox', path: `${dir}/virtual_mailbox`, format: 'postmap', postmapType: 'hash', entries: t.mailboxes, mode: '0644' },
    { name: 'transport', path: `${dir}/transport`, format: 'postmap', postmapType: 'hash', entries: t.transport, mode: '0644' },
  ];
  if (t.params.get('smtp_sasl_auth_enable') === 'yes' && which.role === 'pop3') {
    const out = which.server.smtp.outboundSecurity;
    maps.push({
      name: 'sasl_passwd',
      path: `${dir}/sasl_passwd`,
      format: 'postmap',
      postmapType: 'hash',
      entries: new Map([...t.saslKeys].map((k) => [k, out.account!])),
      secret: out.secret!,
      mode: '0600',
    });
  }
  if (o.dovecotUsers) {
    const users = new Map<string, string>();
    for (const address of t.mailboxes.keys()) {
      if (t.transport.get(address)?.startsWith('smtp:')) continue; // mailbox on another server
      users.set(address, `:${o.mailUid}:${o.mailGid}::${o.mailRoot}/${t.mailboxPath(address).replace(/\/$/, '')}::`);
    }
    maps.push({ name: 'dovecot_users', path: o.dovecotUsers, format: 'passwd', entries: users, mode: '0644' });
  }
  for (const m of maps) for (const [k, v] of m.entries) checkEntry(target, m.name, k, v);
  if (o.dovecotConfig) {
    const auth = which.role === 'pop3' ? which.server.authentication : 'active-directory';
    maps.push({
      name: 'dovecot_config',
      path: o.dovecotConfig,
      format: 'conf',
      entries: new Map(),
      text: dovecotConfigText(target, which.role, which.server.name, auth, o),
      mode: '0644',
    });
  }
  return { role: which.role, server: which.server.name, params: t.params, maps };
}

/** Where Dovecot's auth listener must be: smtpd_sasl_path, relative to Postfix's queue directory unless absolute. */
export function saslListenerPath(o: PostfixOptions): string {
  if (o.saslPath.startsWith('/')) return o.saslPath;
  return `${o.queueDirectory ?? '/var/spool/postfix'}/${o.saslPath}`;
}

/**
 * The Dovecot side of this target, as a file dovecot.conf includes (Debian: conf.d/*.conf): the SMTP AUTH
 * listener Postfix's smtpd_sasl_path names, how passwords are checked (the model's POP3 authentication),
 * the userdb file coexist writes (dovecotUsers: each mailbox with its Maildir as home) and the mail location.
 * Values are option paths of plain characters only (target.ts), so nothing here can break a line.
 */
export function dovecotConfigText(
  target: TargetT,
  role: 'pop3' | 'gateway',
  server: string,
  auth: Pop3ServerT['authentication'],
  o: PostfixOptions,
): string {
  const passdb =
    auth === 'encrypted-password-file'
      ? [
          '# "Encrypted password file": the passwords are kept by the administrator in this passwd-file',
          '# (user@domain:{SHA512-CRYPT}..., made with doveadm pw); coexist never writes a password.',
          'passdb {',
          '  driver = passwd-file',
          `  args = scheme=SHA512-CRYPT username_format=%u ${o.dovecotPasswords}`,
          '}',
        ]
      : [
          auth === 'active-directory'
            ? '# "Active Directory integrated": the host checks passwords against the domain through PAM (joined with sssd or winbind).'
            : '# "Local Windows accounts": the accounts of this host, through PAM.',
          'passdb {',
          '  driver = pam',
          '}',
        ];
  return [
    `# coexist: the Dovecot configuration target ${target.id} relies on (${server} as ${role === 'pop3' ? 'the POP3 server' : 'the Exchange gateway'}).`,
    '# Written by coexist; a change here is replaced by the next apply. Check it with: doveconf -n',
    ...(role === 'pop3' ? ['protocols = $protocols pop3'] : []),
    'mail_location = maildir:~',
    `# SMTP AUTH for Postfix: smtpd_sasl_type = dovecot, smtpd_sasl_path = ${o.saslPath}`,
    'service auth {',
    `  unix_listener ${saslListenerPath(o)} {`,
    '    mode = 0660',
    '    user = postfix',
    '    group = postfix',
    '  }',
    '}',
    ...passdb,
    '# The mailboxes: user@domain, the mail user, home = the Maildir Postfix delivers to.',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${o.dovecotUsers}`,
    '}',
    '',
  ].join('\n');
}
