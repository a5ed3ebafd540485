// The POP3 server's SMTP service, its way out through Exchange, and the users' mail clients.
import { patternMatch } from '../net.js';
import { simulate } from '../routing/simulate.js';
import { resolveSmartHost } from './connectors.js';
import { OUTSIDE_RECIPIENT, sharedDomain } from '../routing/flows.js';
import type { Report, Rule } from './types.js';
import { SEED } from './types.js';
import type { Pop3ServerT } from '../schema.js';
import { lowerCase } from '../lower-case.js';

export const remoteDomainMissing: Rule = {
  id: 'pop3.remote-domain-missing',
  severity: 'warning',
  title: "The POP3 server has no remote domain for Exchange's domain with relaying allowed",
  seed: `${SEED.remoteDomain}, steps 3 to 8`,
  check(model, dir) {
    const shared = sharedDomain(model);
    if (!shared || model.exchange.servers.length === 0) return [];
    // Exchange's mail domain as the seed means it: the shared domain itself, a pattern covering it, or a
    // domain of Exchange under it (the seed's example is exchange.northwindtraders.com).
    const forExchange = (name: string) =>
      patternMatch(name, shared) >= 0 ||
      (!dir.pop3Domains.has(name) && [...dir.policyDomains.keys()].some((d) => name === d || name.endsWith(`.${d}`)));
    const out: Report[] = [];
    model.pop3.servers.forEach((s, i) => {
      const candidates = s.smtp.remoteDomains.map((d, j) => ({ d, j })).filter(({ d }) => forExchange(d.name));
      if (candidates.some(({ d }) => d.allowRelay)) return;
      const first = candidates[0];
      if (!first) {
        out.push({
          message: `${s.name} has no remote domain for Exchange's mail domain (${shared}, or a domain of Exchange such as exchange.${shared})`,
          path: `pop3.servers[${i}].smtp.remoteDomains`,
          fix: `Create the remote domain ${shared} and tick "Allow incoming mail to be relayed to this domain"`,
        });
      } else {
        out.push({
          message: `${s.name}: remote domain ${first.d.name} does not allow incoming mail to be relayed to it`,
          path: `pop3.servers[${i}].smtp.remoteDomains[${first.j}].allowRelay`,
          fix: 'Tick "Allow incoming mail to be relayed to this domain"',
        });
      }
    });
    return out;
  },
};

export const smartHostNotExchange: Rule = {
  id: 'pop3.smart-host-not-exchange',
  severity: 'error',
  title: "The POP3 server's smart host is not an Exchange server",
  seed: `${SEED.rules}: "Exchange Server doit être configuré comme hôte actif"`,
  check(model, dir) {
    if (model.exchange.servers.length === 0) return [];
    const out: Report[] = [];
    const ex = model.exchange.servers.find((x) => x.acceptsInternetMail) ?? model.exchange.servers[0]!;
    const fix = `Set the SMTP virtual server's smart host (Delivery > Advanced) to ${ex.fqdn} or [${ex.ip}]`;
    model.pop3.servers.forEach((s, i) => {
      const path = `pop3.servers[${i}].smtp.smartHost`;
      const host = s.smtp.smartHost;
      if (!host) {
        out.push({
          message: `${s.name} has no smart host: its mail goes out by DNS instead of through Exchange, and the seed says "Exchange Server doit être configuré comme hôte actif" (Exchange must be its smart host)`,
          path,
          fix,
        });
        return;
      }
      const target = resolveSmartHost(dir, host);
      if (target?.system === 'exchange') return; // whether Exchange accepts it: pop3.cannot-relay-through-exchange
      const what = !target
        ? 'not a server of the model'
        : target.server.name === s.name
          ? `${s.name} itself`
          : `${target.server.name}, not an Exchange server`;
      out.push({
        message: `${s.name}'s smart host ${host} is ${what}; the seed says "Exchange Server doit être configuré comme hôte actif" (Exchange must be its smart host)`,
        path,
        fix,
      });
    });
    return out;
  },
};

export const authenticationNotActiveDirectory: Rule = {
  id: 'pop3.authentication-not-active-directory',
  severity: 'error',
  title: 'The POP3 service does not authenticate against Active Directory (shared domain)',
  seed: `${SEED.rules}: "Chaque utilisateur POP3 existe en tant que compte utilisateur doté d'une extension messagerie dans Active Directory"`,
  check(model) {
    if (model.scenario !== 'shared-domain') return [];
    const out: Report[] = [];
    model.pop3.servers.forEach((s, i) => {
      if (s.authentication === 'active-directory') return;
      out.push({
        message: `${s.name} authenticates POP3 users with ${s.authentication === 'local-windows-accounts' ? 'local Windows accounts' : 'an encrypted password file'}: in the shared domain every POP3 user is a mail-enabled Active Directory account ("Chaque utilisateur POP3 existe en tant que compte utilisateur doté d'une extension messagerie dans Active Directory", seed), so the POP3 service must use Active Directory integrated authentication`,
        path: `pop3.servers[${i}].authentication`,
        fix: "Set the POP3 service's Authentication Method to Active Directory Integrated (before creating the domains: it cannot change while a domain exists)",
      });
    });
    return out;
  },
};

export const cannotRelayThroughExchange: Rule = {
  id: 'pop3.cannot-relay-through-exchange',
  severity: 'error',
  title: 'The POP3 server cannot relay through Exchange',
  seed: `${SEED.relay}: method 1 (Outbound Security) or method 2 (Exchange relay list with the POP3 server's IP)`,
  check(model) {
    if (model.exchange.servers.length === 0) return [];
    const out: Report[] = [];
    model.pop3.servers.forEach((s, i) => {
      const trace = simulate(model, { recipient: OUTSIDE_RECIPIENT, origin: { kind: 'server', name: s.name } });
      // POP01 accepted it from its pickup directory: Exchange's refusal comes back as an NDR.
      if (
        (trace.verdict.kind === 'rejected' || trace.verdict.kind === 'bounced') &&
        trace.verdict.status === '5.7.1' &&
        trace.verdict.server !== s.name
      ) {
        out.push({
          message: `${s.name} cannot relay Internet mail through ${trace.verdict.server}: neither Outbound Security with an account Exchange accepts, nor ${s.ip} in Exchange's relay list`,
          path: `pop3.servers[${i}].smtp.outboundSecurity.mode`,
          fix: `Either set Outbound Security to Integrated Windows Authentication with a service account, or add ${s.ip} to ${trace.verdict.server}'s relay list ("Only the list below")`,
        });
      }
    });
    return out;
  },
};

export const outboundAccount: Rule = {
  id: 'pop3.outbound-security-account',
  severity: 'error',
  title: 'Outbound Security authenticates without an account or a secret',
  seed: `${SEED.relay}, method 1, steps 5 and 6`,
  check(model) {
    const out: Report[] = [];
    model.pop3.servers.forEach((s, i) => {
      const o = s.smtp.outboundSecurity;
      if (o.mode === 'anonymous') return;
      if (!o.account)
        out.push({
          message: `${s.name}: Outbound Security is ${o.mode} but names no account`,
          path: `pop3.servers[${i}].smtp.outboundSecurity.account`,
          fix: 'Enter a valid Active Directory account, e.g. NWTRADERS\\svc-pop3-relay',
        });
      if (!o.secret)
        out.push({
          message: `${s.name}: Outbound Security account has no secret reference (env:NAME or keyring:NAME)`,
          path: `pop3.servers[${i}].smtp.outboundSecurity.secret`,
          fix: 'Name where the password lives, e.g. env:COEXIST_POP3_RELAY_PASSWORD',
        });
    });
    return out;
  },
};

export const outboundPasswordExpires: Rule = {
  id: 'pop3.outbound-password-expires',
  severity: 'warning',
  title: "The Outbound Security account's password can expire",
  seed: `${SEED.relay}, method 1, note: "a password that never expires, so that this server can keep sending to Exchange"`,
  check(model) {
    const out: Report[] = [];
    model.pop3.servers.forEach((s, i) => {
      const o = s.smtp.outboundSecurity;
      if (o.mode !== 'anonymous' && !o.passwordNeverExpires) {
        out.push({
          message: `${s.name}: the password of ${o.account ?? 'the Outbound Security account'} can expire; mail to Exchange stops on that day`,
          path: `pop3.servers[${i}].smtp.outboundSecurity.passwordNeverExpires`,
          fix: 'Use a dedicated service account whose password never expires',
        });
      }
    });
    return out;
  },
};

export const clientWithoutAuth: Rule = {
  id: 'client.no-authentication',
  severity: 'error',
  title: 'A POP3 client does not authenticate to its outgoing server',
  seed: `${SEED.rules}: "POP3 clients are configured to authenticate to their outgoing mail server"`,
  check(model) {
    const out: Report[] = [];
    model.clients.forEach((c, i) => {
      if (!c.outgoing.requiresAuthentication) {
        out.push({
          message: `${c.program} of ${c.user} sends through ${c.outgoing.server} without "My server requires authentication": mail to the Internet is refused`,
          path: `clients[${i}].outgoing.requiresAuthentication`,
          fix: 'Tick "My server requires authentication" on the Servers tab',
        });
      }
    });
    return out;
  },
};

export const pop3SmtpWithoutAuth: Rule = {
  id: 'client.pop3-smtp-without-authentication',
  severity: 'error',
  title: "Clients send through the POP3 server's SMTP service, which does not require authentication",
  seed: `${SEED.clientSmtp}: "you must configure the SMTP virtual server to use authentication"`,
  check(model, dir) {
    const out: Report[] = [];
    model.clients.forEach((c, _i) => {
      const ref = dir.byFqdn.get(c.outgoing.server);
      if (ref?.system === 'pop3' && !ref.server.smtp.requireAuthentication) {
        out.push({
          message: `${c.user} sends through ${ref.server.name}, whose SMTP virtual server does not require authentication`,
          path: `pop3.servers[${ref.index}].smtp.requireAuthentication`,
          fix: 'Turn on Basic authentication and require it for relaying, or point the client at Exchange',
        });
      }
    });
    return out;
  },
};

export const clientOutgoing: Rule = {
  id: 'client.outgoing-server',
  severity: 'warning',
  title: "A client's outgoing server is not Exchange",
  seed: `${SEED.clientSmtp}: "a single system through which outgoing messages flow"`,
  check(model, dir) {
    const out: Report[] = [];
    model.clients.forEach((c, i) => {
      const ref = dir.byFqdn.get(c.outgoing.server);
      if (!ref)
        out.push({
          message: `${c.user}'s outgoing (SMTP) server ${c.outgoing.server} is not a server of the model`,
          path: `clients[${i}].outgoing.server`,
          fix: `Enter the Exchange server's FQDN, e.g. ${model.exchange.servers[0]?.fqdn ?? 'ex01.example.com'}`,
        });
      else if (ref.system === 'pop3' && model.exchange.servers.length > 0)
        out.push({
          message: `${c.user} sends through the POP3 server ${ref.server.name} rather than Exchange`,
          path: `clients[${i}].outgoing.server`,
          fix: `Enter ${model.exchange.servers[0]!.fqdn} as the outgoing (SMTP) server`,
        });
    });
    return out;
  },
};

export const clientIncoming: Rule = {
  id: 'client.incoming-server',
  severity: 'warning',
  title: "A client's incoming (POP3) server does not hold its mailbox",
  seed: SEED.clientSmtp,
  check(model, dir) {
    const out: Report[] = [];
    // A domain's mailboxes (lowercase) are the directory's; a domain whose name another one took before it there
    // gets a set of its own, built on first use (a scan per client would be quadratic). Plain loops: no closure
    // per client (35,000 of them at 100,000 users).
    const pop3Domains = dir.pop3Domains;
    const others = new Map<object, Set<string>>();
    const holdsMailbox = (server: Pop3ServerT, mailbox: string) => {
      const domains = server.domains;
      for (let k = 0; k < domains.length; k++) {
        const d = domains[k]!;
        const entry = pop3Domains.get(d.name);
        let boxes: ReadonlyMap<string, number> | Set<string> | undefined =
          entry?.server === server && entry.domainIndex === k ? entry.mailboxes : others.get(d);
        if (!boxes) {
          boxes = new Set(d.mailboxes.map((m) => m.toLowerCase()));
          others.set(d, boxes);
        }
        if (boxes.has(mailbox)) return true;
      }
      return false;
    };
    const clients = model.clients;
    for (let i = 0; i < clients.length; i++) {
      const c = clients[i]!;
      const ref = dir.byFqdn.get(c.incoming.server);
      const holds = ref?.system === 'pop3' && holdsMailbox(ref.server, lowerCase(c.user));
      if (!holds)
        out.push({
          message: `${c.user}'s incoming (POP3) server ${c.incoming.server} ${ref ? 'holds no mailbox for them' : 'is not a server of the model'}`,
          path: `clients[${i}].incoming.server`,
          fix: 'Enter the FQDN of the POP3 server that holds the mailbox',
        });
    }
    return out;
  },
};

export const sharedDomainMx: Rule = {
  id: 'dns.shared-domain-mx',
  severity: 'warning',
  title: "The shared domain's MX does not point to an Exchange server that takes Internet mail",
  seed: SEED.connector,
  check(model, dir) {
    const shared = sharedDomain(model);
    if (!shared || model.exchange.servers.length === 0) return [];
    const mx = model.dns.mx[shared];
    const ref = mx ? dir.servers.get(mx.toLowerCase()) : undefined;
    if (!ref)
      return [
        {
          message: `${shared} has no MX record in the model: Internet mail does not reach the organisation`,
          path: 'dns.mx',
          fix: `Add ${shared}: ${model.exchange.servers.find((s) => s.acceptsInternetMail)?.name ?? model.exchange.servers[0]!.name}`,
        },
      ];
    if (ref.system !== 'exchange' || !ref.server.acceptsInternetMail) {
      return [
        {
          message: `the MX for ${shared} is ${ref.server.name}, which is not an Exchange server that accepts Internet mail`,
          path: `dns.mx["${shared}"]`,
          fix: 'Point the MX at the Exchange server that accepts Internet mail',
        },
      ];
    }
    return [];
  },
};
