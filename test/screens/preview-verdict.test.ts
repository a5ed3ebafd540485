// The preview's verdict line for the verdict kinds added by issue 11: a relay is visibly a relay.
import { describe, expect, it } from 'vitest';
import { verdictLine } from '../../src/screens/components/PreviewPane.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { shared } from '../helpers/model-fixtures.js';

describe("the preview's verdict line", () => {
  it('an accepted-then-bounced message from a stranger reads as an open relay at the first server, then the NDR', () => {
    const m = shared((x) => {
      x.exchange.connectors.push({
        name: 'Partner',
        smartHosts: ['[10.0.0.20]'],
        bridgeheads: ['EX01'],
        addressSpaces: [{ type: 'SMTP', domain: 'example.org', cost: 1 }],
        allowRelay: true,
      });
    });
    const line = verdictLine(simulate(m, { recipient: 'victim@example.org', origin: { kind: 'internet' }, via: 'EX01' }).verdict);
    expect(line.tone).toBe('error');
    expect(line.text).toMatch(/^OPEN RELAY at EX01: accepted for an Internet stranger, then BOUNCED 5\.7\.1 at POP01/);
  });
  it('an owned domain without an MX reads as unreachable from the Internet', () => {
    const line = verdictLine(simulate(shared(), { recipient: 'alice@pop.northwindtraders.com', origin: { kind: 'internet' } }).verdict);
    expect(line).toEqual({
      tone: 'error',
      text: 'UNREACHABLE from the Internet: pop.northwindtraders.com has no MX record: not reachable from the Internet',
    });
  });
});
