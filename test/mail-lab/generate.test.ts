// The differential lab's generator and its settings, without servers: the same seed gives the same models,
// every model is valid and inside what the postfix-dovecot adapter can express, and the generated models
// cover the settings issue 11 names (not only the seed's own setups).
import { describe, expect, it } from 'vitest';
import { desiredPostfix } from '../../src/adapters/postfix-dovecot/index.js';
import { parseSmartHost } from '../../src/model/net.js';
import { standardFlows } from '../../src/model/routing/flows.js';
import { CI_DEFAULTS, DiffOptionError, diffOptionsFromEnv, modelIndexes, parseLabArgs } from '../lab/diff-options.js';
import { generateModel, randomFlows } from '../lab/generate.js';
import { LAB_ADDRESSES, mapModelToLab } from '../lab/lab-model.js';

const SEED = 7;
const models = Array.from({ length: 60 }, (_, i) => generateModel(SEED, i));

describe('generated models', () => {
  it('are the same for the same seed and index, and differ between indexes and seeds', () => {
    expect(generateModel(SEED, 3)).toEqual(models[3]);
    expect(JSON.stringify(generateModel(SEED, 4))).not.toBe(JSON.stringify(models[3]));
    expect(JSON.stringify(generateModel(SEED + 1, 3))).not.toBe(JSON.stringify(models[3]));
    expect(randomFlows(models[3]!, SEED, 3, 10)).toEqual(randomFlows(generateModel(SEED, 3), SEED, 3, 10));
  });

  it("map into the lab and translate for every server through the adapter (a smart host outside the model stands on the lab's outside relay)", () => {
    for (const model of models) {
      const lab = mapModelToLab(model, undefined, LAB_ADDRESSES.outsideRelay);
      for (const s of lab.servers) {
        expect(() =>
          desiredPostfix(lab.model, {
            id: 't',
            adapter: 'postfix-dovecot',
            server: s.name,
            options: { configDirectory: '/lab/etc', mailRoot: '/lab/mail' },
          }),
        ).not.toThrow();
      }
    }
  });

  it('cover what issue 11 lists: 1-3 servers of each kind, bridgeheads, relay boxes, exact/*.x/* spaces, right/wrong/self smart hosts, relay lists, remote domains, responsibilities, MX', () => {
    const seen = new Set<string>();
    for (const m of models) {
      seen.add(`exchange:${m.exchange.servers.length}`);
      seen.add(`pop3:${m.pop3.servers.length}`);
      for (const c of m.exchange.connectors) {
        seen.add(`bridgeheads:${Math.min(c.bridgeheads.length, 2)}`);
        seen.add(`allowRelay:${c.allowRelay}`);
        for (const a of c.addressSpaces) seen.add(`space:${a.domain === '*' ? '*' : a.domain.startsWith('*.') ? '*.x' : 'exact'}`);
        for (const h of c.smartHosts) {
          const p = parseSmartHost(h);
          const ip =
            p.ok && p.value.kind === 'ip'
              ? p.value.ip
              : (m.exchange.servers.concat().find((s) => s.fqdn === h)?.ip ?? m.pop3.servers.find((s) => s.fqdn === h)?.ip);
          const pop = m.pop3.servers.find((s) => s.ip === ip);
          const own = pop?.domains.some((d) => c.addressSpaces.some((a) => a.domain === d.name));
          const self = c.bridgeheads.some((b) => m.exchange.servers.find((s) => s.name === b)?.ip === ip);
          const exchange = m.exchange.servers.some((s) => s.ip === ip);
          seen.add(`smartHost:${pop ? (own ? 'right' : 'wrong') : self ? 'self' : exchange ? 'exchange' : 'outside'}`);
          if (!pop && !exchange) seen.add('outside-smart-host');
          if (self && c.addressSpaces.some((a) => a.domain === '*')) seen.add('*-connector-self');
        }
        if (c.smartHosts.length === 0) seen.add('smartHost:dns');
      }
      for (const s of m.exchange.servers) {
        seen.add(`exchange-relay:${s.smtpVirtualServers[0]!.relay.mode}`);
        seen.add(`virtual-servers:${s.smtpVirtualServers.length}`);
      }
      for (const pol of m.exchange.recipientPolicies) seen.add(`filter:${pol.filter}`);
      for (const p of m.pop3.servers) {
        seen.add(`pop3-relay:${p.smtp.relay.mode}`);
        seen.add(`pop3-auth:${p.smtp.requireAuthentication}`);
        if (p.smtp.remoteDomains.length) seen.add('remote-domains');
        seen.add(`pop3-smarthost:${p.smtp.smartHost ? 'set' : 'none'}`);
        const servers = [...m.exchange.servers, ...m.pop3.servers];
        if (p.smtp.smartHost && !servers.some((s) => `[${s.ip}]` === p.smtp.smartHost || s.fqdn === p.smtp.smartHost))
          seen.add('outside-smart-host');
      }
      for (const pol of m.exchange.recipientPolicies) for (const a of pol.addresses) seen.add(`responsible:${a.responsible}`);
      for (const name of Object.values(m.dns.mx)) seen.add(`mx:${name.slice(0, 2)}`);
    }
    for (const want of [
      'exchange:1',
      'exchange:2',
      'exchange:3',
      'pop3:1',
      'pop3:2',
      'pop3:3',
      'bridgeheads:0',
      'bridgeheads:1',
      'bridgeheads:2',
      'allowRelay:true',
      'allowRelay:false',
      'space:exact',
      'space:*.x',
      'space:*',
      'smartHost:right',
      'smartHost:wrong',
      'smartHost:self',
      'smartHost:exchange',
      'smartHost:dns',
      'outside-smart-host',
      '*-connector-self',
      'virtual-servers:1',
      'virtual-servers:2',
      'filter:all',
      'filter:users-with-external-addresses',
      'filter:users-with-mailboxes',
      'exchange-relay:only-list',
      'exchange-relay:all-except-list',
      'pop3-relay:all-except-list',
      'pop3-auth:true',
      'pop3-auth:false',
      'remote-domains',
      'pop3-smarthost:none',
      'responsible:true',
      'responsible:false',
      'mx:EX',
      'mx:PO',
    ]) {
      expect(seen, want).toContain(want);
    }
  });

  it('come with the flow matrix, the relay probes and random messages from every kind of origin', () => {
    const origins = new Set<string>();
    const literals = new Set<string>();
    for (const [i, m] of models.entries()) {
      const ips = new Set([...m.exchange.servers, ...m.pop3.servers].map((s) => s.ip));
      for (const f of randomFlows(m, SEED, i, 40)) {
        const lit = /@\[([^\]]+)\]$/.exec(f.message.recipient)?.[1];
        if (lit) literals.add(ips.has(lit) ? 'server' : 'outside');
      }
      expect(standardFlows(m).filter((f) => f.group === 'relay-probe').length).toBe(
        17 * (m.exchange.servers.length + m.pop3.servers.length),
      );
      for (const f of randomFlows(m, SEED, i, 12))
        origins.add(
          `${f.message.origin.kind}${f.message.via ? '+via' : ''}${f.message.authenticated === undefined ? '' : f.message.authenticated ? '+auth' : '+noauth'}`,
        );
    }
    expect([...origins].sort()).toEqual(['internet', 'internet+via', 'server', 'user', 'user+auth', 'user+noauth']);
    expect([...literals].sort()).toEqual(['outside', 'server']);
  });
});

describe('npm run test:lab -- --models N --seed S', () => {
  it('turns the flags into the lab variables and passes everything else to vitest', () => {
    expect(parseLabArgs(['--models', '40', '--seed=9', 'differential', '--reporter', 'dot'])).toEqual({
      env: { COEXIST_LAB_MODELS: '40', COEXIST_LAB_SEED: '9' },
      rest: ['differential', '--reporter', 'dot'],
    });
    expect(diffOptionsFromEnv({ COEXIST_LAB_MODELS: '40', COEXIST_LAB_SEED: '9' })).toEqual({
      seed: 9,
      models: 40,
      random: CI_DEFAULTS.random,
    });
    expect(modelIndexes(diffOptionsFromEnv({ COEXIST_LAB_SEED: '9', COEXIST_LAB_MODEL: '17' }))).toEqual([17]);
    expect(diffOptionsFromEnv({})).toEqual({ ...CI_DEFAULTS });
  });

  it('refuses a flag without a value or a value that is not a whole number, naming the flag', () => {
    expect(() => parseLabArgs(['--models'])).toThrow(DiffOptionError);
    expect(() => parseLabArgs(['--models', 'ten'])).toThrow('--models ten: must be a whole number from 0 to 100000');
    expect(() => parseLabArgs(['--seed', '-1'])).toThrow('--seed -1: must be a whole number from 0 to 4294967295');
    expect(() => parseLabArgs(['--seed', '--models', '3'])).toThrow(/--seed needs a value/);
    expect(() => diffOptionsFromEnv({ COEXIST_LAB_RANDOM: '1e3' })).toThrow(
      'COEXIST_LAB_RANDOM=1e3: must be a whole number from 0 to 1000',
    );
  });
});
