// The routing simulator: where a message to any address goes, and why. Pure and deterministic.
// Exchange 2003 and IIS SMTP semantics as docs/model.md describes them (docs/architecture.md: where it sits).
import { asciiLower } from '../lower-case.js';
import { parseRecipient, mailboxText, type Mailbox, type ParsedRecipient } from '../address.js';
import { parseSmartHost, type SmartHost } from '../net.js';
import { parseRelayEntry, relayEntryCovers, type ParsedRelayEntry } from '../relay-entry.js';
import type { Model, RelayT } from '../schema.js';
import { analysisOf, derived } from '../analysis.js';
import { directoryOf, pickConnector, pickRemoteDomain, serverPath, type Directory, type ServerRef } from './directory.js';
import { INTERNET_CLIENT_IP, type Message, type Step, type Trace, type Verdict } from './types.js';

/** Hard stop for pathological models; real loops are caught by the (server, recipient) repeat first. */
const MAX_TRANSFERS = 64;

type Picked = NonNullable<ReturnType<typeof pickConnector>>;

interface Session {
  /** The connecting client's IP, if known. */
  clientIp: string | undefined;
  authenticated: boolean;
  /** Describes who connects, for the trace. */
  peer: string;
  /** Outlook on the mailbox server: the store hands the message to the categorizer, no SMTP relay check. */
  mapi?: boolean;
  /** A file dropped in the server's pickup directory: the SMTP service sends it on without a relay check. */
  pickup?: boolean;
  /**
   * One Exchange server of the organisation connecting to another: it authenticates with X-EXPS (Kerberos,
   * its computer account, a member of Exchange Domain Servers), so the receiving virtual server relays for
   * it when "Allow all computers which successfully authenticate to relay" is set, else by its relay list.
   */
  exps?: boolean;
  /** A hop to this connector's local bridgehead: once accepted there, it leaves through that connector. */
  toBridgehead?: Picked;
}

/**
 * The session of an SMTP hop from one server of the model to another. Exchange 2000/2003 servers authenticate
 * to each other with X-EXPS whenever the receiving server offers it (every Exchange SMTP virtual server does);
 * the IIS SMTP service of a POP3 server does not, so only Outbound Security authenticates towards it.
 */
function hopSession(from: ServerRef, to: ServerRef, outboundAuthenticated: boolean): Session {
  const exps = from.system === 'exchange' && to.system === 'exchange';
  const session: Session = {
    clientIp: from.server.ip,
    authenticated: outboundAuthenticated || exps,
    peer: `${from.server.name} (${from.server.ip})`,
  };
  if (exps) session.exps = true;
  return session;
}

type Next = { verdict: Verdict } | { transfer: { to: ServerRef; mailbox: Mailbox; session: Session } };

const done = (verdict: Verdict): Next => ({ verdict });

/**
 * Parsed relay lists, per relay settings object: validation runs hundreds of relay probes against them. A
 * table by model part (an edit elsewhere keeps the relay object), carried over whole: it names no inputs.
 */
const RELAY_LISTS = derived(
  'routing.relay-lists',
  () => new WeakMap<RelayT, (ParsedRelayEntry | undefined)[]>(),
  () => [],
);
function relayEntries(model: Model, relay: RelayT): (ParsedRelayEntry | undefined)[] {
  const relayLists = analysisOf(model).get(RELAY_LISTS);
  let list = relayLists.get(relay);
  if (!list) {
    list = relay.computers.map((c) => {
      const entry = parseRelayEntry(c);
      return entry.ok ? entry.value : undefined;
    });
    relayLists.set(relay, list);
  }
  return list;
}

export function simulate(model: Model, message: Message): Trace {
  return new Simulation(model, message, true).run();
}

/**
 * The verdict and final recipient of simulate() without the trace: the same decisions, only the steps are
 * not kept (route --batch prints verdicts only). test/model/verdict-only.property.test.ts holds it to
 * simulate's verdict on generated models and hostile recipients.
 */
export function simulateVerdict(model: Model, message: Message): Pick<Trace, 'finalRecipient' | 'verdict'> {
  const { finalRecipient, verdict } = new Simulation(model, message, false).run();
  return finalRecipient === undefined ? { verdict } : { finalRecipient, verdict };
}

class Simulation {
  private readonly dir: Directory;
  private readonly steps: Step[] = [];
  private readonly seen = new Map<string, number>();
  /** Servers an SMTP transfer reached, in order: used to describe a loop. */
  private readonly arrivals: string[] = [];
  /** How many servers have received the message so far (1 while the first one decides). */
  private received = 0;
  /** Why the first server accepted a domain that is not its own (the relay permission it used). */
  private firstRelay: { setting: string; why: string } | undefined;

  constructor(
    model: Model,
    private readonly message: Message,
    private readonly keepSteps: boolean,
  ) {
    this.dir = directoryOf(model);
  }

  /**
   * Every call is written `if (this.keepSteps) this.step(...)`: in verdict-only mode (route --batch) the
   * decision's text is then never built (the template literals were about a tenth of a route).
   */
  private step(server: string, system: Step['system'], component: Step['component'], decision: string, setting?: string): void {
    if (!this.keepSteps) return;
    this.steps.push(setting === undefined ? { server, system, component, decision } : { server, system, component, decision, setting });
  }

  run(): Trace {
    const parsed = parseRecipient(this.message.recipient);
    const start = this.start(parsed.ok ? parsed.value : undefined);
    if ('verdict' in start) return this.trace(parsed.ok ? parsed.value : undefined, start.verdict);
    if (!parsed.ok) {
      const server = start.transfer.to.server.name;
      if (this.keepSteps) this.step(server, start.transfer.to.system, 'SMTP receive', `RCPT TO refused: the address ${parsed.error}`);
      return this.trace(undefined, {
        kind: 'rejected',
        server,
        code: 501,
        status: '5.1.3',
        text: `Bad recipient address syntax: ${parsed.error}`,
      });
    }
    const first = start.transfer.to;
    const outsider = this.message.origin.kind === 'internet' && !start.transfer.session.authenticated;
    const finish = (verdict: Verdict) => this.trace(parsed.value, outsider ? this.judgeRelay(first, parsed.value.final, verdict) : verdict);
    this.detectLoop(first, parsed.value.final, start.transfer.session);
    let hop: Next = this.receive(first, parsed.value, start.transfer.session);
    let transfers = 0;
    let from: ServerRef = first;
    while ('transfer' in hop) {
      if (++transfers > MAX_TRANSFERS) {
        return finish({
          kind: 'loop',
          cycle: [],
          server: hop.transfer.to.server.name,
          hopLimit: MAX_TRANSFERS,
          hops: transfers,
          status: '4.4.6',
          text: 'too many hops',
        });
      }
      const { to, mailbox, session } = hop.transfer;
      const beforeLoop = this.steps.length;
      const loop = this.detectLoop(to, mailbox, session);
      const rcpt: ParsedRecipient = {
        input: mailboxText(mailbox),
        final: mailbox,
        path: [mailbox.domain],
        route: [],
        routed: false,
        tricks: [],
        notes: [],
        smtputf8: false,
      };
      if (loop) {
        // Back at a server it went through, but from another peer: the server judges it again and may refuse it
        // in the SMTP dialogue (e.g. an Exchange server not in a POP3 server's relay list), which ends it there.
        const loopSteps = this.steps.splice(beforeLoop);
        const again = this.receive(to, rcpt, session);
        if (!('verdict' in again && again.verdict.kind === 'rejected')) {
          this.steps.splice(beforeLoop, this.steps.length - beforeLoop, ...loopSteps);
          return finish(loop);
        }
        hop = again;
      } else hop = this.receive(to, rcpt, session);
      if ('verdict' in hop && hop.verdict.kind === 'rejected') {
        // Only the first server's refusal reaches the client. Any later one comes back to a server that
        // answered 250 already: it writes a non-delivery report to the envelope sender.
        const { server, code, status, text } = hop.verdict;
        if (this.keepSteps)
          this.step(
            from.server.name,
            from.system,
            'Routing',
            `${server} refused the message in the SMTP dialogue (${code} ${status}); ${from.server.name} had already accepted it, so it sends a non-delivery report to the sender`,
          );
        hop = done({ kind: 'bounced', server, code, status, text });
      }
      from = to;
    }
    return finish(hop.verdict);
  }

  /** A domain of this organisation: a recipient-policy domain, a POP3 domain, or a server's address literal. */
  private ownsDomain(mailbox: Pick<Mailbox, 'domain' | 'domainKind'>): boolean {
    if (mailbox.domainKind === 'none') return true;
    if (mailbox.domainKind === 'name') return this.dir.policyDomains.has(mailbox.domain) || this.dir.pop3Domains.has(mailbox.domain);
    return this.dir.byIp.has(literalIp(mailbox.domain));
  }

  /**
   * An unauthenticated Internet client's message that the first server accepted for a domain the
   * organisation does not own has been relayed, whatever happens next (exchange-semantics.md).
   */
  private judgeRelay(first: ServerRef, final: Mailbox, verdict: Verdict): Verdict {
    if (verdict.kind !== 'delivered' && verdict.kind !== 'bounced' && verdict.kind !== 'loop') return verdict;
    if (this.ownsDomain(final)) return verdict;
    const relay = this.firstRelay ?? {
      setting: `${serverPath(first)}.${first.system === 'exchange' ? 'smtpVirtualServers[0]' : 'smtp'}.relay`,
      why: 'it accepted the recipient',
    };
    const after =
      verdict.kind === 'delivered'
        ? 'and sent it on'
        : verdict.kind === 'bounced'
          ? `and the refusal that came later (${verdict.status} at ${verdict.server}) becomes a non-delivery report to a sender who may be forged (backscatter)`
          : 'and it then looped';
    const text = `${first.server.name} accepted mail for ${mailboxText(final)} from an unauthenticated Internet client (${relay.why}): open relay, ${after}`;
    if (this.keepSteps) this.step(first.server.name, first.system, 'SMTP receive', text, relay.setting);
    return { kind: 'relayed', server: first.server.name, setting: relay.setting, text, outcome: verdict };
  }

  private trace(parsed: ParsedRecipient | undefined, verdict: Verdict): Trace {
    const t: Trace = {
      recipient: this.message.recipient,
      routed: parsed?.routed ?? false,
      tricks: parsed?.tricks ?? [],
      steps: this.steps,
      verdict,
    };
    if (parsed) t.finalRecipient = mailboxText(parsed.final);
    return t;
  }

  // ---------------------------------------------------------------- origin

  private start(parsed: ParsedRecipient | undefined): Next {
    const { origin } = this.message;
    if (origin.kind === 'internet') return this.startInternet(parsed);
    if (origin.kind === 'server') {
      const ref = this.dir.servers.get(origin.name.toLowerCase());
      if (!ref)
        return done({
          kind: 'rejected',
          server: origin.name,
          code: 0,
          status: '5.0.0',
          text: `"${origin.name}" is not a server of the model`,
        });
      if (this.keepSteps)
        this.step(
          ref.server.name,
          ref.system,
          'SMTP receive',
          `submitted locally on ${ref.server.name} (pickup directory): trusted, the relay restrictions do not apply`,
        );
      return {
        transfer: {
          to: ref,
          mailbox: parsed?.final ?? { local: '', domain: '', domainKind: 'none' },
          session: { clientIp: ref.server.ip, authenticated: true, peer: 'local pickup', pickup: true },
        },
      };
    }
    return this.startUser(origin.logon);
  }

  /** `--via` names no server of the model: nothing is sent anywhere. */
  private unknownVia(via: string): Next {
    return done({ kind: 'rejected', server: via, code: 0, status: '5.0.0', text: `"${via}" is not a server of the model` });
  }

  private startInternet(parsed: ParsedRecipient | undefined): Next {
    const clientIp = this.message.clientIp ?? INTERNET_CLIENT_IP;
    const session: Session = { clientIp, authenticated: this.message.authenticated ?? false, peer: `Internet host ${clientIp}` };
    const placeholder = parsed?.final ?? { local: '', domain: '', domainKind: 'none' as const };
    if (this.message.via) {
      const ref = this.dir.servers.get(this.message.via.toLowerCase());
      if (!ref) return this.unknownVia(this.message.via);
      if (this.keepSteps)
        this.step(
          'Internet',
          'internet',
          'Client',
          `an Internet host (${clientIp}) connects straight to ${ref.server.name} (${ref.server.fqdn}, ${ref.server.ip})`,
        );
      return { transfer: { to: ref, mailbox: placeholder, session } };
    }
    if (!parsed) {
      const mx = this.firstInternetServer();
      if (!mx) return done({ kind: 'rejected', server: 'Internet', code: 501, status: '5.1.3', text: 'the address does not parse' });
      if (this.keepSteps)
        this.step('Internet', 'internet', 'Client', `an Internet host connects to ${mx.server.name}, which takes Internet mail`);
      return { transfer: { to: mx, mailbox: placeholder, session } };
    }
    // The sender's server looks up the first domain the address names: a source route's first host, if any.
    const outermost = [...parsed.route, ...parsed.path];
    const domain = outermost[0] ?? parsed.final.domain;
    const mxName = this.dir.model.dns.mx[domain];
    const mx = mxName ? this.dir.servers.get(mxName.toLowerCase()) : undefined;
    if (!mx) {
      const outer =
        outermost.length > 0 ? { domain, domainKind: /^\[/.test(domain) ? ('ipv4' as const) : ('name' as const) } : parsed.final;
      if (this.ownsDomain(outer)) {
        const why = unreachableWhy(outer);
        if (this.keepSteps) this.step('Internet', 'internet', 'DNS', why.step, 'dns.mx');
        return done({ kind: 'unreachable', server: 'Internet', domain, status: '5.4.4', text: why.text });
      }
      if (this.keepSteps)
        this.step(
          'Internet',
          'internet',
          'DNS',
          outer.domainKind === 'ipv4' || outer.domainKind === 'ipv6'
            ? `${domain} is not an address of this organisation (an address literal: no DNS look-up): the message goes to that host and never reaches this organisation`
            : `${domain || 'the address'} has no MX record in the model: the message never reaches this organisation`,
          'dns.mx',
        );
      return done({ kind: 'delivered', system: 'internet', server: 'Internet', mailbox: mailboxText(parsed.final) });
    }
    if (this.keepSteps)
      this.step('Internet', 'internet', 'DNS', `MX for ${domain} is ${mx.server.name} (${mx.server.fqdn})`, `dns.mx["${domain}"]`);
    return { transfer: { to: mx, mailbox: parsed.final, session } };
  }

  private firstInternetServer(): ServerRef | undefined {
    const ex = this.dir.model.exchange.servers.findIndex((s) => s.acceptsInternetMail);
    if (ex >= 0) return this.dir.servers.get(this.dir.model.exchange.servers[ex]!.name.toLowerCase());
    return undefined;
  }

  private startUser(logon: string): Next {
    const userIndex = this.dir.model.users.findIndex((u) => u.logon.toLowerCase() === logon.toLowerCase());
    const user = this.dir.model.users[userIndex];
    if (!user) return done({ kind: 'rejected', server: 'client', code: 0, status: '5.0.0', text: `"${logon}" is not a user of the model` });
    const clientIndex = this.dir.model.clients.findIndex((c) => c.user.toLowerCase() === user.logon.toLowerCase());
    const client = this.dir.model.clients[clientIndex];
    const placeholder = { local: '', domain: '', domainKind: 'none' as const };
    if (this.message.via) {
      const ref = this.dir.servers.get(this.message.via.toLowerCase());
      if (!ref) return this.unknownVia(this.message.via);
      const authenticated = this.message.authenticated ?? client?.outgoing.requiresAuthentication ?? false;
      if (this.keepSteps)
        this.step(
          'client',
          'client',
          'Client',
          `${user.displayName} sends through ${ref.server.name} ${authenticated ? 'with' : 'without'} authentication`,
        );
      return this.submit(ref, authenticated, placeholder);
    }
    if (!client) {
      if (user.kind === 'exchange' && user.mailboxServer) {
        const ref = this.dir.servers.get(user.mailboxServer.toLowerCase());
        if (ref) {
          if (this.keepSteps)
            this.step(
              'client',
              'client',
              'Client',
              `${user.displayName} sends from Outlook (MAPI) on the mailbox server ${ref.server.name}`,
              `users[${userIndex}].mailboxServer`,
            );
          return {
            transfer: {
              to: ref,
              mailbox: placeholder,
              session: { clientIp: undefined, authenticated: true, peer: 'MAPI submission', mapi: true },
            },
          };
        }
      }
      return done({
        kind: 'rejected',
        server: 'client',
        code: 0,
        status: '5.0.0',
        text: `${user.displayName} has no mail client settings in the model (clients)`,
      });
    }
    const ref = this.dir.byFqdn.get(client.outgoing.server);
    const authenticated = this.message.authenticated ?? client.outgoing.requiresAuthentication;
    if (!ref) {
      if (this.keepSteps)
        this.step(
          'client',
          'client',
          'Client',
          `${client.program} sends to ${client.outgoing.server}, which is not a server of the model`,
          `clients[${clientIndex}].outgoing.server`,
        );
      return done({
        kind: 'rejected',
        server: client.outgoing.server,
        code: 421,
        status: '4.4.1',
        text: `outgoing server ${client.outgoing.server} is not a server of the model; the client cannot connect`,
      });
    }
    if (this.keepSteps)
      this.step(
        'client',
        'client',
        'Client',
        `${client.program} of ${user.displayName} sends to ${client.outgoing.server} (${ref.server.name}) ${authenticated ? 'with' : 'without'} "My server requires authentication"`,
        `clients[${clientIndex}].outgoing`,
      );
    return this.submit(ref, authenticated, placeholder);
  }

  private submit(ref: ServerRef, authenticated: boolean, mailbox: Mailbox): Next {
    return {
      transfer: { to: ref, mailbox, session: { clientIp: this.message.clientIp, authenticated, peer: 'a POP3 client workstation' } },
    };
  }

  // ---------------------------------------------------------------- loops

  private detectLoop(to: ServerRef, mailbox: Mailbox, session: Session): Verdict | undefined {
    // A loop is the same message coming back the same way: same server, recipient and kind of arrival. A
    // message first dropped in a pickup directory (no relay check) that comes back over SMTP from another
    // server is judged again, and may be refused there.
    const how = session.pickup ? 'pickup' : session.mapi ? 'mapi' : 'smtp';
    const key = `${to.server.name.toLowerCase()}|${mailboxText(mailbox).toLowerCase()}|${how}`;
    this.arrivals.push(to.server.name);
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, this.arrivals.length - 1);
      return undefined;
    }
    const cycle = this.arrivals.slice(first);
    // Each transfer adds a Received: header. Keep going round the cycle until a server's hop limit trips.
    let hops = first;
    for (;;) {
      for (const name of cycle.slice(0, -1)) {
        hops++;
        const ref = this.dir.servers.get(name.toLowerCase())!;
        if (hops > ref.server.maxHopCount) {
          if (this.keepSteps)
            this.step(
              ref.server.name,
              ref.system,
              'Routing',
              `the message came back to ${to.server.name} for ${mailboxText(mailbox)}: mail loop ${cycle.join(' -> ')}; ${ref.server.name} stops it after ${hops} hops (maximum hop count ${ref.server.maxHopCount})`,
              `${serverPath(ref)}.maxHopCount`,
            );
          return {
            kind: 'loop',
            cycle,
            server: ref.server.name,
            hopLimit: ref.server.maxHopCount,
            hops,
            status: '4.4.6',
            text: `Maximum hop count exceeded: mail loop ${cycle.join(' -> ')}`,
          };
        }
      }
    }
  }

  // ---------------------------------------------------------------- servers

  private receive(to: ServerRef, rcpt: ParsedRecipient, session: Session): Next {
    this.received++;
    return to.system === 'exchange' ? this.exchangeReceive(to, rcpt, session) : this.pop3Receive(to, rcpt, session);
  }

  /**
   * "Only the list below" / "All except the list below". A Domain entry covers a computer whose name, by
   * reverse DNS of its address, is the domain or under it: the model knows such a name only for its own
   * servers (their FQDN); an Internet host or a client workstation has none, so no Domain entry covers it.
   */
  private relayByList(relay: RelayT, ip: string | undefined): { ok: boolean; why: string; setting: string } {
    const entries = relayEntries(this.dir.model, relay);
    const name = ip === undefined ? undefined : this.dir.byIp.get(ip)?.server.fqdn;
    const inList = ip === undefined ? -1 : entries.findIndex((e) => e !== undefined && relayEntryCovers(e, ip, name));
    const hit = inList >= 0 ? entries[inList]! : undefined;
    const who = hit?.kind === 'domain' ? `${ip} (${name}, by reverse DNS, under the Domain entry ${hit.domain})` : ip;
    if (relay.mode === 'only-list') {
      return inList >= 0
        ? { ok: true, why: `${who} is in the relay list ("Only the list below")`, setting: `relay.computers[${inList}]` }
        : { ok: false, why: `${ip ?? 'the client'} is not in the relay list ("Only the list below")`, setting: 'relay.computers' };
    }
    return inList >= 0
      ? { ok: false, why: `${who} is excluded by the relay list ("All except the list below")`, setting: `relay.computers[${inList}]` }
      : {
          ok: true,
          why: `relay list is "All except the list below" and ${ip ?? 'the client'} is not listed: anyone may relay`,
          setting: 'relay.mode',
        };
  }

  /** The first server's relay permission for a domain that is not its own (a relay, if the client is a stranger). */
  private relayAllowed(server: string, system: Step['system'], domain: string, why: string, setting: string): void {
    if (this.keepSteps) this.step(server, system, 'SMTP receive', `relaying to ${domain} is allowed: ${why}`, setting);
    if (this.received === 1) this.firstRelay = { setting, why };
  }

  private exchangeReceive(ref: ServerRef & { system: 'exchange' }, rcpt: ParsedRecipient, session: Session): Next {
    const ex = ref.server;
    const base = serverPath(ref);
    const vs = ex.smtpVirtualServers[0]!;
    const vsPath = `${base}.smtpVirtualServers[0]`;
    const final = rcpt.final;
    const addr = mailboxText(final);
    if (session.mapi) {
      if (this.keepSteps)
        this.step(
          ex.name,
          'exchange',
          'Categorizer',
          `submitted through MAPI: the information store hands the message for ${addr || 'the recipient'} to the categorizer; the SMTP virtual server's relay restrictions do not apply`,
        );
      if (final.domainKind === 'none')
        return this.exchangeRoute(ref, { ...final, domain: this.defaultDomain() ?? ex.fqdn, domainKind: 'name' });
      return this.exchangeRoute(ref, final);
    }
    if (this.keepSteps)
      this.step(
        ex.name,
        'exchange',
        'SMTP receive',
        `${vs.name} accepts a connection from ${session.peer}${session.exps ? ', authenticated as an Exchange server of the organisation (X-EXPS, its computer account)' : session.authenticated ? ', authenticated' : ''}; RCPT TO:<${addr}>${rcpt.routed ? ` (routed address ${rcpt.input}: judged by its final destination, ${rcpt.tricks.join(', ')})` : ''}`,
      );

    for (const domain of rcpt.path) {
      if (this.exchangeAccepts(ref, domain)) continue;
      const why = this.exchangeRelayReason(ref, domain, session);
      if (!why) {
        const elsewhere = this.relayConnectorElsewhere(ref, domain);
        if (this.keepSteps)
          this.step(
            ex.name,
            'exchange',
            'SMTP receive',
            session.exps
              ? `${domain} is not a domain of this organisation; ${session.peer} authenticated as an Exchange server of the organisation, but "Allow all computers which successfully authenticate to relay" is cleared on ${ex.name} and ${session.clientIp} may not relay by the list: 550 5.7.1 Unable to relay`
              : elsewhere
                ? `${domain} is not a domain of this organisation and the client may not relay; connector "${elsewhere.connector.name}" allows relaying to it, but only on its local bridgeheads (${elsewhere.connector.bridgeheads.join(', ') || 'none'}), and ${ex.name} is not one: 550 5.7.1 Unable to relay`
                : `${domain} is not a domain of this organisation and the client may not relay (not authenticated, not in the relay list, no connector allows relaying to it): 550 5.7.1 Unable to relay`,
            session.exps
              ? `${vsPath}.relay.allowAuthenticated`
              : elsewhere
                ? `exchange.connectors[${elsewhere.index}].bridgeheads`
                : `${vsPath}.relay`,
          );
        return done({ kind: 'rejected', server: ex.name, code: 550, status: '5.7.1', text: `Unable to relay for ${addr}` });
      }
      this.relayAllowed(ex.name, 'exchange', domain, why.text, why.setting);
    }
    // Its own address literal is local here, whoever sent it: the categorizer answers before any connector.
    if (session.toBridgehead && !isOwnLiteral(ref, final.domain)) {
      if (this.keepSteps)
        this.step(
          ex.name,
          'exchange',
          'Routing',
          `${ex.name} is a local bridgehead of connector "${session.toBridgehead.connector.name}": the message leaves through it`,
        );
      return this.exchangeSendVia(ref, final, session.toBridgehead);
    }
    if (final.domainKind === 'none')
      return this.exchangeRoute(ref, { ...final, domain: this.defaultDomain() ?? ex.fqdn, domainKind: 'name' });
    return this.exchangeRoute(ref, final);
  }

  private defaultDomain(): string | undefined {
    const def = this.dir.model.exchange.recipientPolicies.find((p) => p.priority === 'lowest');
    return def?.addresses.find((a) => a.primary)?.address.slice(1);
  }

  private exchangeAccepts(ref: ServerRef, domain: string): boolean {
    if (domain === '') return true;
    if (this.dir.policyDomains.has(domain)) return true;
    return isOwnLiteral(ref, domain);
  }

  /** A connector that would let its bridgeheads accept this domain, when this server is not one of them. */
  private relayConnectorElsewhere(ref: ServerRef, domain: string): Picked | undefined {
    const picked = pickConnector(this.dir, domain);
    return picked?.connector.allowRelay && !isBridgehead(picked.connector, ref.server.name) ? picked : undefined;
  }

  private exchangeRelayReason(
    ref: ServerRef & { system: 'exchange' },
    domain: string,
    session: Session,
  ): { text: string; setting: string } | undefined {
    const base = serverPath(ref);
    const relay = ref.server.smtpVirtualServers[0]!.relay;
    if (session.pickup)
      return { text: 'the message was dropped in the pickup directory, which the relay restrictions do not apply to', setting: base };
    if (session.authenticated && relay.allowAuthenticated) {
      return {
        text: session.exps
          ? `${session.peer} authenticated as an Exchange server of the organisation (X-EXPS) and "Allow all computers which successfully authenticate to relay" is set`
          : 'the client authenticated and "Allow all computers which successfully authenticate to relay" is set',
        setting: `${base}.smtpVirtualServers[0].relay.allowAuthenticated`,
      };
    }
    const list = this.relayByList(relay, session.clientIp);
    if (list.ok) return { text: list.why, setting: `${base}.smtpVirtualServers[0].${list.setting}` };
    // Seed, separate domains, step 7: the relay box lets "the SMTP virtual servers listed under Local
    // bridgeheads" accept mail for the connector's address spaces; no other server.
    const picked = pickConnector(this.dir, domain);
    if (picked?.connector.allowRelay && isBridgehead(picked.connector, ref.server.name)) {
      return {
        text: `connector "${picked.connector.name}" has address space ${picked.connector.addressSpaces[picked.space]!.domain} with "Allow messages to be relayed to these domains"`,
        setting: `exchange.connectors[${picked.index}].allowRelay`,
      };
    }
    return undefined;
  }

  /** Categorizer and routing on an Exchange server, for a recipient already accepted. */
  private exchangeRoute(ref: ServerRef & { system: 'exchange' }, mailbox: Mailbox): Next {
    const ex = ref.server;
    if (mailbox.domainKind === 'ipv4' || mailbox.domainKind === 'ipv6') {
      const target = this.dir.byIp.get(mailbox.domain.replace(/^\[(IPv6:)?|\]$/g, ''));
      if (target && target.server.name === ex.name) {
        if (this.keepSteps)
          this.step(ex.name, 'exchange', 'Categorizer', `${mailbox.domain} is this server's own address literal: no mailbox has it`);
        return done({ kind: 'bounced', server: ex.name, code: 550, status: '5.1.1', text: `${mailboxText(mailbox)}: recipient not found` });
      }
      return this.exchangeSend(ref, mailbox, 'the address literal', undefined);
    }
    const policyDomain = this.dir.policyDomains.get(mailbox.domain);
    const addr = mailboxText(mailbox);
    if (policyDomain) {
      const stamped = this.dir.recipient(asciiLower(addr));
      // The Recipient Update Service stamps addresses on mail-enabled recipients only: a user with neither a
      // mailbox nor an external address has none, so the address is not in the directory.
      const found =
        stamped && ((stamped.user.kind === 'exchange' && stamped.user.mailboxServer) || stamped.user.externalAddress) ? stamped : undefined;
      if (stamped && !found) {
        if (this.keepSteps)
          this.step(
            ex.name,
            'exchange',
            'Categorizer',
            `${stamped.user.displayName} has neither a mailbox nor an external address: not mail-enabled, so no recipient policy gives them ${addr}`,
            `users[${stamped.userIndex}]`,
          );
      }
      if (found) {
        const { user, userIndex } = found;
        if (user.kind === 'exchange' && user.mailboxServer) {
          const home = this.dir.servers.get(user.mailboxServer.toLowerCase());
          if (this.keepSteps)
            this.step(
              ex.name,
              'exchange',
              'Categorizer',
              `${addr} is ${found.primary ? 'the primary' : 'a'} proxy address of ${user.displayName} (stamped by ${found.source}); mailbox on ${user.mailboxServer}`,
              found.sourceSetting,
            );
          if (home && home.server.name !== ex.name) {
            if (this.keepSteps)
              this.step(
                ex.name,
                'exchange',
                'Routing',
                `the mailbox is on ${home.server.name}: next hop inside the organisation`,
                `users[${userIndex}].mailboxServer`,
              );
            if (this.keepSteps)
              this.step(
                home.server.name,
                'exchange',
                'Mailbox store',
                `delivered to the mailbox of ${user.displayName}`,
                `users[${userIndex}]`,
              );
            return done({
              kind: 'delivered',
              system: 'exchange',
              server: home.server.name,
              mailbox: this.primaryAddress(user.logon) ?? addr,
            });
          }
          if (this.keepSteps)
            this.step(ex.name, 'exchange', 'Mailbox store', `delivered to the mailbox of ${user.displayName}`, `users[${userIndex}]`);
          return done({ kind: 'delivered', system: 'exchange', server: ex.name, mailbox: this.primaryAddress(user.logon) ?? addr });
        }
        if (user.externalAddress) {
          const target = user.externalAddress;
          const at = target.lastIndexOf('@');
          const targetBox: Mailbox = { local: target.slice(0, at), domain: target.slice(at + 1), domainKind: 'name' };
          if (this.keepSteps)
            this.step(
              ex.name,
              'exchange',
              'Categorizer',
              `${addr} is ${found.primary ? 'the primary' : 'a secondary'} proxy address of mail-enabled user ${user.displayName} (stamped by ${found.source}); target address ${target}`,
              `users[${userIndex}].externalAddress`,
            );
          const targetDomain = this.dir.policyDomains.get(targetBox.domain);
          if (targetDomain?.responsible) {
            if (this.keepSteps)
              this.step(
                ex.name,
                'exchange',
                'Categorizer',
                `the target domain ${targetBox.domain} is one this organisation is responsible for: the message cannot leave, NDR 5.4.6 (routing loop detected)`,
                targetDomain.setting,
              );
            return done({
              kind: 'bounced',
              server: ex.name,
              code: 554,
              status: '5.4.6',
              text: `${addr}: the target address ${target} is in a domain Exchange is responsible for (routing loop detected)`,
            });
          }
          return this.exchangeSend(ref, targetBox, `the target address of ${user.displayName}`, undefined);
        }
      }
      if (policyDomain.responsible) {
        const forward = ex.smtpVirtualServers[0]!.forwardUnresolvedTo;
        if (forward) {
          if (this.keepSteps)
            this.step(
              ex.name,
              'exchange',
              'Categorizer',
              `${addr} is not in the directory; "Forward all mail with unresolved recipients to host" is ${forward}`,
              `${serverPath(ref)}.smtpVirtualServers[0].forwardUnresolvedTo`,
            );
          return this.sendToSmartHost(ref, mailbox, forward, `${serverPath(ref)}.smtpVirtualServers[0].forwardUnresolvedTo`, false);
        }
        if (this.keepSteps)
          this.step(
            ex.name,
            'exchange',
            'Categorizer',
            `${addr} is not in the directory and this organisation is responsible for all mail delivery to ${mailbox.domain} (recipient policy "${policyDomain.policy}"): NDR 5.1.1`,
            policyDomain.setting,
          );
        return done({ kind: 'bounced', server: ex.name, code: 550, status: '5.1.1', text: `${addr}: recipient not found` });
      }
      if (this.keepSteps)
        this.step(
          ex.name,
          'exchange',
          'Categorizer',
          `${addr} is not in the directory; the organisation is not responsible for all mail delivery to ${mailbox.domain} (recipient policy "${policyDomain.policy}"), so it routes it on`,
          policyDomain.setting,
        );
      return this.exchangeSend(ref, mailbox, `the non-authoritative domain ${mailbox.domain}`, policyDomain);
    }
    return this.exchangeSend(ref, mailbox, mailbox.domain, undefined);
  }

  private primaryAddress(logon: string): string | undefined {
    const applied = this.dir.policyOf(logon.toLowerCase());
    const primary = applied?.policy.addresses.find((a) => a.primary);
    return primary ? `${logon}${primary.address}` : undefined;
  }

  /** Routing out of Exchange: connector (most specific address space, lowest cost), else DNS. */
  private exchangeSend(
    ref: ServerRef & { system: 'exchange' },
    mailbox: Mailbox,
    what: string,
    nonAuthoritative: { setting: string } | undefined,
  ): Next {
    const ex = ref.server;
    // An address literal is matched like any domain: only "*" can cover it (as in the relay check).
    const picked = mailbox.domainKind === 'none' ? undefined : pickConnector(this.dir, mailbox.domain);
    if (picked) {
      const { connector, index } = picked;
      const cPath = `exchange.connectors[${index}]`;
      const space = connector.addressSpaces[picked.space]!;
      if (connector.bridgeheads.length > 0 && !isBridgehead(connector, ex.name)) {
        const bridge = this.dir.servers.get(connector.bridgeheads[0]!.toLowerCase());
        if (bridge && bridge.system === 'exchange') {
          if (this.keepSteps)
            this.step(
              ex.name,
              'exchange',
              'Routing',
              `connector "${connector.name}" (address space ${space.domain}) runs on ${bridge.server.name}: next hop to the local bridgehead`,
              `${cPath}.bridgeheads`,
            );
          return {
            transfer: {
              to: bridge,
              mailbox,
              session: { ...hopSession(ref, bridge, false), toBridgehead: picked },
            },
          };
        }
      }
      return this.exchangeSendVia(ref, mailbox, picked);
    }
    return this.dnsRoute(ref, mailbox, what, nonAuthoritative);
  }

  private exchangeSendVia(ref: ServerRef & { system: 'exchange' }, mailbox: Mailbox, picked: Picked): Next {
    const { connector, index } = picked;
    const cPath = `exchange.connectors[${index}]`;
    const space = connector.addressSpaces[picked.space]!;
    if (connector.smartHosts.length === 0) {
      if (this.keepSteps)
        this.step(
          ref.server.name,
          'exchange',
          'Routing',
          `connector "${connector.name}" matches ${mailbox.domain} (address space ${space.domain}, cost ${space.cost}) and uses DNS`,
          `${cPath}.addressSpaces[${picked.space}]`,
        );
      return this.dnsRoute(ref, mailbox, mailbox.domain, undefined);
    }
    if (this.keepSteps)
      this.step(
        ref.server.name,
        'exchange',
        'Routing',
        `connector "${connector.name}" matches ${mailbox.domain} (address space ${space.domain}, cost ${space.cost}): forward to smart host ${connector.smartHosts[0]}`,
        `${cPath}.addressSpaces[${picked.space}]`,
      );
    return this.sendToSmartHost(ref, mailbox, connector.smartHosts[0]!, `${cPath}.smartHosts[0]`, false);
  }

  /** Hand a message to a smart host: a server of the model, the Internet, or nowhere. */
  private sendToSmartHost(from: ServerRef, mailbox: Mailbox, smartHost: string, setting: string, authenticated: boolean): Next {
    const parsed = parseSmartHost(smartHost);
    const sys = from.system;
    if (!parsed.ok) {
      if (this.keepSteps) this.step(from.server.name, sys, 'Routing', `smart host ${smartHost} is not usable: ${parsed.error}`, setting);
      return done({
        kind: 'bounced',
        server: from.server.name,
        code: 550,
        status: '5.4.4',
        text: `smart host ${smartHost} cannot be resolved`,
      });
    }
    const target = parsed.value.kind === 'ip' ? this.dir.byIp.get(parsed.value.ip) : this.dir.byFqdn.get(parsed.value.fqdn);
    if (target) {
      if (target.server.name === from.server.name) {
        if (this.keepSteps)
          this.step(
            from.server.name,
            sys,
            'Routing',
            `smart host ${smartHost} is ${from.server.name} itself: the server would forward to itself`,
            setting,
          );
        return done({
          kind: 'bounced',
          server: from.server.name,
          code: 554,
          status: '5.4.8',
          text: `${mailboxText(mailbox)}: the smart host is this server (would forward to itself)`,
        });
      }
      if (this.keepSteps)
        this.step(
          from.server.name,
          sys,
          'Routing',
          `smart host ${smartHost} is ${target.server.name} (${target.server.fqdn}, ${target.server.ip})`,
          setting,
        );
      return {
        transfer: {
          to: target,
          mailbox,
          session: hopSession(from, target, authenticated),
        },
      };
    }
    if (this.isInsideOrganisation(parsed.value)) {
      if (this.keepSteps)
        this.step(
          from.server.name,
          sys,
          'Routing',
          `smart host ${smartHost} matches no server of the model: the message waits in the queue until it expires`,
          setting,
        );
      return done({
        kind: 'bounced',
        server: from.server.name,
        code: 550,
        status: '4.4.7',
        text: `${mailboxText(mailbox)}: smart host ${smartHost} reaches no server of the model; delivery time expired`,
      });
    }
    if (this.keepSteps)
      this.step(
        from.server.name,
        sys,
        'Internet',
        `smart host ${smartHost} is outside the organisation: delivered to the Internet through it`,
        setting,
      );
    return done({ kind: 'delivered', system: 'internet', server: 'Internet', mailbox: mailboxText(mailbox) });
  }

  /** A smart host name under one of our domains, or a private address, should have been a server of the model. */
  private isInsideOrganisation(host: SmartHost): boolean {
    if (host.kind === 'ip') {
      return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|fc|fd|fe80)/i.test(host.ip);
    }
    const ours = [
      ...this.dir.policyDomains.keys(),
      ...this.dir.pop3Domains.keys(),
      ...[...this.dir.byFqdn.keys()].map((f) => f.slice(f.indexOf('.') + 1)),
    ];
    return ours.some((d) => host.fqdn === d || host.fqdn.endsWith(`.${d}`));
  }

  /** DNS routing: an MX in the model, or the Internet. */
  private dnsRoute(from: ServerRef, mailbox: Mailbox, what: string, nonAuthoritative: { setting: string } | undefined): Next {
    const sys = from.system;
    if (mailbox.domainKind === 'ipv4' || mailbox.domainKind === 'ipv6') {
      const ip = mailbox.domain.replace(/^\[(IPv6:)?|\]$/g, '');
      // IIS's Outbound Security (Delivery tab) applies to every remote delivery, a literal's host included.
      const outbound = from.system === 'pop3' && from.server.smtp.outboundSecurity.mode !== 'anonymous';
      return this.sendToSmartHost(from, mailbox, `[${ip}]`, 'dns', outbound);
    }
    const mxName = this.dir.model.dns.mx[mailbox.domain];
    const mx = mxName ? this.dir.servers.get(mxName.toLowerCase()) : undefined;
    if (mx) {
      if (mx.server.name === from.server.name) {
        if (this.keepSteps)
          this.step(
            from.server.name,
            sys,
            'DNS',
            `no connector for ${mailbox.domain}; its MX is ${mx.server.name}, this server: mail for ${mailbox.domain} loops back to myself`,
            `dns.mx["${mailbox.domain}"]`,
          );
        return done({
          kind: 'bounced',
          server: from.server.name,
          code: 554,
          status: '5.4.8',
          text: `${mailboxText(mailbox)}: no route; the MX is this server (would forward to itself)`,
        });
      }
      if (this.keepSteps)
        this.step(
          from.server.name,
          sys,
          'DNS',
          `MX for ${mailbox.domain} is ${mx.server.name} (${mx.server.fqdn})`,
          `dns.mx["${mailbox.domain}"]`,
        );
      return {
        transfer: {
          to: mx,
          mailbox,
          session: hopSession(from, mx, false),
        },
      };
    }
    const ours =
      nonAuthoritative ??
      this.dir.policyDomains.get(mailbox.domain) ??
      (this.dir.pop3Domains.has(mailbox.domain) ? { setting: 'exchange.connectors' } : undefined);
    if (ours) {
      if (this.keepSteps)
        this.step(
          from.server.name,
          sys,
          'Routing',
          `${what} is a domain of this organisation but has no connector and no MX in the model: no route, NDR 5.4.0`,
          ours.setting,
        );
      return done({
        kind: 'bounced',
        server: from.server.name,
        code: 554,
        status: '5.4.0',
        text: `${mailboxText(mailbox)}: no route to ${mailbox.domain}`,
      });
    }
    if (this.keepSteps)
      this.step(
        from.server.name,
        sys,
        'Internet',
        `${mailbox.domain} is not a domain of the model: delivered to the Internet by DNS`,
        'dns.mx',
      );
    return done({ kind: 'delivered', system: 'internet', server: 'Internet', mailbox: mailboxText(mailbox) });
  }

  private pop3Receive(ref: ServerRef & { system: 'pop3' }, rcpt: ParsedRecipient, session: Session): Next {
    const pop = ref.server;
    const base = serverPath(ref);
    const smtp = pop.smtp;
    const final = rcpt.final;
    const addr = mailboxText(final);
    const authAccepted = session.authenticated && smtp.requireAuthentication;
    if (this.keepSteps)
      this.step(
        pop.name,
        'pop3',
        'SMTP receive',
        `Default SMTP Virtual Server accepts a connection from ${session.peer}${session.authenticated ? (smtp.requireAuthentication ? ', authenticated' : ' (authentication not offered: Basic authentication is off)') : ''}; RCPT TO:<${addr}>${rcpt.routed ? ` (routed address ${rcpt.input}: judged by its final destination, ${rcpt.tricks.join(', ')})` : ''}`,
        session.authenticated && !smtp.requireAuthentication ? `${base}.smtp.requireAuthentication` : undefined,
      );

    for (const domain of rcpt.path) {
      if (domain === '' || pop.domains.some((d) => d.name === domain) || isOwnLiteral(ref, domain)) continue;
      if (session.pickup) {
        this.relayAllowed(
          pop.name,
          'pop3',
          domain,
          'the message was dropped in the pickup directory, which the relay restrictions do not apply to',
          base,
        );
        continue;
      }
      const remote = this.remoteDomain(ref, domain);
      if (remote?.domain.allowRelay) {
        this.relayAllowed(
          pop.name,
          'pop3',
          domain,
          `it is remote domain ${remote.domain.name} with "Allow incoming mail to be relayed to this domain"`,
          `${base}.smtp.remoteDomains[${remote.index}].allowRelay`,
        );
        continue;
      }
      if (authAccepted && smtp.relay.allowAuthenticated) {
        this.relayAllowed(
          pop.name,
          'pop3',
          domain,
          'the client authenticated and "Allow all computers which successfully authenticate to relay" is set',
          `${base}.smtp.relay.allowAuthenticated`,
        );
        continue;
      }
      const list = this.relayByList(smtp.relay, session.clientIp);
      if (list.ok) {
        this.relayAllowed(pop.name, 'pop3', domain, list.why, `${base}.smtp.${list.setting}`);
        continue;
      }
      if (this.keepSteps)
        this.step(
          pop.name,
          'pop3',
          'SMTP receive',
          `${domain} is not a local (POP3) domain, not a remote domain that allows relaying, and the client may not relay: 550 5.7.1 Unable to relay`,
          `${base}.smtp.relay`,
        );
      return done({ kind: 'rejected', server: pop.name, code: 550, status: '5.7.1', text: `Unable to relay for ${addr}` });
    }

    if (isOwnLiteral(ref, final.domain)) {
      // As on Exchange: the server's own literal is local, and no mailbox is addressed by it.
      if (this.keepSteps)
        this.step(
          pop.name,
          'pop3',
          'POP3 store',
          `${final.domain} is this server's own address literal: local, but no mailbox has it: NDR 5.1.1`,
        );
      return done({ kind: 'bounced', server: pop.name, code: 550, status: '5.1.1', text: `${addr}: recipient not found` });
    }
    const mailbox: Mailbox =
      final.domainKind === 'none' ? { ...final, domain: pop.domains[0]?.name ?? pop.fqdn, domainKind: 'name' } : final;
    const domainIndex = pop.domains.findIndex((d) => d.name === mailbox.domain);
    if (domainIndex >= 0) {
      const d = pop.domains[domainIndex]!;
      // The directory indexes each domain's mailboxes (names are unique per domain); a scan is linear in users.
      const indexed = this.dir.pop3Domains.get(d.name);
      const boxIndex =
        indexed && indexed.server === pop && indexed.domainIndex === domainIndex
          ? (indexed.mailboxes.get(asciiLower(mailbox.local)) ?? -1)
          : d.mailboxes.findIndex((m) => m.toLowerCase() === asciiLower(mailbox.local));
      if (boxIndex >= 0) {
        if (this.keepSteps)
          this.step(
            pop.name,
            'pop3',
            'POP3 store',
            `${mailbox.domain} is a local (POP3) domain and mailbox ${d.mailboxes[boxIndex]} exists: delivered to the POP3 store`,
            `${base}.domains[${domainIndex}].mailboxes[${boxIndex}]`,
          );
        return done({ kind: 'delivered', system: 'pop3', server: pop.name, mailbox: `${d.mailboxes[boxIndex]}@${d.name}` });
      }
      if (this.keepSteps)
        this.step(
          pop.name,
          'pop3',
          'POP3 store',
          `${mailbox.domain} is a local (POP3) domain but it has no mailbox ${mailbox.local}: NDR (a local domain never forwards unknown users)`,
          `${base}.domains[${domainIndex}].mailboxes`,
        );
      return done({ kind: 'bounced', server: pop.name, code: 550, status: '5.1.1', text: `${mailboxText(mailbox)}: mailbox unavailable` });
    }

    const outAuth = smtp.outboundSecurity.mode !== 'anonymous';
    // A remote domain "*" covers address literals too (as in the relay check above).
    const remote = mailbox.domainKind === 'none' ? undefined : this.remoteDomain(ref, mailbox.domain);
    if (remote?.domain.smartHost) {
      if (this.keepSteps)
        this.step(
          pop.name,
          'pop3',
          'Routing',
          `remote domain ${remote.domain.name} forwards to smart host ${remote.domain.smartHost}${outAuth ? ` with Outbound Security (${smtp.outboundSecurity.mode === 'integrated' ? 'Integrated Windows Authentication' : 'Basic authentication'})` : ''}`,
          `${base}.smtp.remoteDomains[${remote.index}].smartHost`,
        );
      return this.sendToSmartHost(ref, mailbox, remote.domain.smartHost, `${base}.smtp.remoteDomains[${remote.index}].smartHost`, outAuth);
    }
    if (smtp.smartHost) {
      if (this.keepSteps)
        this.step(
          pop.name,
          'pop3',
          'Routing',
          `the virtual server forwards all remote mail to smart host ${smtp.smartHost}`,
          `${base}.smtp.smartHost`,
        );
      return this.sendToSmartHost(ref, mailbox, smtp.smartHost, `${base}.smtp.smartHost`, outAuth);
    }
    if (mailbox.domainKind === 'name') {
      const mxName = this.dir.model.dns.mx[mailbox.domain];
      const mx = mxName ? this.dir.servers.get(mxName.toLowerCase()) : undefined;
      if (mx && mx.server.name !== pop.name) {
        if (this.keepSteps)
          this.step(
            pop.name,
            'pop3',
            'DNS',
            `MX for ${mailbox.domain} is ${mx.server.name} (${mx.server.fqdn})${outAuth ? ', with Outbound Security' : ''}`,
            `dns.mx["${mailbox.domain}"]`,
          );
        return { transfer: { to: mx, mailbox, session: { clientIp: pop.ip, authenticated: outAuth, peer: `${pop.name} (${pop.ip})` } } };
      }
    }
    return this.dnsRoute(ref, mailbox, mailbox.domain, undefined);
  }

  private remoteDomain(ref: ServerRef & { system: 'pop3' }, domain: string) {
    return pickRemoteDomain(ref.server.smtp.remoteDomains, domain);
  }
}

/**
 * Why an Internet sender cannot reach a recipient of this organisation that no MX record names: a domain
 * without one, an address literal (a host, never looked up in DNS: the model takes Internet mail in only
 * through its MX records), or an address with no domain at all (nothing to look up).
 */
function unreachableWhy(outer: Pick<Mailbox, 'domain' | 'domainKind'>): { step: string; text: string } {
  const { domain, domainKind } = outer;
  if (domainKind === 'ipv4' || domainKind === 'ipv6')
    return {
      step: `${domain} is the address of a server of this organisation (an address literal: no DNS look-up); the model takes Internet mail in only through its MX records, so the sender's server has no route to it (not reachable from the Internet)`,
      text: `${domain} is an address of this organisation with no route from the Internet (no MX): not reachable from the Internet`,
    };
  if (domainKind === 'none')
    return {
      step: "the address names no domain: the sender's server has no host to look up and gives up (not reachable from the Internet)",
      text: 'the address names no domain: not reachable from the Internet',
    };
  return {
    step: `${domain} is a domain of this organisation but has no MX record in the model: the sender's server finds no host for it and gives up (not reachable from the Internet)`,
    text: `${domain} has no MX record: not reachable from the Internet`,
  };
}

function literalIp(domain: string): string {
  return domain.replace(/^\[(IPv6:)?|\]$/gi, '').toLowerCase();
}

/** `[a.b.c.d]` (or `[IPv6:...]`) naming this server. */
function isOwnLiteral(ref: ServerRef, domain: string): boolean {
  return domain.startsWith('[') && literalIp(domain) === ref.server.ip.toLowerCase();
}

function isBridgehead(connector: { bridgeheads: string[] }, server: string): boolean {
  return connector.bridgeheads.some((b) => b.toLowerCase() === server.toLowerCase());
}
