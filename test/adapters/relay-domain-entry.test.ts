// A Domain entry in a relay list (ESM's Relay Restrictions > Add > Domain) is refused, with its field, by
// the adapters whose targets hold addresses only, instead of being written as something else.
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/types.js';
import { exchangeEmsAdapter } from '../../src/adapters/exchange-ems/index.js';
import { windows2003Adapter } from '../../src/adapters/windows2003/index.js';
import { postfixDovecotAdapter } from '../../src/adapters/postfix-dovecot/index.js';
import { runbookAdapter } from '../../src/adapters/runbook/index.js';
import { w2003ManualSteps as manualSteps } from '../../src/adapters/windows2003/manual.js';
import { shared } from '../helpers/model-fixtures.js';

const withDomainEntries = () =>
  shared((x) => {
    x.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers = ['10.0.0.20', 'northwindtraders.com'];
    x.pop3.servers[0]!.smtp.relay.computers = ['northwindtraders.com'];
  });

function planFor(adapter: Adapter, server: string) {
  const model = withDomainEntries();
  const target = adapter.exporter.defaultTargets(model).find((t) => t.server === server)!;
  return () => adapter.plan(model, target, adapter.unobserved(model, target));
}

describe('adapters and Domain entries of a relay list', () => {
  it('postfix-dovecot refuses one on the POP3 server and on a gateway, naming the field', () => {
    expect(planFor(postfixDovecotAdapter, 'POP01')).toThrow(
      /pop3\.servers\[0\]\.smtp\.relay\.computers\[0\]: the relay list entry northwindtraders\.com is a Domain .*mynetworks holds addresses only/,
    );
    expect(planFor(postfixDovecotAdapter, 'EX01')).toThrow(
      /exchange\.servers\[0\]\.smtpVirtualServers\[0\]\.relay\.computers\[1\]: the relay list entry northwindtraders\.com is a Domain/,
    );
  });
  it('exchange-ems refuses one (RemoteIPRanges holds addresses only)', () => {
    expect(planFor(exchangeEmsAdapter, 'EX01')).toThrow(
      /exchange\.servers\[0\]\.smtpVirtualServers\[0\]\.relay\.computers\[1\]: is a Domain entry .*RemoteIPRanges/,
    );
  });
  it("windows2003 refuses one in the POP3 server's IPGrant list, and names it as Domain in the Exchange server's manual step", () => {
    expect(planFor(windows2003Adapter, 'POP01')).toThrow(
      /pop3\.servers\[0\]\.smtp\.relay\.computers\[0\]: is a Domain entry .*not DomainGrant/,
    );
    const model = withDomainEntries();
    const target = windows2003Adapter.exporter.defaultTargets(model).find((t) => t.server === 'EX01')!;
    const text = manualSteps(model, target)
      .flatMap((s) => s.lines)
      .join('\n');
    expect(text).toContain(
      'The list must hold exactly: Single computer 10.0.0.20, Domain northwindtraders.com (Add, then Single computer, Group of computers or Domain',
    );
  });
  it('the runbook plans it (its steps are read by a person)', () => {
    expect(planFor(runbookAdapter, 'EX01')).not.toThrow();
  });
});
