// Rewrites every IP address of a model (servers, relay lists, smart hosts) through a mapping, so a lab can
// stand the model's servers on 127.x addresses: the model's own addresses (10.0.0.x) are never dialled.
import { ModelSchema, type Model } from '../../model/schema.js';

export function remapModelAddresses(model: Model, mapping: Record<string, string>): Model {
  const ip = (a: string) => mapping[a] ?? a;
  const cidr = (c: string) => (c.includes('/') ? c : ip(c));
  const host = (h: string) => (h.startsWith('[') && h.endsWith(']') ? `[${ip(h.slice(1, -1))}]` : h);
  const m = structuredClone(model);
  for (const s of m.exchange.servers) {
    s.ip = ip(s.ip);
    for (const vs of s.smtpVirtualServers) {
      vs.relay.computers = vs.relay.computers.map(cidr);
      if (vs.forwardUnresolvedTo) vs.forwardUnresolvedTo = host(vs.forwardUnresolvedTo);
    }
  }
  for (const c of m.exchange.connectors) c.smartHosts = c.smartHosts.map(host);
  for (const s of m.pop3.servers) {
    s.ip = ip(s.ip);
    s.smtp.relay.computers = s.smtp.relay.computers.map(cidr);
    if (s.smtp.smartHost) s.smtp.smartHost = host(s.smtp.smartHost);
    for (const r of s.smtp.remoteDomains) if (r.smartHost) r.smartHost = host(r.smartHost);
  }
  return ModelSchema.parse(m);
}
