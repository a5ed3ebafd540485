// The users and clients checked by hand (plain-records.ts) must give exactly what ModelSchema gives: the
// same model (key order included) for valid data, a refusal for invalid data. Compared on the bench's
// organisations and on generated records made of good, odd and bad values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseModelData, plainClient, plainUser } from '../../src/model/plain-records.js';
import { Client, ModelSchema, User } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { lineModelData } from '../../src/persistence/line-yaml.js';
import { modelToText } from '../../src/persistence/file.js';
import { syntheticModel, DEFAULT_SEED } from '../../bench/org.js';
import { params } from '../hardening/fc-seed.js';

/** The model as text and key order (JSON.stringify keeps the order in which keys were set). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function zodModel(data: unknown) {
  const r = ModelSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

/** Mostly good values (so that many records are answered by hand), some odd or bad ones. */
const mostly = <T>(good: T[], odd: T[]) =>
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

const text = mostly(
  ['Maya Ivanova', 'a', 'x'.repeat(256), '~!@#$%^&*()', 'Outlook Express'],
  [
    '',
    ' ',
    'x'.repeat(256),
    'x'.repeat(257),
    'Zoë Müller',
    'K\u212aelvin',
    'ｆｕｌｌ',
    'tab\there',
    'line\nbreak',
    '\u202eevil',
    'C1 \u0085',
  ],
);
const logon = mostly(['mivanova1', 'a', 'A.b-c_d', 'x'.repeat(20)], ['x'.repeat(21), '-lead', '.dot', 'has space', 'ümlaut', '']);
const server = mostly(['EX01', 'ex-02', 'POP1', 'E'.repeat(63)], ['-EX', 'EX_1', 'E'.repeat(64), '']);
const domain = mostly(
  ['pop1.synthcorp.com', 'POP1.SynthCorp.COM', 'xn--bcher-kva.example'],
  ['ex01.synthcorp.com.', 'bücher.example', 'a..b', '-a.com', 'under_score.com', 'ｅｘａｍｐｌｅ.com', '', 'x'.repeat(64)],
);
const address = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(mostly(['jsmith5', 'J.Smith', "o'brien"], ['a..b', '.a', 'a.', '-a', 'x'.repeat(65), 'a b', '']), domain)
      .map(([l, d]) => `${l}@${d}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('no-at-sign', '@synthcorp.com', `${'x'.repeat(60)}@${'y'.repeat(200)}.com`, 'a@b@c.com') },
);
/** Sometimes absent, sometimes of the wrong type. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 12, arbitrary: arb },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(1, null, true, [], {}) },
  );

const userRecord = fc
  .record(
    {
      logon: maybe(logon),
      displayName: maybe(text),
      kind: maybe(fc.constantFrom('pop3', 'exchange', 'POP3', 'other')),
      externalAddress: maybe(address),
      mailboxServer: maybe(server),
      extra: fc.constantFrom(...Array(12).fill(undefined), 'x'),
    },
    { requiredKeys: [] },
  )
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const clientRecord = fc
  .record(
    {
      user: maybe(logon),
      program: maybe(text),
      emailAddress: maybe(address),
      incoming: maybe(
        fc
          .record(
            {
              protocol: maybe(fc.constantFrom('pop3', 'imap')),
              server: maybe(domain),
              extra: fc.constantFrom(...Array(12).fill(undefined), 1),
            },
            { requiredKeys: [] },
          )
          .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
      ),
      outgoing: maybe(
        fc
          .record({ server: maybe(domain), requiresAuthentication: maybe(fc.boolean()) }, { requiredKeys: [] })
          .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
      ),
    },
    { requiredKeys: [] },
  )
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

describe('users and clients checked by hand', () => {
  it("give the schema's model for the bench's organisations and the scenarios, taking the hand-checked path for every record", () => {
    for (const model of [scenarioModel('shared-domain'), scenarioModel('separate-domains'), syntheticModel(2000, DEFAULT_SEED)]) {
      const data = lineModelData(modelToText(model)) as { users: unknown[]; clients: unknown[] };
      expect(data).toBeDefined();
      expect(data.users.every((u) => plainUser(u) !== undefined)).toBe(true);
      expect(data.clients.every((c) => plainClient(c) !== undefined)).toBe(true);
      const fast = parseModelData(data);
      expect(fast).toBeDefined();
      expect(same(fast, zodModel(data))).toBe(true);
    }
  });

  it('a user record answered by hand is exactly what User gives', () => {
    let answered = 0;
    fc.assert(
      fc.property(userRecord, (record) => {
        const hand = plainUser(record);
        const zod = User.safeParse(record);
        if (hand !== undefined) {
          answered++;
          expect(zod.success, JSON.stringify(record)).toBe(true);
          expect(same(hand, zod.data), JSON.stringify(record)).toBe(true);
        }
      }),
      params(4000),
    );
    expect(answered).toBeGreaterThan(100);
  });

  it('a client record answered by hand is exactly what Client gives', () => {
    let answered = 0;
    fc.assert(
      fc.property(clientRecord, (record) => {
        const hand = plainClient(record);
        const zod = Client.safeParse(record);
        if (hand !== undefined) {
          answered++;
          expect(zod.success, JSON.stringify(record)).toBe(true);
          expect(same(hand, zod.data), JSON.stringify(record)).toBe(true);
        }
      }),
      params(4000),
    );
    expect(answered).toBeGreaterThan(50);
  });

  it('a whole model with generated users and clients: the same model, or refused by both', () => {
    const base = lineModelData(modelToText(scenarioModel('shared-domain'))) as Record<string, unknown>;
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(userRecord, { maxLength: 6 }), fc.array(clientRecord, { maxLength: 4 }), (users, clients) => {
        const data = { ...base, users: [...(base.users as unknown[]), ...users], clients: [...(base.clients as unknown[]), ...clients] };
        const fast = parseModelData(data);
        const zod = zodModel(data);
        expect(fast === undefined, JSON.stringify({ users, clients })).toBe(zod === undefined);
        if (fast !== undefined) {
          accepted++;
          expect(same(fast, zod), JSON.stringify({ users, clients })).toBe(true);
        }
      }),
      params(1500),
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it('data that is not a model object is answered by the schema alone', () => {
    for (const data of [null, 1, 'x', [], {}, { users: 'x' }, { ...scenarioModel('shared-domain'), users: {} }]) {
      expect(same(parseModelData(data), zodModel(data))).toBe(true);
    }
  });
});
