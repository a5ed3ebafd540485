// Relay Restrictions > Add > Computer: "Single computer", "Group of computers" and "Domain" (ESM's three
// kinds). A Domain entry covers the computers whose reverse DNS name is the domain or under it: in the
// model, its own servers by FQDN; an Internet host never.
import { describe, expect, it } from 'vitest';
import { parseRelayEntry } from '../../src/model/relay-entry.js';
import { ModelSchema } from '../../src/model/schema.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { validate } from '../../src/model/rules/index.js';
import type { Model } from '../../src/model/schema.js';
import { shared } from '../helpers/model-fixtures.js';

const noOutboundAuth = (x: Model) => {
  x.pop3.servers[0]!.smtp.outboundSecurity = { mode: 'anonymous', passwordNeverExpires: false };
};

describe('relay list entries', () => {
  it('reads an IP as a single computer, IP/prefix as a group of computers, a name as a domain', () => {
    expect(parseRelayEntry('10.0.0.20')).toMatchObject({ ok: true, value: { kind: 'single', text: '10.0.0.20' } });
    expect(parseRelayEntry('10.0.0.0/24')).toMatchObject({ ok: true, value: { kind: 'group', text: '10.0.0.0/24' } });
    expect(parseRelayEntry('NorthwindTraders.COM')).toMatchObject({ ok: true, value: { kind: 'domain', domain: 'northwindtraders.com' } });
    expect(parseRelayEntry('10.0.0')).toMatchObject({ ok: false });
    expect(parseRelayEntry('10.0.0.1/24')).toMatchObject({ ok: false, error: expect.stringMatching(/host bits/) });
    expect(parseRelayEntry('pop01')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/neither an IP address, a subnet .* nor a domain name/),
    });
  });
  it('the model file accepts a domain entry and stores it in lowercase', () => {
    const m = shared();
    const input = structuredClone(m) as unknown as {
      exchange: { servers: { smtpVirtualServers: { relay: { computers: string[] } }[] }[] };
    };
    input.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['NorthwindTraders.com'];
    const r = ModelSchema.safeParse(input);
    expect(r.success && r.data.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual(['northwindtraders.com']);
  });
});

describe('the simulator and a Domain entry (reverse DNS of the connecting computer)', () => {
  it("lets POP01 relay through EX01 when POP01's FQDN is under the domain", () => {
    const m = shared((x) => {
      noOutboundAuth(x);
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['northwindtraders.com'];
    });
    const t = simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } });
    expect(t.verdict).toMatchObject({ kind: 'delivered', system: 'internet' });
    const step = t.steps.find((s) => s.setting === 'exchange.servers[0].smtpVirtualServers[0].relay.computers[0]')!;
    expect(step.decision).toMatch(/pop01\.northwindtraders\.com, by reverse DNS, under the Domain entry northwindtraders\.com/);
  });
  it('does not cover POP01 when its FQDN is outside the domain', () => {
    const m = shared((x) => {
      noOutboundAuth(x);
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['contoso.com'];
    });
    expect(simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } }).verdict).toMatchObject({
      kind: 'bounced',
      status: '5.7.1',
    });
  });
  it('never covers an Internet host, even one whose address the model does not know', () => {
    const m = shared((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['northwindtraders.com', 'example.org'];
    });
    expect(simulate(m, { recipient: 'relaytest@example.org', origin: { kind: 'internet' }, via: 'EX01' }).verdict).toMatchObject({
      kind: 'rejected',
      status: '5.7.1',
    });
  });
  it('"All except the list below" with a Domain entry excludes the servers under it', () => {
    const m = shared((x) => {
      noOutboundAuth(x);
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay = {
        mode: 'all-except-list',
        computers: ['pop01.northwindtraders.com'],
        allowAuthenticated: false,
      };
    });
    const t = simulate(m, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } });
    expect(t.verdict).toMatchObject({ kind: 'bounced', status: '5.7.1' });
    const other = shared((x) => {
      noOutboundAuth(x);
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay = {
        mode: 'all-except-list',
        computers: ['contoso.com'],
        allowAuthenticated: false,
      };
    });
    expect(simulate(other, { recipient: 'partner@example.com', origin: { kind: 'server', name: 'POP01' } }).verdict).toMatchObject({
      kind: 'delivered',
      system: 'internet',
    });
  });
});

describe('relay.list-too-broad and a Domain entry', () => {
  it('reports a Domain entry, naming the servers of the model under it', () => {
    const m = shared((x) => {
      x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['northwindtraders.com'];
    });
    const f = validate(m).filter((x) => x.rule === 'relay.list-too-broad');
    expect(f).toHaveLength(1);
    expect(f[0]!.path).toBe('exchange.servers[0].smtpVirtualServers[0].relay.computers[0]');
    expect(f[0]!.message).toMatch(/EX01 \(ex01\.northwindtraders\.com\), POP01 \(pop01\.northwindtraders\.com\)/);
    expect(f[0]!.message).toMatch(/reverse DNS/);
  });
});
