// IIS Manager (remote domain, SMTP service Access and Delivery > Outbound Security, POP3 Service
// domains and mailboxes), Users (Exchange Tasks > Establish E-mail Address) and Clients (Servers tab).
import { afterEach, describe, expect, it } from 'vitest';
import { joined, moveTo, renderConsole, treeText, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

async function find(ui: Harness, filter: string) {
  await ui.press('/');
  await ui.type(filter);
  return ui.press('enter');
}

describe('IIS Manager view', () => {
  it('shows Internet Information Services > POP01 > Default SMTP Virtual Server > Domains and the POP3 Service', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    const s = treeText(await h.press('2'));
    for (const label of [
      'Internet Information Services',
      'POP01 (local computer)',
      'Default SMTP Virtual Server',
      'Domains',
      'pop.northwindtraders.com (Local)',
      'northwindtraders.com (Remote)',
      'POP3 Service',
    ]) {
      expect(s).toContain(label);
    }
    const bottom = treeText(await h.press('G'));
    for (const label of ['POP01', 'pop.northwindtraders.com', 'alice', 'carl']) expect(bottom).toContain(label);
  });

  it('remote domain sheet: "Allow incoming mail to be relayed to this domain" and its smart host; new and delete', async () => {
    h = renderConsole();
    await h.press('2');
    await find(h, 'northwindtraders.com (Remote)');
    let s = await h.press('enter');
    expect(s).toContain('[x] Allow incoming mail to be relayed to this domain');
    expect(s).toContain('Forward all mail to smart host: [10.0.0.10]');
    s = await h.press('j', 'space');
    expect(s).toContain('[ ] Allow incoming mail to be relayed to this domain');
    expect(h.state().model.pop3.servers[0]!.smtp.remoteDomains[0]!.allowRelay).toBe(false);
    await h.press('j', 'enter', 'C-u');
    s = await h.press('enter');
    expect(h.state().model.pop3.servers[0]!.smtp.remoteDomains[0]!.smartHost).toBeUndefined();
    expect(s).toContain('Forward all mail to smart host: (not set)');
    await h.press('esc');
    s = await h.press('n');
    expect(s).toContain('New SMTP Domain (Remote)');
    await h.type('contoso.com');
    s = await h.press('enter');
    expect(treeText(s)).toMatch(/>\s*contoso\.com \(Remote\)/);
    s = await h.press('d');
    expect(s).toContain('Delete remote domain contoso.com?');
    await h.press('right', 'enter');
    expect(h.state().model.pop3.servers[0]!.smtp.remoteDomains.map((d) => d.name)).toEqual(['northwindtraders.com']);
  });

  it('Domains refuses a Remote domain that is already Local (a POP3 domain), with the reason; the Local entry can be deleted there', async () => {
    h = renderConsole();
    await h.press('2');
    await find(h, 'pop.northwindtraders.com (Local)');
    let s = await h.press('n');
    expect(s).toContain('New SMTP Domain (Remote)');
    await h.type('pop.northwindtraders.com');
    s = await h.press('enter');
    expect(joined(s)).toContain(
      '! "pop.northwindtraders.com" is already a Local domain of POP01 (its POP3 domain): IIS holds a domain once, as Local or as Remote',
    );
    expect(h.state().model.pop3.servers[0]!.smtp.remoteDomains.map((d) => d.name)).toEqual(['northwindtraders.com']);
    await h.press('esc');
    s = await h.press('d');
    expect(s).toContain('Delete POP3 domain pop.northwindtraders.com?');
    expect(s).toContain("(the POP3 Service's domain, Local here; its 2 mailbox(es) go with it)");
    await h.press('right', 'enter');
    expect(h.state().model.pop3.servers[0]!.domains).toEqual([]);
  });

  it('SMTP service sheet: Access (authentication, relay) and Delivery > Outbound Security', async () => {
    h = renderConsole();
    await h.press('2');
    await find(h, 'Default SMTP');
    let s = await h.press('p');
    expect(s).toContain('Default SMTP Virtual Server Properties (POP01)');
    expect(s).toContain('[Access]');
    expect(joined(s)).toContain('Relay restrictions: (*) Only the list below ( ) All except the list below');
    s = await h.press(']');
    expect(s).toContain('Outbound Security...');
    expect(s).toMatch(/Authentication:[^\n]*\n(?:[^\n]*\n)*?[^\n]*\(\*\) Integrated Windows Authentication/);
    expect(s).toContain('Account: NWTRADERS\\svc-pop3-relay');
    expect(s).toContain('[x] Password never expires');
    await moveTo(h, 'Authentication');
    s = await h.press('space');
    expect(s).toMatch(/Authentication:[^\n]*\n(?:[^\n]*\n)*?[^\n]*\(\*\) Anonymous access/);
    s = await h.press('space');
    expect(s).toMatch(/Authentication:[^\n]*\n(?:[^\n]*\n)*?[^\n]*\(\*\) Basic authentication/);
    await moveTo(h, 'Account');
    await h.press('enter', 'C-u');
    s = await h.type('svc pop3');
    expect(s).toContain('must be an account as DOMAIN\\user or user@domain');
    await h.press('esc');
    await moveTo(h, 'Password never expires');
    s = await h.press('space');
    expect(s).toMatch(/Findings: \d+ errors?, [1-9]\d* warning/);
    await h.press('esc');
  });

  it('POP3 Service: add and delete a domain and a mailbox', async () => {
    h = renderConsole();
    await h.press('2');
    await find(h, 'pop.northwindtraders.com');
    // The Local entry under Domains comes first; go to the POP3 Service domain.
    await h.press('esc');
    await h.press('G');
    let s = await h.press('n');
    expect(s).toContain('Add Mailbox');
    await h.type('bad name');
    s = await h.screen();
    expect(s).toContain('must be a logon name');
    await h.press('C-u');
    await h.type('dave');
    await h.press('enter');
    expect(h.state().model.pop3.servers[0]!.domains[0]!.mailboxes).toEqual(['alice', 'carl', 'dave']);
    s = await h.press('d');
    expect(s).toContain('Delete mailbox dave@pop.northwindtraders.com?');
    await h.press('esc');
    expect(h.state().model.pop3.servers[0]!.domains[0]!.mailboxes).toHaveLength(3);
    await h.press('d', 'right', 'enter');
    expect(h.state().model.pop3.servers[0]!.domains[0]!.mailboxes).toEqual(['alice', 'carl']);
    await find(h, 'POP01');
    await h.press('esc', 'G', 'k', 'k', 'k');
    expect(h.state().views.iis!.selected).toBe('pop3/0');
    await h.press('n');
    await h.type('pop.contoso.com');
    await h.press('enter');
    expect(h.state().model.pop3.servers[0]!.domains.map((d) => d.name)).toEqual(['pop.northwindtraders.com', 'pop.contoso.com']);
  });
});

describe('Users view', () => {
  it('shows the AD users and Exchange Tasks > Establish E-mail Address; creating and deleting users', async () => {
    h = renderConsole();
    let s = await h.press('3');
    expect(treeText(s)).toContain('Active Directory Users and Computers');
    expect(treeText(s)).toContain('Alice Martin (alice)');
    expect(treeText(s)).toContain('Bob Kelly (bob)');
    await find(h, 'Alice');
    s = await h.press('enter');
    expect(s).toContain('Alice Martin Properties');
    expect(s).toContain('User logon name: alice');
    s = await h.press(']');
    expect(s).toContain('[Exchange Tasks]');
    expect(s).toContain('Establish E-mail Address');
    expect(s).toContain('External E-mail Address: alice@pop.northwindtraders.com');
    await moveTo(h, 'External E-mail Address');
    await h.press('enter', 'C-u');
    s = await h.type('alice@@x');
    expect(s).toMatch(/! .*invalid|! .*must/);
    await h.press('C-u');
    await h.type('alice@northwindtraders.com');
    s = await h.press('enter');
    // Accepted (a valid address), and the rules flag it: the external address is outside the POP3 domain.
    expect(h.state().model.users[0]!.externalAddress).toBe('alice@northwindtraders.com');
    expect(s).toMatch(/Findings: [1-9]\d* error/);
    await h.press('z', 'esc', 'esc');
    s = await h.press('n');
    expect(s).toContain('New Object - User');
    await h.type('dave');
    await h.press('tab');
    await h.type('Dave Smith');
    await h.press('tab');
    await h.type('dave@pop.northwindtraders.com');
    s = await h.press('enter');
    expect(h.state().model.users.at(-1)).toEqual({
      logon: 'dave',
      displayName: 'Dave Smith',
      kind: 'pop3',
      externalAddress: 'dave@pop.northwindtraders.com',
    });
    expect(treeText(s)).toMatch(/>\s*Dave Smith \(dave\)/);
    await find(h, 'Alice');
    s = await h.press('d');
    expect(s).toContain('Delete user alice (Alice Martin)?');
    expect(s).toContain('its 1 Outlook Express account(s) go with it');
    await h.press('right', 'enter');
    expect(h.state().model.users.map((u) => u.logon)).not.toContain('alice');
    expect(h.state().model.clients.map((c) => c.user)).not.toContain('alice');
  });

  it("changing a user's kind keeps the user consistent", async () => {
    h = renderConsole();
    await h.press('3');
    await find(h, 'Bob');
    await h.press('p');
    await moveTo(h, 'Kind');
    await h.press('space');
    expect(h.state().model.users[2]).toEqual({
      logon: 'bob',
      displayName: 'Bob Kelly',
      kind: 'pop3',
      externalAddress: 'bob@pop.northwindtraders.com',
    });
  });
});

describe('Clients view', () => {
  it('Outlook Express account properties: Servers tab, Outgoing mail (SMTP), My server requires authentication', async () => {
    h = renderConsole();
    let s = await h.press('4');
    expect(treeText(s)).toContain('alice@northwindtraders.com (alice)');
    await h.press('j');
    s = await h.press('enter');
    expect(s).toContain('alice@northwindtraders.com Properties');
    expect(s).toContain('E-mail address: alice@northwindtraders.com');
    s = await h.press(']');
    expect(s).toContain('Incoming mail (POP3): pop01.northwindtraders.com');
    expect(s).toContain('Outgoing mail (SMTP): ex01.northwindtraders.com');
    expect(s).toContain('[x] My server requires authentication');
    await moveTo(h, 'My server requires authentication');
    s = await h.press('space');
    expect(s).toContain('[ ] My server requires authentication');
    expect(s).toMatch(/Findings: \d+ errors?, [1-9]\d* warning|Findings: [1-9]\d* error/);
    await h.press('esc');
    s = await h.press('n');
    expect(s).toContain('New Outlook Express account');
    await h.type('nobody');
    await h.press('tab');
    await h.type('nobody@northwindtraders.com');
    s = await h.press('enter');
    expect(s).toContain('"nobody" is not a user of the model');
    await h.press('esc');
    await h.press('n');
    await h.type('bob');
    await h.press('tab');
    await h.type('bob@northwindtraders.com');
    await h.press('enter');
    expect(h.state().model.clients.map((c) => c.user)).toEqual(['alice', 'carl', 'bob']);
    s = await h.press('d');
    expect(s).toContain('Delete the Outlook Express account bob@northwindtraders.com?');
    await h.press('enter');
    expect(h.state().model.clients).toHaveLength(3);
  });
});
