// The benchmark's building blocks, without timing anything: the synthetic organisations are valid and
// deterministic, the statistics are right, the Postfix tables route like the simulator, and the indexed
// connector choice agrees with a plain scan of every address space.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelToText } from '../../src/persistence/file.js';
import { patternMatch } from '../../src/model/net.js';
import { directoryOf, pickConnector } from '../../src/model/routing/directory.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { validate } from '../../src/model/rules/index.js';
import { ModelSchema, type ConnectorT } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { recipientMix, shapeFor, syntheticModel } from '../../bench/org.js';
import { postfixTables } from '../../bench/postfix.js';
import { stripEscapes, treeRssBytes } from '../../bench/pty.js';
import { judged } from '../../bench/report.js';
import { logLogSlope, percentile, summarize } from '../../bench/stats.js';

describe('synthetic organisations', () => {
  it('are valid models with no findings of severity error', () => {
    for (const users of [100, 1000]) {
      const model = syntheticModel(users);
      const errors = validate(model).filter((f) => f.severity === 'error');
      expect(errors, `${users} users: ${errors.map((e) => e.message).join('; ')}`).toEqual([]);
      expect(model.users).toHaveLength(users);
    }
  });

  it('have several servers of each kind, hundreds of address spaces at scale, and POP3 users with mailboxes and clients', () => {
    const model = syntheticModel(1000);
    const shape = shapeFor(1000);
    expect(model.exchange.servers.length).toBeGreaterThanOrEqual(2);
    expect(model.pop3.servers.length).toBeGreaterThanOrEqual(2);
    expect(shapeFor(10000).partnerConnectors).toBeGreaterThanOrEqual(200);
    expect(model.exchange.connectors).toHaveLength(shape.partnerConnectors + shape.pop3Servers);
    const pop3Users = model.users.filter((u) => u.kind === 'pop3');
    expect(pop3Users.length).toBeGreaterThan(200);
    const boxes = new Set(model.pop3.servers.flatMap((s) => s.domains.flatMap((d) => d.mailboxes.map((m) => `${m}@${d.name}`))));
    for (const u of pop3Users) expect(boxes.has(u.externalAddress!)).toBe(true);
    expect(model.clients).toHaveLength(pop3Users.length);
  });

  it('are deterministic for a seed and differ between seeds', () => {
    expect(modelToText(syntheticModel(300, 7))).toBe(modelToText(syntheticModel(300, 7)));
    expect(modelToText(syntheticModel(300, 7))).not.toBe(modelToText(syntheticModel(300, 8)));
    expect(recipientMix(syntheticModel(300), 50)).toEqual(recipientMix(syntheticModel(300), 50));
  });

  it('route every kind of recipient: mailboxes, POP3 users, unknown users and the Internet', () => {
    const model = syntheticModel(1000);
    const kinds = new Set(
      recipientMix(model, 500).map((r) => {
        const v = simulate(model, { recipient: r, origin: { kind: 'internet' } }).verdict;
        return v.kind === 'delivered' ? `delivered ${v.system}` : `${v.kind} ${'status' in v ? v.status : ''}`;
      }),
    );
    expect([...kinds].sort()).toEqual(['bounced 5.1.1', 'delivered exchange', 'delivered internet', 'delivered pop3']);
  });
});

describe('statistics', () => {
  it('percentiles interpolate between sorted samples', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });

  it('summaries give the median and the spread', () => {
    expect(summarize([4, 1, 3, 2, 100])).toEqual({ n: 5, median: 3, min: 1, max: 100, iqr: 2 });
  });

  it('the log-log slope is the growth exponent', () => {
    expect(logLogSlope([10, 100, 1000].map((x) => ({ x, y: 3 * x })))).toBeCloseTo(1);
    expect(logLogSlope([10, 100, 1000].map((x) => ({ x, y: x * x })))).toBeCloseTo(2);
    expect(logLogSlope([10, 100, 1000].map((x) => ({ x, y: 7 })))).toBeCloseTo(0);
  });

  it('rows pass or miss against their target and are info without one', () => {
    const row = { id: 'x', group: 3, title: 't', unit: 'ms', note: '' };
    expect(judged({ ...row, value: 49, target: { op: '<', limit: 50, text: '' } }).status).toBe('pass');
    expect(judged({ ...row, value: 50, target: { op: '<', limit: 50, text: '' } }).status).toBe('miss');
    expect(judged({ ...row, value: 3, target: { op: '<=', limit: 3, text: '' } }).status).toBe('pass');
    expect(judged({ ...row, value: 3 }).status).toBe('info');
    expect(judged({ ...row, value: null }).status).toBe('skipped');
  });
});

describe('the Postfix peer tables', () => {
  it('send each recipient where the simulator does', () => {
    const model = syntheticModel(1000);
    const { virtual, transport } = postfixTables(model);
    const ipOf = new Map([...model.exchange.servers, ...model.pop3.servers].map((s) => [s.name, s.ip]));
    for (const r of recipientMix(model, 400)) {
      const v = simulate(model, { recipient: r, origin: { kind: 'internet' } }).verdict;
      const resolved = virtual.get(r.toLowerCase()) ?? r.toLowerCase();
      const hop = transport.get(resolved.slice(resolved.lastIndexOf('@') + 1));
      if (v.kind === 'delivered' && v.system !== 'internet') expect(hop, r).toBe(`smtp:[${ipOf.get(v.server)}]`);
      else if (v.kind === 'bounced') expect(hop, r).toMatch(/^error:5\.1\.1/);
      else expect(v.kind === 'delivered' && v.system === 'internet', r).toBe(true);
    }
  });
});

describe('pickConnector (indexed) agrees with a scan of every address space', () => {
  const reference = (connectors: ConnectorT[], domain: string) => {
    let best: { index: number; space: number; spec: number; cost: number } | undefined;
    connectors.forEach((c, index) =>
      c.addressSpaces.forEach((s, space) => {
        const spec = patternMatch(s.domain, domain);
        if (spec >= 0 && (!best || spec > best.spec || (spec === best.spec && s.cost < best.cost)))
          best = { index, space, spec, cost: s.cost };
      }),
    );
    return best && { index: best.index, space: best.space };
  };
  const label = fc.constantFrom('a', 'b', 'mail', 'pop', 'x1');
  const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => `${l.join('.')}`);
  const pattern = fc.oneof(
    domain,
    domain.map((d) => `*.${d}`),
    fc.constant('*'),
  );
  const connectors = fc.array(
    fc.array(fc.record({ domain: pattern, cost: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
    { minLength: 0, maxLength: 6 },
  );

  it('for random connectors and domains', () => {
    fc.assert(
      fc.property(connectors, domain, (spaces, d) => {
        const base = scenarioModel('shared-domain');
        const unique = spaces.map((list) => list.filter((s, i) => list.findIndex((o) => o.domain === s.domain) === i));
        const model = ModelSchema.parse({
          ...base,
          exchange: {
            ...base.exchange,
            connectors: unique.map((list, i) => ({ name: `C${i}`, addressSpaces: list.map((s) => ({ type: 'SMTP', ...s })) })),
          },
        });
        const got = pickConnector(directoryOf(model), d);
        const want = reference(model.exchange.connectors, d);
        expect(got && { index: got.index, space: got.space }).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the pty helpers', () => {
  it('strip terminal escapes and read resident memory from /proc', () => {
    expect(stripEscapes('\x1b[2K\x1b[1A\x1b[32mSystem\x1b[39m Manager\x1b]0;title\x07')).toBe('System Manager');
    expect(treeRssBytes(process.pid)).toBeGreaterThan(1024 * 1024);
  });
});
