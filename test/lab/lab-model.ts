// Maps a model onto the lab's addresses: every server IP of the model (10.0.0.x in the examples) becomes a
// 127.0.1.x address inside the lab's namespace, so nothing the model names is ever dialled for real.
// The same mapped model feeds both the preview (simulator) and the adapter, so they judge the same thing.
import { cidrContains, parseCidr, parseSmartHost } from '../../src/model/net.js';
import { checkModel } from '../../src/model/check.js';
import type { Model } from '../../src/model/schema.js';
import type { Flow } from '../../src/model/routing/flows.js';
import { INTERNET_CLIENT_IP, type Message } from '../../src/model/routing/types.js';

/** Fixed lab addresses that are not servers of the model. */
export const LAB_ADDRESSES = {
  /** The catch-all "Internet" Postfix: everything not for the organisation ends here. */
  sink: '127.0.9.1',
  /** An Internet host (the simulator's TEST-NET client 192.0.2.10 maps here). */
  internetClient: '127.0.9.10',
  /** A POP3 user's workstation: in no relay list. */
  workstation: '127.0.8.10',
  /**
   * A smart host outside the model (a partner's or an ISP's relay) stands on this TEST-NET-1 address, which
   * exists only on the loopback of the lab's own namespace; the sink listens there too.
   */
  outsideRelay: '192.0.2.25',
} as const;

export interface LabServer {
  name: string;
  system: 'exchange' | 'pop3';
  fqdn: string;
  modelIp: string;
  labIp: string;
}

export interface LabModel {
  model: Model;
  servers: LabServer[];
  /** model IP -> lab IP, for the servers and the Internet client. */
  ipMap: Map<string, string>;
}

export class LabMappingError extends Error {}

/** The lab address of the n-th server of the model (0-based): 127.0.1.2, 127.0.1.3, ... */
export const serverLabIp = (n: number) => `127.0.1.${n + 2}`;

/**
 * `labIpOf` gives a server its lab address (default: by its position in the model). A lab that proves many
 * models keeps one Postfix instance per server name, so it passes a registry that keeps a name's address.
 */
export function mapModelToLab(
  original: Model,
  labIpOf: (name: string, position: number) => string = (_, i) => serverLabIp(i),
  /** Where a smart host outside the model is stood in (only a lab with its own namespace has one). */
  outsideRelay?: string,
): LabModel {
  const model = structuredClone(original);
  const servers: LabServer[] = [
    ...model.exchange.servers.map((s) => ({ name: s.name, system: 'exchange' as const, fqdn: s.fqdn, modelIp: s.ip })),
    ...model.pop3.servers.map((s) => ({ name: s.name, system: 'pop3' as const, fqdn: s.fqdn, modelIp: s.ip })),
  ].map((s, i) => ({ ...s, labIp: labIpOf(s.name, i) }));
  if (servers.length > 250) throw new LabMappingError(`the lab maps at most 250 servers; the model has ${servers.length}`);

  const ipMap = new Map<string, string>(servers.map((s) => [s.modelIp, s.labIp]));
  ipMap.set(INTERNET_CLIENT_IP, LAB_ADDRESSES.internetClient);
  const byFqdn = new Map(servers.map((s) => [s.fqdn, s]));
  // Everyone who ever connects in the lab, with the address the model knows them by (the workstation has none).
  const participants: { modelIp: string; labIp: string }[] = [...ipMap].map(([modelIp, labIp]) => ({ modelIp, labIp }));

  const relayList = (entries: string[], where: string): string[] => {
    const out: string[] = [];
    for (const entry of entries) {
      const cidr = parseCidr(entry);
      if (!cidr.ok) throw new LabMappingError(`${where}: "${entry}" ${cidr.error}`);
      // An entry stands for the lab participants it covers: their lab addresses, as single hosts.
      for (const p of participants) if (cidrContains(cidr.value, p.modelIp) && !out.includes(p.labIp)) out.push(p.labIp);
    }
    return out;
  };
  const ownDomains = [
    ...original.exchange.recipientPolicies.flatMap((p) => p.addresses.map((a) => a.address.slice(1))),
    ...servers.map((s) => s.fqdn.slice(s.fqdn.indexOf('.') + 1)),
  ];
  /** A smart host the preview calls the Internet (public address, or a name under none of the organisation's domains). */
  const outside = (h: { kind: 'ip'; ip: string } | { kind: 'fqdn'; fqdn: string }) =>
    h.kind === 'ip'
      ? !/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|f[cde])/i.test(h.ip)
      : !ownDomains.some((d) => h.fqdn === d || h.fqdn.endsWith(`.${d}`));
  const smartHost = (text: string, where: string): string => {
    const parsed = parseSmartHost(text);
    if (!parsed.ok) throw new LabMappingError(`${where}: ${parsed.error}`);
    const mapped = parsed.value.kind === 'ip' ? ipMap.get(parsed.value.ip) : byFqdn.get(parsed.value.fqdn)?.labIp;
    if (mapped) return `[${mapped}]`;
    if (outsideRelay && outside(parsed.value)) return `[${outsideRelay}]`;
    throw new LabMappingError(
      `${where}: smart host ${text} is no server of the model; ${outsideRelay ? 'the lab will not dial it' : 'only a lab in its own network namespace stands in for a smart host outside the model'}`,
    );
  };

  model.exchange.servers.forEach((s, i) => {
    s.ip = ipMap.get(s.ip)!;
    s.smtpVirtualServers.forEach((vs, j) => {
      const where = `exchange.servers[${i}].smtpVirtualServers[${j}]`;
      vs.relay.computers = relayList(vs.relay.computers, `${where}.relay.computers`);
      if (vs.forwardUnresolvedTo) vs.forwardUnresolvedTo = smartHost(vs.forwardUnresolvedTo, `${where}.forwardUnresolvedTo`);
    });
  });
  model.exchange.connectors.forEach((c, i) => {
    c.smartHosts = c.smartHosts.map((h, j) => smartHost(h, `exchange.connectors[${i}].smartHosts[${j}]`));
  });
  model.pop3.servers.forEach((s, i) => {
    const where = `pop3.servers[${i}].smtp`;
    s.ip = ipMap.get(s.ip)!;
    s.smtp.relay.computers = relayList(s.smtp.relay.computers, `${where}.relay.computers`);
    if (s.smtp.smartHost) s.smtp.smartHost = smartHost(s.smtp.smartHost, `${where}.smartHost`);
    s.smtp.remoteDomains.forEach((d, j) => {
      if (d.smartHost) d.smartHost = smartHost(d.smartHost, `${where}.remoteDomains[${j}].smartHost`);
    });
  });
  model.targets = [];

  const checked = checkModel(model);
  if (!checked.ok)
    throw new LabMappingError(`the mapped model is invalid: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return { model: checked.model, servers, ipMap };
}

/** A flow's message with its addresses moved to the lab (client IP, IP literals in the recipient). */
export function mapMessage(message: Message, ipMap: Map<string, string>): Message {
  const out: Message = { ...message, origin: { ...message.origin } };
  if (message.clientIp) out.clientIp = ipMap.get(message.clientIp) ?? message.clientIp;
  if (message.origin.kind === 'internet') out.clientIp = ipMap.get(message.clientIp ?? INTERNET_CLIENT_IP) ?? LAB_ADDRESSES.internetClient;
  out.recipient = message.recipient.replace(/\[(\d{1,3}(?:\.\d{1,3}){3})\]/g, (all, ip: string) => {
    const mapped = ipMap.get(ip);
    return mapped ? `[${mapped}]` : all;
  });
  return out;
}

export function mapFlow(flow: Flow, ipMap: Map<string, string>): Flow {
  return { ...flow, message: mapMessage(flow.message, ipMap) };
}
