// Reading real messages the lab collected (fixtures are copies of what Postfix wrote into the Internet sink).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNonDeliveryReport, ownToken, readReport, realityOf, returnedTokens, type FoundMessage, type ServerIndex } from '../lab/observe.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'latin1');
const index: ServerIndex = {
  byHost: new Map([
    ['ex01.northwindtraders.com', 'EX01'], ['127.0.1.2', 'EX01'],
    ['pop01.northwindtraders.com', 'POP01'], ['pop01.contoso.com', 'POP01'], ['127.0.1.3', 'POP01'],
    ['sink.internet.invalid', 'Internet'],
  ]),
};
const sink = (text: string): FoundMessage => ({ server: 'Internet', system: 'internet', mailbox: 'x@example.net', via: 'maildir', where: 'sink', text });

describe('reading what the servers did', () => {
  it('a hop-count failure is a loop between the servers in the returned Received: headers, stopped by the Remote-MTA', () => {
    const text = fixture('ndr-loop.eml');
    expect(isNonDeliveryReport(text)).toBe(true);
    expect(ownToken(text)).toBeUndefined();
    expect(returnedTokens(text)).toEqual(['43AA040088']);
    const r = readReport(text, index);
    expect(r).toMatchObject({ kind: 'loop', server: 'POP01', status: '5.4.0' });
    if (r.kind !== 'loop') throw new Error('not a loop');
    expect([...r.servers].sort()).toEqual(['EX01', 'POP01']);
    expect(r.hops).toBeGreaterThan(10);
  });

  it('an unknown user NDR names the server that wrote it and its status', () => {
    expect(readReport(fixture('ndr-pop01-unknown-user.eml'), index)).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1' });
  });

  it('a report written for a refusal in the SMTP dialogue belongs to the refusing server (Remote-MTA)', () => {
    const text = fixture('ndr-pop01-unknown-user.eml')
      .replace('Reporting-MTA: dns; pop01.contoso.com', 'Reporting-MTA: dns; ex01.northwindtraders.com\nRemote-MTA: dns; 127.0.1.3');
    expect(readReport(text, index)).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1' });
  });

  it('a flow is found by its own token: a copy is a delivery, a returned copy a bounce', () => {
    const delivered = fixture('delivered-sink.eml');
    const base = { submittedTo: 'POP01', dialogue: { stage: 'accepted', code: 250, status: '', text: '', transcript: [] }, index, stillQueued: [] };
    expect(realityOf({ ...base, token: '43AA040007', found: [sink(delivered)] })).toMatchObject({ kind: 'delivered', system: 'internet', mailbox: 'x@example.net' });
    expect(realityOf({ ...base, token: '43AA040046', found: [sink(delivered), sink(fixture('ndr-pop01-unknown-user.eml'))] })).toMatchObject({ kind: 'bounced', server: 'POP01' });
    expect(realityOf({ ...base, token: 'NOPE', found: [sink(delivered)] })).toMatchObject({ kind: 'lost' });
    expect(realityOf({ ...base, token: 'NOPE', found: [], stillQueued: [{ server: 'POP01', sender: 'lab-nope@example.net', detail: 'deferred' }] })).toMatchObject({ kind: 'deferred', server: 'POP01' });
  });

  it('a POP3 mailbox copy counts only when read back over POP3', () => {
    const copy: FoundMessage = { ...sink(fixture('delivered-sink.eml')), server: 'POP01', system: 'pop3' };
    const base = { token: '43AA040007', submittedTo: 'EX01', dialogue: undefined, index, stillQueued: [] };
    expect(realityOf({ ...base, found: [copy] })).toMatchObject({ kind: 'lost' });
    expect(realityOf({ ...base, found: [{ ...copy, via: 'pop3' }] })).toMatchObject({ kind: 'delivered', server: 'POP01' });
  });

  it('an SMTP refusal is a rejection by the server talked to; a failed AUTH or connection is the lab\'s own failure', () => {
    const base = { token: 'T', submittedTo: 'EX01', found: [], index, stillQueued: [] };
    expect(realityOf({ ...base, dialogue: { stage: 'RCPT TO', code: 550, status: '5.7.1', text: '5.7.1 Relay access denied', transcript: [] } }))
      .toMatchObject({ kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1' });
    expect(realityOf({ ...base, dialogue: { stage: 'AUTH', code: 535, status: '5.7.8', text: 'authentication failed', transcript: [] } })).toMatchObject({ kind: 'lost' });
    expect(realityOf({ ...base, dialogue: { stage: 'connect', code: 0, status: '', text: 'ECONNREFUSED', transcript: [] } })).toMatchObject({ kind: 'lost' });
  });
});
