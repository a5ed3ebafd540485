// SMTP connectors and smart hosts: how Exchange reaches the POP3 server.
import { parseSmartHost, patternMatch } from '../net.js';
import { pickConnector, type Directory } from '../routing/directory.js';
import type { Report, Rule } from './types.js';
import { SEED } from './types.js';

/** What a smart host text points at in the model. */
export function resolveSmartHost(dir: Directory, host: string) {
  const parsed = parseSmartHost(host);
  if (!parsed.ok) return undefined;
  return parsed.value.kind === 'ip' ? dir.byIp.get(parsed.value.ip) : dir.byFqdn.get(parsed.value.fqdn);
}

export const connectorMissing: Rule = {
  id: 'connector.missing-for-pop3-domain',
  severity: 'error',
  title: 'No SMTP connector routes the POP3 domain to the POP3 server',
  seed: `${SEED.connector}, steps 2 to 6`,
  check(model, dir) {
    if (model.exchange.servers.length === 0) return [];
    const out: Report[] = [];
    for (const [domain, entry] of dir.pop3Domains) {
      if (dir.policyDomains.get(domain)?.responsible) continue; // reported by policy.responsible-for-pop3-domain
      const covered = model.exchange.connectors.some((c) =>
        c.addressSpaces.some((s) => s.domain !== '*' && patternMatch(s.domain, domain) >= 0),
      );
      if (!covered) {
        out.push({
          message: `no connector has an address space for ${domain}: Exchange cannot route mail to the POP3 users on ${entry.server.name}`,
          path: 'exchange.connectors',
          fix: `Create an SMTP connector with address space ${domain} and smart host [${entry.server.ip}]`,
        });
      }
    }
    return out;
  },
};

export const connectorNotOnInternetServer: Rule = {
  id: 'connector.not-on-internet-server',
  severity: 'error',
  title: 'An Exchange server that takes Internet mail is not a bridgehead of the POP3 connector',
  seed: `${SEED.connector}, step 9: "Repeat on each Exchange server that accepts inbound Internet mail"`,
  check(model, dir) {
    const out: Report[] = [];
    model.exchange.connectors.forEach((c, i) => {
      const toPop3 = c.smartHosts.some((h) => resolveSmartHost(dir, h)?.system === 'pop3');
      if (!toPop3 || c.bridgeheads.length === 0) return;
      for (const s of model.exchange.servers) {
        if (s.acceptsInternetMail && !c.bridgeheads.some((b) => b.toLowerCase() === s.name.toLowerCase())) {
          out.push({
            message: `${s.name} takes Internet mail but is not a local bridgehead of connector "${c.name}"`,
            path: `exchange.connectors[${i}].bridgeheads`,
            fix: `Add ${s.name} to the connector's local bridgeheads`,
          });
        }
      }
    });
    return out;
  },
};

export const smartHostNowhere: Rule = {
  id: 'connector.smart-host-unresolved',
  severity: 'error',
  title: 'A smart host points to no server of the model',
  seed: `${SEED.connector}, step 3: the FQDN or [IP address] of the POP3 server`,
  check(model, dir) {
    const out: Report[] = [];
    const internalDomains = [...new Set([...dir.policyDomains.keys(), ...dir.pop3Domains.keys()])];
    model.exchange.connectors.forEach((c, i) => {
      const internal = c.addressSpaces.some((s) => s.domain !== '*' && internalDomains.some((d) => patternMatch(s.domain, d) >= 0));
      if (!internal) return;
      c.smartHosts.forEach((h, j) => {
        const target = resolveSmartHost(dir, h);
        if (!target) {
          out.push({
            message: `connector "${c.name}" forwards ${c.addressSpaces.map((s) => s.domain).join(', ')} to smart host ${h}, which is not a server of the model: that mail would wait in the queue and expire`,
            path: `exchange.connectors[${i}].smartHosts[${j}]`,
            fix: "Enter the POP3 server's FQDN or its IP address in square brackets",
          });
        } else if (c.bridgeheads.some((b) => b.toLowerCase() === target.server.name.toLowerCase())) {
          out.push({
            message: `connector "${c.name}" forwards to ${h}, which is its own bridgehead ${target.server.name} (it would forward to itself, NDR 5.4.8)`,
            path: `exchange.connectors[${i}].smartHosts[${j}]`,
            fix: 'Point the smart host at the POP3 server',
          });
        }
      });
    });
    model.pop3.servers.forEach((s, i) => {
      s.smtp.remoteDomains.forEach((d, j) => {
        if (!d.smartHost) return;
        const target = resolveSmartHost(dir, d.smartHost);
        if (!target || target.server.name === s.name) {
          out.push({
            message: `${s.name}: remote domain ${d.name} forwards to smart host ${d.smartHost}, which ${target ? 'is this server itself' : 'is not a server of the model'}`,
            path: `pop3.servers[${i}].smtp.remoteDomains[${j}].smartHost`,
            fix: "Enter an Exchange server's FQDN or [IP address]",
          });
        }
      });
    });
    return out;
  },
};

export const relayToDomainMissing: Rule = {
  id: 'connector.relay-to-domain-missing',
  severity: 'error',
  title: 'Exchange receives mail for the POP3 domain but its connector does not allow relaying to it',
  seed: `${SEED.connectorSeparate}, step 7: "Allow messages to be relayed to these domains"`,
  check(model, dir) {
    const out: Report[] = [];
    for (const [domain] of dir.pop3Domains) {
      if (dir.policyDomains.has(domain)) continue;
      const mx = model.dns.mx[domain];
      const mxIsExchange = mx !== undefined && dir.servers.get(mx.toLowerCase())?.system === 'exchange';
      if (!mxIsExchange) continue;
      model.exchange.connectors.forEach((c, i) => {
        const j = c.addressSpaces.findIndex((s) => s.domain !== '*' && patternMatch(s.domain, domain) >= 0);
        if (j >= 0 && !c.allowRelay) {
          out.push({
            message: `the MX for ${domain} is ${mx} but connector "${c.name}" does not allow messages to be relayed to it: Internet mail for the POP3 users is refused (550 5.7.1)`,
            path: `exchange.connectors[${i}].allowRelay`,
            fix: 'Tick "Allow messages to be relayed to these domains" on the connector\'s Address Space tab',
          });
        }
      });
    }
    return out;
  },
};

export const noLocalBridgehead: Rule = {
  id: 'connector.no-local-bridgehead',
  severity: 'error',
  title: 'A connector has no local bridgehead',
  seed: `${SEED.connector}, step 4: "Cliquez sur Ajouter pour configurer vos serveurs têtes de pont"`,
  check(model) {
    const out: Report[] = [];
    model.exchange.connectors.forEach((c, i) => {
      if (c.bridgeheads.length > 0) return;
      out.push({
        message: `connector "${c.name}" has no local bridgehead: the seed's step 4 says "sélectionnez vos serveurs de passerelle Exchange qui acceptent les messages Internet de ce domaine" (Add... your serveurs têtes de pont); without one, no SMTP virtual server accepts mail for its relay domains`,
        path: `exchange.connectors[${i}].bridgeheads`,
        fix: `Add the Exchange servers that accept Internet mail for ${c.addressSpaces.map((a) => a.domain).join(', ')} as local bridgeheads${model.exchange.servers.find((x) => x.acceptsInternetMail) ? ` (e.g. ${model.exchange.servers.find((x) => x.acceptsInternetMail)!.name})` : ''}`,
      });
    });
    return out;
  },
};

export const relayBoxSeed: Rule = {
  id: 'connector.relay-box-seed',
  severity: 'warning',
  title: "Internet mail reaches the POP3 routing domain but its connector's relay box is cleared (the seed asks for it)",
  seed: `${SEED.connector}, step 7: "cochez la case Autoriser les messages à être relayés vers ce domaine"`,
  check(model, dir) {
    // Microsoft: a non-authoritative recipient-policy domain is accepted as a relay domain whatever the
    // connector's box says, so nothing is refused (the simulator follows Microsoft). The seed still asks
    // for the box when Internet mail arrives for the POP3 domain.
    const out: Report[] = [];
    for (const [domain, entry] of dir.policyDomains) {
      if (entry.responsible || !dir.pop3Domains.has(domain)) continue;
      const mx = model.dns.mx[domain];
      if (!mx || dir.servers.get(mx.toLowerCase())?.system !== 'exchange') continue;
      const picked = pickConnector(dir, domain);
      if (!picked || picked.connector.allowRelay) continue;
      out.push({
        message: `Internet mail for ${domain} reaches ${mx} (MX) and connector "${picked.connector.name}" does not allow relaying to it. Exchange accepts it anyway, because the recipient policy is not responsible for ${domain} (Microsoft, "Configuring SMTP Domains for Inbound and Relay"), but the seed's step 7 says: "Si vous acceptez les messages destinés aux utilisateurs POP3 qui se servent du domaine POP3 ..., cochez la case Autoriser les messages à être relayés vers ce domaine"`,
        path: `exchange.connectors[${picked.index}].allowRelay`,
        fix: 'Tick "Allow messages to be relayed to these domains" on the connector\'s Address Space tab',
      });
    }
    return out;
  },
};
