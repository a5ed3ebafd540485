// The directory answers look-ups without stamping every user's addresses (the console's first frame routes one
// message of a 100,000-user organisation, validate about a hundred), and those answers are the stamped ones exactly:
// the first user in order an address is stamped on, a policy address before the user's external address,
// the last user of a logon for its policy.
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../bench/org.js';
import { applyEdit } from '../../src/model/edits/index.js';
import { directoryOf } from '../../src/model/routing/directory.js';
import type { Model } from '../../src/model/schema.js';
import { SCENARIOS, scenarioModel } from '../../src/model/scenarios.js';

/** An organisation with collisions: a logon twice (another case), an external address equal to a stamped one. */
function colliding(): Model {
  const r = applyEdit(scenarioModel('shared-domain'), (m) => {
    const first = m.users[0]!;
    const policyAddress = m.exchange.recipientPolicies.find((p) => p.filter === 'all')?.addresses[0]?.address ?? '@example.com';
    // The twin is of the other kind, so that another recipient policy applies to it.
    m.users.push(
      first.kind === 'pop3'
        ? { logon: first.logon.toUpperCase(), displayName: 'Twin', kind: 'exchange', mailboxServer: m.exchange.servers[0]!.name }
        : {
            logon: first.logon.toUpperCase(),
            displayName: 'Twin',
            kind: 'pop3',
            externalAddress: `twin@${m.pop3.servers[0]!.domains[0]!.name}`,
          },
    );
    m.users.push({
      logon: 'zed',
      displayName: 'Zed',
      kind: 'pop3',
      externalAddress: `${m.users[1]!.logon.toUpperCase()}${policyAddress.toUpperCase()}`,
    });
    return m;
  });
  if (!r.ok) throw new Error('edit refused');
  const d = directoryOf(structuredClone(r.model));
  const twins = [r.model.users[0]!, r.model.users.at(-2)!];
  if (twins.map((u) => d.appliedPolicy.get(u.logon.toLowerCase())).some((a) => a === undefined)) throw new Error('no policy applies');
  if (r.model.exchange.recipientPolicies.filter((p) => p.filter !== 'all').length === 0) throw new Error('one policy for every user');
  return r.model;
}

const models: [string, () => Model][] = [
  ...SCENARIOS.map((id): [string, () => Model] => [id, () => scenarioModel(id)]),
  ['synthetic 150 users', () => syntheticModel(150, 7)],
  ['colliding logons and addresses', colliding],
];

describe.each(models)('%s', (_name, make) => {
  it('recipient() and policyOf() answer as the stamped maps do, before and after every address is stamped', () => {
    const model = make();
    const lazy = directoryOf(model);
    const asked = [
      ...model.users.flatMap((u) => [
        `${u.logon.toLowerCase()}@nowhere.example`,
        ...(u.externalAddress ? [u.externalAddress.toLowerCase()] : []),
      ]),
      'nobody@example.com',
      '',
    ];
    // Look-ups before every address is stamped go through the index of the users; after, through the maps.
    const byPass = asked.slice(0, 3).map((a) => lazy.recipient(a));
    const policyByPass = model.users.slice(0, 1).map((u) => lazy.policyOf(u.logon.toLowerCase()));
    const stamped = lazy.recipients;
    for (const [address, entry] of stamped) expect(lazy.recipient(address), address).toEqual(entry);
    asked.slice(0, 3).forEach((a, k) => expect(byPass[k], a).toEqual(stamped.get(a)));
    expect(policyByPass[0]).toBe(lazy.appliedPolicy.get(model.users[0]!.logon.toLowerCase()));

    // A fresh directory of the same model answers a sample of them, as a preview would ask.
    const fresh = directoryOf(structuredClone(model));
    const sample = [...stamped.keys()].filter((_, k) => k % Math.max(1, Math.floor(stamped.size / 3)) === 0).slice(0, 3);
    for (const address of sample) expect(fresh.recipient(address), address).toEqual(stamped.get(address));
    for (const u of model.users.slice(-1))
      expect(fresh.policyOf(u.logon.toLowerCase())).toEqual(lazy.appliedPolicy.get(u.logon.toLowerCase()));

    // Every address and logon through the index, without stamping every address (validate asks about a hundred
    // at 100,000 users): the same answers.
    const indexed = directoryOf(structuredClone(model));
    for (const address of [...asked, ...stamped.keys()]) expect(indexed.recipient(address), address).toEqual(stamped.get(address));
    for (const u of model.users)
      expect(indexed.policyOf(u.logon.toLowerCase()), u.logon).toEqual(lazy.appliedPolicy.get(u.logon.toLowerCase()));
    expect(indexed.policyOf('nobody-at-all')).toBeUndefined();
    // The policies of all the users (Find Exchange Recipients, validate) are made without stamping every address.
    const policies = directoryOf(structuredClone(model));
    expect(policies.appliedPolicy).toEqual(lazy.appliedPolicy);
    for (const u of model.users)
      expect(policies.policyOf(u.logon.toLowerCase()), u.logon).toEqual(lazy.appliedPolicy.get(u.logon.toLowerCase()));
  });
});

it("after an edit elsewhere the next model's directory answers from the users' index at once; after an edit of the users, afresh", () => {
  const base = syntheticModel(150, 7);
  const first = directoryOf(base);
  const addresses = [...directoryOf(structuredClone(base)).recipients.keys()];
  first.recipient(addresses[0]!); // the users are indexed
  // Edits as the console makes them: a new object along the edited path, everything else shared.
  const [connector, ...otherConnectors] = base.exchange.connectors;
  const elsewhere = applyEdit(base, (m) => ({
    ...m,
    exchange: {
      ...m.exchange,
      connectors: [{ ...connector!, addressSpaces: connector!.addressSpaces.map((a) => ({ ...a, cost: 7 })) }, ...otherConnectors],
    },
  }));
  const users = applyEdit(base, (m) => ({
    ...m,
    users: [{ ...m.users[3]!, displayName: 'Copy' }, ...m.users.map((u, i) => (i === 3 ? { ...u, logon: 'renamed3' } : u))],
  }));
  if (!elsewhere.ok || !users.ok) throw new Error('edit refused');
  expect(elsewhere.model.users).toBe(base.users);
  for (const model of [elsewhere.model, users.model]) {
    const stamped = directoryOf(structuredClone(model)).recipients;
    const dir = directoryOf(model);
    for (const a of [...stamped.keys(), ...addresses.slice(0, 20)]) expect(dir.recipient(a), a).toEqual(stamped.get(a));
  }
});

it('a look-up answered by a pass over the users finds what the index finds where lowercase is longer (U+0130, İ to i̇)', () => {
  const base = syntheticModel(150, 7);
  const model: Model = {
    ...base,
    users: [
      ...base.users,
      { logon: 'Zİ', displayName: 'Dotted logon', kind: 'exchange', mailboxServer: base.exchange.servers[0]!.name },
      { logon: 'dotted', displayName: 'Dotted domain', kind: 'pop3', externalAddress: 'dotted@İstanbul.example' },
    ],
  };
  const stamped = directoryOf(structuredClone(model)).recipients;
  const suffix = model.exchange.recipientPolicies.find((p) => p.filter === 'all')!.addresses[0]!.address.toLowerCase();
  const asked = [`zi\u0307${suffix}`, 'dotted@i\u0307stanbul.example'];
  for (const address of asked) expect(stamped.get(address), address).toBeDefined();
  const passes = directoryOf(model);
  for (const address of asked) expect(passes.recipient(address), address).toEqual(stamped.get(address));
  expect(passes.policyOf('zi\u0307')).toEqual(directoryOf(structuredClone(model)).appliedPolicy.get('zi\u0307'));
});
