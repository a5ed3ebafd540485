// The mail lab's judgement, without servers: a row that disagrees fails and names its flow.
import { describe, expect, it } from 'vitest';
import { assertAllMatch, formatTable, judge, previewEntry, previewPath, type Row } from '../lab/compare.js';

const delivered: Row = {
  scenario: 'shared-domain',
  flow: 'internet-to-pop3-user',
  preview: { kind: 'delivered', system: 'pop3', server: 'POP01', mailbox: 'alice@pop.northwindtraders.com' },
  reality: { kind: 'delivered', system: 'pop3', server: 'POP01', mailbox: 'Alice@pop.northwindtraders.com', evidence: 'pop3' },
};

describe('judge', () => {
  it('accepts a message found where the preview said', () => {
    expect(judge(delivered).match).toBe(true);
  });

  it('fails a message delivered to another mailbox, another server or another system', () => {
    expect(
      judge({ ...delivered, reality: { ...delivered.reality, mailbox: 'carl@pop.northwindtraders.com' } as Row['reality'] }).why,
    ).toMatch(/mailbox carl@/);
    expect(
      judge({
        ...delivered,
        reality: { kind: 'delivered', system: 'exchange', server: 'EX01', mailbox: 'alice@pop.northwindtraders.com', evidence: '' },
      }).match,
    ).toBe(false);
    expect(
      judge({
        ...delivered,
        reality: { kind: 'delivered', system: 'pop3', server: 'POP02', mailbox: 'alice@pop.northwindtraders.com', evidence: '' },
      }).why,
    ).toMatch(/POP02/);
  });

  it('fails a delivery the servers refused, and a refusal the servers delivered', () => {
    const refused = judge({
      ...delivered,
      reality: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', stage: 'RCPT TO', evidence: '' },
    });
    expect(refused.match).toBe(false);
    expect(refused.why).toBe('the preview says delivered, the servers rejected');
    const probe: Row = {
      scenario: 's',
      flow: 'relay-probe-EX01-R02',
      preview: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', text: '' },
      reality: { kind: 'delivered', system: 'internet', server: 'Internet', mailbox: 'relaytest@example.org', evidence: 'sink' },
    };
    expect(judge(probe).match).toBe(false);
  });

  it('compares who refused and whether permanently, not the wording', () => {
    const row: Row = {
      scenario: 's',
      flow: 'f',
      preview: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', text: 'Unable to relay' },
      reality: { kind: 'rejected', server: 'EX01', code: 554, status: '5.7.1', stage: 'RCPT TO', evidence: 'Relay access denied' },
    };
    expect(judge(row).match).toBe(true);
    expect(judge({ ...row, reality: { ...row.reality, code: 454 } as Row['reality'] }).match).toBe(false);
    expect(judge({ ...row, reality: { ...row.reality, server: 'POP01' } as Row['reality'] }).match).toBe(false);
  });

  it('compares the reporting server and the status of a bounce', () => {
    const row: Row = {
      scenario: 's',
      flow: 'f',
      preview: { kind: 'bounced', server: 'EX01', code: 550, status: '5.1.1', text: '' },
      reality: { kind: 'bounced', server: 'EX01', status: '5.1.1', evidence: '' },
    };
    expect(judge(row).match).toBe(true);
    expect(judge({ ...row, reality: { kind: 'bounced', server: 'EX01', status: '5.4.0', evidence: '' } }).why).toMatch(/5\.4\.0/);
  });

  it('compares the servers of a loop and the one that stopped it', () => {
    const row: Row = {
      scenario: 'same-domain-loop',
      flow: 'internet-to-unknown-user',
      preview: { kind: 'loop', cycle: ['EX01', 'POP01', 'EX01'], server: 'POP01', hopLimit: 15, hops: 16, status: '4.4.6', text: '' },
      reality: { kind: 'loop', server: 'POP01', servers: ['POP01', 'EX01'], hops: 15, status: '5.4.0', evidence: 'too many hops' },
    };
    expect(judge(row).match).toBe(true);
    expect(judge({ ...row, reality: { ...row.reality, server: 'EX01' } as Row['reality'] }).why).toMatch(/stopped by EX01/);
  });

  it("counts the servers before the loop too, as the returned copy's Received: headers name them (seed 4242 model 10)", () => {
    // EX01 takes the Internet message and hands it to EX02; EX02 and EX03 then send it to each other.
    const row: Row = {
      scenario: 'seed4242-model10',
      flow: 'internet-to-pop3-user',
      preview: { kind: 'loop', cycle: ['EX02', 'EX03', 'EX02'], server: 'EX03', hopLimit: 30, hops: 31, status: '4.4.6', text: '' },
      previewPath: ['EX01', 'EX02', 'EX03', 'EX02', 'EX03'],
      reality: { kind: 'loop', server: 'EX03', servers: ['EX03', 'EX02', 'EX01'], hops: 30, status: '5.4.0', evidence: 'too many hops' },
    };
    expect(judge(row).match).toBe(true);
    // A server on neither the way in nor the loop still fails the row.
    expect(judge({ ...row, reality: { ...row.reality, servers: ['EX03', 'EX02', 'EX01', 'POP01'] } as Row['reality'] }).why).toMatch(
      /went round ex01,ex02,ex03,pop01/,
    );
    expect(judge({ ...row, previewPath: ['EX02', 'EX03'] }).why).toMatch(/went round ex01,ex02,ex03, the preview says ex02,ex03/);
    // A report read from the logs has no returned copy (0 Received): only the loop's servers are known.
    const fromLogs = { ...row, reality: { ...row.reality, servers: ['EX03', 'EX02'], hops: 0 } as Row['reality'] };
    expect(judge(fromLogs).match).toBe(true);
  });

  it('never matches a message still queued or not found', () => {
    expect(judge({ ...delivered, reality: { kind: 'deferred', server: 'POP01', evidence: 'connect refused' } }).match).toBe(false);
    expect(
      judge({
        ...delivered,
        preview: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', text: '' },
        reality: { kind: 'lost', evidence: 'nothing' },
      }).match,
    ).toBe(false);
  });
});

describe('first hop and path', () => {
  const trace = (verdict: Row['preview'], servers: string[]) => ({
    recipient: 'x',
    routed: false,
    tricks: [],
    verdict,
    steps: [
      { server: 'Internet', system: 'internet' as const, component: 'DNS' as const, decision: '' },
      ...servers.map((s) => ({ server: s, system: 'exchange' as const, component: 'Routing' as const, decision: '' })),
    ],
  });

  it('reads where the preview enters and whether that server takes it', () => {
    expect(
      previewEntry(trace({ kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', text: '' }, ['EX01']), ['EX01', 'POP01']),
    ).toEqual({ server: 'EX01', accepted: false });
    // Refused by a later hop: the first server answered 250.
    expect(
      previewEntry(trace({ kind: 'rejected', server: 'POP01', code: 550, status: '5.7.1', text: '' }, ['EX01', 'EX01', 'POP01']), [
        'EX01',
        'POP01',
      ]),
    ).toEqual({ server: 'EX01', accepted: true });
    expect(
      previewPath(
        trace({ kind: 'delivered', system: 'internet', server: 'Internet', mailbox: 'a@b.example' }, ['EX01', 'EX01', 'POP01', 'EX01']),
        ['EX01', 'POP01'],
      ),
    ).toEqual(['EX01', 'POP01', 'EX01']);
    // A report written by EX01 for POP01's refusal is not a hop: the path ends where the message ended.
    expect(
      previewPath(trace({ kind: 'bounced', server: 'POP01', code: 550, status: '5.7.1', text: '' }, ['EX01', 'POP01', 'EX01']), [
        'EX01',
        'POP01',
      ]),
    ).toEqual(['EX01', 'POP01']);
    expect(
      previewEntry(trace({ kind: 'delivered', system: 'internet', server: 'Internet', mailbox: 'a@b.example' }, []), ['EX01']),
    ).toEqual({ server: 'Internet', accepted: true });
  });

  it('fails a first hop that answered 250 where the preview refuses, even when both end in a refusal', () => {
    const row: Row = {
      scenario: 's',
      flow: 'f',
      preview: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', text: '' },
      reality: { kind: 'rejected', server: 'EX01', code: 550, status: '5.7.1', stage: 'RCPT TO', evidence: '' },
      entry: { preview: { server: 'EX01', accepted: false }, reality: { server: 'EX01', accepted: true, code: 250 } },
    };
    expect(judge(row).why).toBe('first hop EX01 accepted it (250), the preview says it refused it');
    expect(judge({ ...row, entry: { ...row.entry, reality: { server: 'EX02', accepted: false, code: 550 } } }).why).toMatch(
      /entered at EX02/,
    );
    expect(judge({ ...row, entry: { ...row.entry, reality: { server: 'EX01', accepted: false, code: 550 } } }).match).toBe(true);
  });

  it('compares the servers a delivered message went through', () => {
    const row: Row = {
      ...delivered,
      previewPath: ['EX01', 'POP01'],
      reality: { ...delivered.reality, path: ['EX01', 'POP01'] } as Row['reality'],
    };
    expect(judge(row).match).toBe(true);
    expect(judge({ ...row, reality: { ...row.reality, path: ['EX01', 'EX02', 'POP01'] } as Row['reality'] }).why).toBe(
      'it went EX01 > EX02 > POP01, the preview says EX01 > POP01',
    );
  });

  it('judges only the first hop of a routed address both sides took, and says so', () => {
    const row: Row = {
      ...delivered,
      firstHopOnly: 'routed address',
      reality: { kind: 'bounced', server: 'EX02', status: '5.1.1', evidence: '' },
      entry: { preview: { server: 'EX01', accepted: true }, reality: { server: 'EX01', accepted: true, code: 250 } },
    };
    expect(judge(row).match).toBe(true);
    expect(formatTable([judge(row)])).toMatch(/first hop only: routed address/);
    expect(judge({ ...row, entry: { ...row.entry, reality: { server: 'EX01', accepted: false, code: 550 } } }).match).toBe(false);
  });
});

describe('the lab result', () => {
  it('throws on a mismatched row, naming the scenario and the flow, and the table marks it', () => {
    const good = judge(delivered);
    const bad = judge({
      ...delivered,
      flow: 'exchange-user-to-pop3-user',
      reality: { kind: 'bounced', server: 'POP01', status: '5.1.1', evidence: '' },
    });
    expect(() => assertAllMatch([good])).not.toThrow();
    expect(() => assertAllMatch([good, bad])).toThrow(
      /shared-domain\/exchange-user-to-pop3-user: preview delivered POP01 alice@pop\.northwindtraders\.com; reality NDR 5\.1\.1 from POP01/,
    );
    const table = formatTable([good, bad]);
    expect(table).toMatch(/^flow +\| first hop +\| preview +\| reality/);
    expect(table).toMatch(/^ok {3}shared-domain\/internet-to-pop3-user/m);
    expect(table).toMatch(/^FAIL shared-domain\/exchange-user-to-pop3-user/m);
    expect(table).toMatch(/1\/2 rows match; mismatched: shared-domain\/exchange-user-to-pop3-user$/);
  });
});
