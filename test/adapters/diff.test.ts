// The shared differ (src/adapters/diff.ts): desired and observed resources by address into creates, updates
// and deletes, in a stable order, with the adapter's notion of "the same resource" and "the same value".
import { describe, expect, it } from 'vitest';
import { diffResources, diffValues } from '../../src/adapters/diff.js';

const eq = (o: string, d: string) => o === d;

describe('diffResources', () => {
  it('creates what is missing and updates what differs, in the desired order; leaves the rest alone', () => {
    const changes = diffResources(
      [
        ['b', '2'],
        ['a', '1'],
        ['c', '3'],
      ],
      [
        ['a', '1'],
        ['b', 'x'],
        ['z', '9'],
      ],
      { same: eq },
    );
    expect(changes).toEqual([
      { action: 'update', address: 'b', desired: '2', observed: 'x' },
      { action: 'create', address: 'c', desired: '3' },
    ]);
  });

  it('deletes only the unnamed resources the adapter says it manages, after the others, in the observed order', () => {
    const changes = diffResources(
      [['a', '1']],
      [
        ['y', '8'],
        ['a', '0'],
        ['x', 'keep'],
        ['w', '7'],
      ],
      { same: eq, deletes: (o) => o !== 'keep' },
    );
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update a', 'delete y', 'delete w']);
  });

  it("finds a resource by the adapter's key (case) and can order everything by key", () => {
    const changes = diffResources(
      [
        ['Mail', 'on'],
        ['beta', 'on'],
      ],
      [
        ['MAIL', 'on'],
        ['alpha', 'off'],
        ['Gamma', 'off'],
      ],
      { same: eq, key: (a) => a.toLowerCase(), deletes: () => true, order: 'address' },
    );
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['delete alpha', 'create beta', 'delete Gamma']);
  });

  it('takes a lookup when finding an observed resource takes more than its address (nothing deleted then)', () => {
    const observed = [{ names: ['alice', 'a.smith'], mail: 'old' }];
    const changes = diffResources(
      [
        ['user a.smith', { logon: 'a.smith', mail: 'new' }],
        ['user bob', { logon: 'bob', mail: 'b' }],
      ],
      (_address, d) => observed.find((o) => o.names.includes(d.logon)),
      { same: (o, d) => o.mail === d.mail },
    );
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update user a.smith', 'create user bob']);
  });
});

describe('diffValues', () => {
  it('compares lines as sets: removed in the order found, added in the desired order; duplicates count each', () => {
    expect(diffValues(['a', 'b', 'x', 'x'], ['c', 'a', 'd'])).toEqual({ remove: ['b', 'x', 'x'], add: ['c', 'd'] });
    expect(diffValues(['b', 'a'], ['a', 'b'])).toEqual({ remove: [], add: [] });
  });

  it('a value present under the same key but written otherwise is removed and added in its new form', () => {
    const lower = { key: (v: string) => v.toLowerCase(), managed: (v: string) => /^smtp:/i.test(v) };
    expect(diffValues(['smtp:a@x', 'X400:c=US', 'smtp:old@x'], ['SMTP:a@x'], lower)).toEqual({
      remove: ['smtp:a@x', 'smtp:old@x'],
      add: ['SMTP:a@x'],
    });
  });

  it('never removes a value the model does not manage', () => {
    const managed = (v: string) => v.startsWith('smtp:');
    expect(diffValues(['X400:c=US', 'smtp:b@x'], [], { managed })).toEqual({ remove: ['smtp:b@x'], add: [] });
  });
});
