// Reading real messages the lab collected (fixtures are copies of what Postfix wrote into the Internet sink).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bouncesInLogs,
  isNonDeliveryReport,
  ownToken,
  readReport,
  realityOf,
  receivedPath,
  returnedTokens,
  topHeaders,
  type FoundMessage,
  type ServerIndex,
} from '../lab/observe.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'latin1');
const index: ServerIndex = {
  byHost: new Map([
    ['ex01.northwindtraders.com', 'EX01'],
    ['127.0.1.2', 'EX01'],
    ['pop01.northwindtraders.com', 'POP01'],
    ['pop01.contoso.com', 'POP01'],
    ['127.0.1.3', 'POP01'],
    ['sink.internet.invalid', 'Internet'],
  ]),
};
const sink = (text: string): FoundMessage => ({
  server: 'Internet',
  system: 'internet',
  mailbox: 'x@example.net',
  via: 'maildir',
  where: 'sink',
  text,
});

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
    const text = fixture('ndr-pop01-unknown-user.eml').replace(
      'Reporting-MTA: dns; pop01.contoso.com',
      'Reporting-MTA: dns; ex01.northwindtraders.com\nRemote-MTA: dns; 127.0.1.3',
    );
    expect(readReport(text, index)).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1' });
  });

  it('a flow is found by its own token: a copy is a delivery, a returned copy a bounce', () => {
    const delivered = fixture('delivered-sink.eml');
    const base = {
      submittedTo: 'POP01',
      dialogue: { stage: 'accepted', code: 250, status: '', text: '', transcript: [] },
      index,
      stillQueued: [],
    };
    expect(realityOf({ ...base, token: '43AA040007', found: [sink(delivered)] })).toMatchObject({
      kind: 'delivered',
      system: 'internet',
      mailbox: 'x@example.net',
    });
    expect(
      realityOf({ ...base, token: '43AA040046', found: [sink(delivered), sink(fixture('ndr-pop01-unknown-user.eml'))] }),
    ).toMatchObject({ kind: 'bounced', server: 'POP01' });
    expect(realityOf({ ...base, token: 'NOPE', found: [sink(delivered)] })).toMatchObject({ kind: 'lost' });
    expect(
      realityOf({
        ...base,
        token: 'NOPE',
        found: [],
        stillQueued: [{ server: 'POP01', sender: 'lab-nope@example.net', detail: 'deferred' }],
      }),
    ).toMatchObject({ kind: 'deferred', server: 'POP01' });
  });

  it('a POP3 mailbox copy counts only when read back over POP3', () => {
    const copy: FoundMessage = { ...sink(fixture('delivered-sink.eml')), server: 'POP01', system: 'pop3' };
    const base = { token: '43AA040007', submittedTo: 'EX01', dialogue: undefined, index, stillQueued: [] };
    expect(realityOf({ ...base, found: [copy] })).toMatchObject({ kind: 'lost' });
    expect(realityOf({ ...base, found: [{ ...copy, via: 'pop3' }] })).toMatchObject({ kind: 'delivered', server: 'POP01' });
  });

  it("an SMTP refusal is a rejection by the server talked to; a failed AUTH or connection is the lab's own failure", () => {
    const base = { token: 'T', submittedTo: 'EX01', found: [], index, stillQueued: [] };
    expect(
      realityOf({ ...base, dialogue: { stage: 'RCPT TO', code: 550, status: '5.7.1', text: '5.7.1 Relay access denied', transcript: [] } }),
    ).toMatchObject({ kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1' });
    expect(
      realityOf({ ...base, dialogue: { stage: 'AUTH', code: 535, status: '5.7.8', text: 'authentication failed', transcript: [] } }),
    ).toMatchObject({ kind: 'lost' });
    expect(realityOf({ ...base, dialogue: { stage: 'connect', code: 0, status: '', text: 'ECONNREFUSED', transcript: [] } })).toMatchObject(
      { kind: 'lost' },
    );
  });
});

describe('the path and the logs', () => {
  it('the servers a message went through come from its Received: headers, first to last, without the sink', () => {
    expect(receivedPath(topHeaders(fixture('delivered-sink.eml')), index)).toEqual(['POP01', 'EX01']);
  });

  it('a report carries the path of the returned message up to the server that refused it', () => {
    const r = readReport(fixture('ndr-pop01-unknown-user.eml'), index);
    expect(r).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1', path: ['EX01', 'POP01'] });
  });

  it('a bounce whose report reached nobody is read from the log of the server that bounced it', () => {
    const log = [
      'Dec 03 08:01:42 pop01 postfix-pop01/qmgr[1]: 431B6B1EE5A: from=<lab-43aa040099@example.net>, size=600, nrcpt=1 (queue active)',
      'Dec 03 08:01:42 pop01 postfix-pop01/smtp[2]: 431B6B1EE5A: to=<a@b.example>, relay=127.0.1.2[127.0.1.2]:25, delay=0.2, dsn=5.7.1, status=bounced (host 127.0.1.2[127.0.1.2] said: 550 5.7.1 <a@b.example>: Relay access denied (in reply to RCPT TO command))',
      'Dec 03 08:01:42 pop01 postfix-pop01/cleanup[1]: 5555555555: message-id=<43AA040100@lab.coexist.invalid>',
      'Dec 03 08:01:42 pop01 postfix-pop01/qmgr[1]: 5555555555: from=<alice@pop.contoso.com>, size=600, nrcpt=1 (queue active)',
      'Dec 03 08:01:42 pop01 postfix-pop01/virtual[3]: 5555555555: to=<x@pop.contoso.com>, relay=virtual, dsn=5.1.1, status=bounced (unknown user: "x@pop.contoso.com")',
    ].join('\n');
    const fates = bouncesInLogs([{ server: 'POP01', text: log }], index);
    expect(fates.get('43aa040099')).toMatchObject({ kind: 'bounced', server: 'EX01', status: '5.7.1' });
    expect(fates.get('43aa040100')).toMatchObject({ kind: 'bounced', server: 'POP01', status: '5.1.1' });
    expect(
      realityOf({
        token: '43AA040100',
        submittedTo: 'POP01',
        dialogue: { stage: 'accepted', code: 250, status: '', text: '', transcript: [] },
        found: [],
        index,
        stillQueued: [],
        logged: fates,
      }),
    ).toMatchObject({ kind: 'bounced', server: 'POP01' });
  });
});
