// The plan of the Dovecot configuration file coexist owns whole: no change when the target's file has the
// model's lines, and otherwise the lines it removes and adds (through the shared diffValues), or a note that
// only the order differs. Pure: the observed file is given, no Dovecot needed.
import { describe, expect, it } from 'vitest';
import type { Observed } from '../../../src/adapters/types.js';
import { postfixDovecotAdapter } from '../../../src/adapters/postfix-dovecot/index.js';
import type { PostfixState } from '../../../src/adapters/postfix-dovecot/observe.js';
import { scenarioModel } from '../../../src/model/scenarios.js';
import type { TargetT } from '../../../src/model/schema.js';

const model = scenarioModel('shared-domain');
const target: TargetT = { id: 'pop', adapter: 'postfix-dovecot', server: 'POP01' };
const CONF = '/etc/dovecot/conf.d/99-coexist.conf';

function planWithConf(lines: string[] | undefined) {
  const empty = postfixDovecotAdapter.unobserved(model, target) as Observed & { state: PostfixState };
  const state = { ...empty.state, files: { ...empty.state.files } };
  if (lines) state.files[CONF] = { exists: true, lines };
  return postfixDovecotAdapter.plan(model, target, { ...empty, state }).find((c) => c.object.startsWith('Dovecot configuration'));
}

describe('the plan of the Dovecot configuration', () => {
  const wanted = (planWithConf(undefined)?.after ?? '').replace(/\n$/, '').split('\n');

  it('a missing file is created with every line', () => {
    expect(planWithConf(undefined)).toMatchObject({ action: 'create', object: `Dovecot configuration (${CONF})` });
    expect(wanted.length).toBeGreaterThan(3);
  });

  it('the same lines: no change', () => {
    expect(planWithConf(wanted)).toBeUndefined();
  });

  it('lines that differ are listed, removed ones first, then added ones, and the file is written again', () => {
    const had = [...wanted.slice(1), '  # edited by hand', wanted[1]!];
    const change = planWithConf(had);
    expect(change?.action).toBe('update');
    expect(change?.details).toEqual(['-   # edited by hand', `+ ${wanted[0]}`]);
  });

  it('the same lines in another order are written again, and the plan says why', () => {
    const change = planWithConf([...wanted].reverse());
    expect(change?.details).toEqual(['~ the same lines in another order: written again']);
  });
});
