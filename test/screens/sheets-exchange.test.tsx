// Property sheets of System Manager: recipient policy (General, E-Mail Addresses (Policy)), SMTP
// connector (General, Address Space), the Exchange virtual server (Access > Relay restrictions).
import { afterEach, describe, expect, it } from 'vitest';
import { joined, moveTo, renderConsole, selectedLine, type Harness } from '../helpers/console.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { validate } from '../../src/model/rules/index.js';

const scenarioFilter = scenarioModel('shared-domain').exchange.recipientPolicies[1]!.filter;

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

async function openNode(ui: Harness, filter: string) {
  await ui.press('/');
  await ui.type(filter);
  await ui.press('enter', 'p');
  return ui.screen();
}

describe('recipient policy sheet', () => {
  it('has General and E-Mail Addresses (Policy): New, Set as Primary and the responsibility box', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    let s = await openNode(h, 'POP User');
    expect(s).toContain('POP User Addresses Properties');
    expect(s).toContain('[General]');
    // Every option of the filter is on screen, as ESM's radio buttons: nothing is cycled blind.
    expect(s).toMatch(
      /Filter rules:[^\n]*\n[^\n]*\( \) All recipients[^\n]*\n[^\n]*\(\*\) Users with external e-mail addresses[^\n]*\n[^\n]*\( \) /,
    );
    await moveTo(h, 'Filter rules');
    s = await h.press('enter');
    expect(s).toMatch(/> +\(\*\) Users with external e-mail addresses/);
    s = await h.press('up');
    expect(s).toMatch(/> +\( \) All recipients/);
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe(scenarioFilter);
    s = await h.press('esc');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe(scenarioFilter);
    await h.press('enter', 'up', 'enter');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).not.toBe(scenarioFilter);
    s = await h.press('z');
    s = await h.press(']');
    expect(s).toContain('[E-Mail Addresses (Policy)]');
    expect(s).toContain('SMTP (Primary): @pop.northwindtraders.com');
    expect(joined(s)).toContain('[ ] This Exchange Organization is responsible for all mail delivery to this address');
    expect(joined(s)).toContain('[x] This Exchange Organization is responsible for all mail delivery to this address');
    // New...: a bad address is refused at the field, a good one is added.
    await moveTo(h, 'New...');
    s = await h.press('enter');
    expect(s).toContain('New SMTP Address');
    s = await h.type('pop.example.com');
    expect(s).toContain('must be an SMTP address template of the form @domain');
    s = await h.press('enter');
    expect(s).toContain('New SMTP Address');
    await h.press('C-u');
    await h.type('@contoso.com');
    s = await h.press('enter');
    expect(s).toContain('SMTP: @contoso.com');
    expect(h.state().model.exchange.recipientPolicies[1]!.addresses.map((a) => a.address)).toEqual([
      '@pop.northwindtraders.com',
      '@northwindtraders.com',
      '@contoso.com',
    ]);
    // Set as Primary on the new address: exactly one primary.
    expect(selectedLine(h.screen())).toContain('SMTP: @contoso.com');
    s = await h.press('m');
    // ESM's question after Set as Primary, as the seed shows it; No (the first button) changes nothing.
    expect(s.replace(/[|\s]+/g, ' ')).toContain(
      'Do you want to update all corresponding recipient e-mail addresses to match these new address(es)?',
    );
    s = await h.press('enter');
    expect(
      h
        .state()
        .model.exchange.recipientPolicies[1]!.addresses.filter((a) => a.primary)
        .map((a) => a.address),
    ).toEqual(['@pop.northwindtraders.com']);
    await h.press('m');
    s = await h.press('right', 'enter');
    const addresses = h.state().model.exchange.recipientPolicies[1]!.addresses;
    expect(addresses.filter((a) => a.primary).map((a) => a.address)).toEqual(['@contoso.com']);
    expect(s).toContain('SMTP (Primary): @contoso.com');
    // Clearing responsibility for the shared domain: a checkbox toggle with Space.
    await h.press('z', 'z', 'g');
    await moveTo(h, 'SMTP: @northwindtraders.com');
    await h.press('j');
    s = await h.press('space');
    expect(h.state().model.exchange.recipientPolicies[1]!.addresses[1]!.responsible).toBe(false);
  });

  it('refuses a duplicate policy name at the field with the message, keeping the model', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await openNode(h, 'POP User');
    await h.press('enter', 'C-u');
    await h.type('Default Policy');
    const s = await h.press('enter');
    expect(s).toContain('! a recipient policy named "Default Policy" already exists');
    expect(h.state().model.exchange.recipientPolicies[1]!.name).toBe('POP User Addresses');
    await h.press('esc');
    expect(h.screen()).toContain('Name: POP User Addresses');
  });

  it('creates a recipient policy with n and deletes it with d (Cancel is the default)', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('/');
    await h.type('Recipient Pol');
    await h.press('enter');
    let s = await h.press('n');
    expect(s).toContain('New Recipient Policy');
    await h.type('Contoso');
    await h.press('tab');
    await h.type('@contoso.com');
    s = await h.press('enter');
    expect(h.state().model.exchange.recipientPolicies.map((p) => p.name)).toContain('Contoso');
    await h.press('esc');
    await h.press('/');
    await h.type('Contoso');
    await h.press('enter');
    s = await h.press('d');
    expect(s).toContain('Delete recipient policy "Contoso"?');
    expect(s).toMatch(/>\[ Cancel \]/);
    await h.press('enter');
    expect(h.state().model.exchange.recipientPolicies.map((p) => p.name)).toContain('Contoso');
    await h.press('d', 'right');
    s = await h.press('enter');
    expect(h.state().model.exchange.recipientPolicies.map((p) => p.name)).not.toContain('Contoso');
  });
});

describe('SMTP connector sheet', () => {
  it('General: smart hosts validate as you type; Address Space: cost and "Allow messages to be relayed to these domains"', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    let s = await openNode(h, 'POP3 Conn');
    expect(s).toContain('Forward all mail through this connector to the following smart hosts:');
    expect(s).toContain('Local bridgeheads:');
    await moveTo(h, 'Smart host: [10.0.0.20]');
    await h.press('enter', 'C-u');
    s = await h.type('10.0.0.20');
    expect(s).toContain('is an IP address without square brackets; write [10.0.0.20]');
    s = await h.press('enter');
    expect(h.state().model.exchange.connectors[0]!.smartHosts).toEqual(['[10.0.0.20]']);
    await h.press('esc');
    s = await h.press(']');
    expect(s).toContain('[Address Space]');
    expect(s).toContain('SMTP: pop.northwindtraders.com');
    expect(s).toContain('Cost: 1');
    expect(s).toContain('[ ] Allow messages to be relayed to these domains');
    await moveTo(h, 'Cost: 1');
    await h.press('enter', 'C-u');
    s = await h.type('500');
    expect(s).toContain('must be from 1 to 100');
    await h.press('C-u');
    await h.type('5');
    await h.press('enter');
    expect(h.state().model.exchange.connectors[0]!.addressSpaces[0]!.cost).toBe(5);
    await moveTo(h, 'Allow messages to be relayed');
    s = await h.press('enter');
    expect(s).toContain('[x] Allow messages to be relayed to these domains');
    expect(h.state().model.exchange.connectors[0]!.allowRelay).toBe(true);
  });

  it('adding * as an address space is accepted but the open-relay finding appears; removing the last space is refused', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await openNode(h, 'POP3 Conn');
    await h.press(']');
    await moveTo(h, 'SMTP: pop.northwindtraders.com');
    let s = await h.press('d', 'right', 'enter');
    expect(s.replace(/\s+/g, ' ')).toContain('Refused: POP3 Connector > Address Space: needs at least one address space');
    expect(h.state().model.exchange.connectors[0]!.addressSpaces).toHaveLength(1);
    await h.press('n');
    await h.type('*');
    s = await h.press('enter');
    expect(s).toMatch(/Findings: [1-9]\d* error/);
    expect(s).toContain('SMTP: *');
  });

  it('creates a connector from the Connectors container and deletes it', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('/');
    await h.type('Connectors');
    await h.press('enter');
    let s = await h.press('n');
    expect(s).toContain('New SMTP Connector');
    await h.type('Contoso Connector');
    await h.press('tab');
    await h.type('pop.contoso.com');
    await h.press('tab');
    await h.type('[10.0.0.20]');
    s = await h.press('enter');
    const c = h.state().model.exchange.connectors[1]!;
    expect(c).toEqual({
      name: 'Contoso Connector',
      smartHosts: ['[10.0.0.20]'],
      bridgeheads: ['EX01'],
      addressSpaces: [{ type: 'SMTP', domain: 'pop.contoso.com', cost: 1 }],
      allowRelay: false,
    });
    expect(s).toMatch(/\|>\s+Contoso Connector/);
    s = await h.press('d');
    expect(s).toContain('Delete connector "Contoso Connector"?');
    await h.press('tab', 'enter');
    expect(h.state().model.exchange.connectors).toHaveLength(1);
  });
});

describe('Exchange SMTP virtual server sheet', () => {
  it("Access: Relay restrictions with the seed's labels; relay entries validate; authenticated relay box", async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    let s = await openNode(h, 'Default SMTP');
    expect(s).toContain('Default SMTP Virtual Server Properties (EX01)');
    s = await h.press(']');
    expect(s).toContain('Relay restrictions: (*) Only the list below  ( ) All except the list below');
    expect(s).toContain('Single computer: 10.0.0.20');
    await moveTo(h, 'Add... Domain');
    s = await h.press('j');
    expect(joined(s)).toContain('[x] Allow all computers which successfully authenticate to relay, regardless of the list above');
    await h.press('k', 'k', 'k');
    expect(selectedLine(h.screen())).toContain('Add... Single computer');
    await h.press('enter');
    s = await h.type('10.0.0.1/8');
    expect(s).toContain('has host bits set; did you mean 10.0.0.0/8?');
    await h.press('C-u');
    await h.type('10.0.0.30');
    await h.press('enter');
    expect(h.state().model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual(['10.0.0.20', '10.0.0.30']);
    await h.press('g');
    await moveTo(h, 'Relay restrictions');
    s = await h.press('space');
    expect(s).toContain('(*) All except the list below');
    expect(s).toMatch(/relay\.all-except|all except/i);
    s = await h.press('[');
    s = await h.press('[');
    expect(s).toContain('[Messages]');
    expect(s).toContain('Forward all mail with unresolved recipients to host: (not set)');
  });
  it("Relay restrictions > Add: Single computer, Group of computers (subnet address and mask) and Domain, as ESM's Computer dialog", async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await openNode(h, 'Default SMTP');
    let s = await h.press(']');
    await moveTo(h, 'Add... Group of computers');
    s = await h.press('enter');
    expect(s).toContain('Computer: Group of computers');
    await h.type('10.0.1.0');
    s = await h.press('tab');
    await h.type('255.0.255.0');
    s = await h.press('enter');
    expect(joined(s)).toContain('not a subnet mask: its one bits must be contiguous');
    await h.press('C-u');
    await h.type('255.255.255.0');
    s = await h.press('enter');
    expect(h.state().model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual(['10.0.0.20', '10.0.1.0/24']);
    expect(s).toContain('Group of computers: 10.0.1.0/24');
    await moveTo(h, 'Add... Domain');
    s = await h.press('enter');
    expect(s).toContain('Computer: Domain');
    s = await h.type('10.0.0.40');
    expect(joined(s)).toContain('enter a domain name');
    await h.press('C-u');
    await h.type('NorthwindTraders.com');
    s = await h.press('enter');
    expect(h.state().model.exchange.servers[0]!.smtpVirtualServers[0]!.relay.computers).toEqual([
      '10.0.0.20',
      '10.0.1.0/24',
      'northwindtraders.com',
    ]);
    expect(s).toContain('Domain: northwindtraders.com');
    // The rules say what a Domain entry lets relay (reverse DNS), at the entry.
    const f = validate(h.state().model).find((x) => x.path === 'exchange.servers[0].smtpVirtualServers[0].relay.computers[2]');
    expect(f?.message).toMatch(/northwindtraders\.com \(Domain\) lets every computer whose name, by reverse DNS/);
  });
  it('New Recipient Policy with a name already used: the reason in words under Name, nothing created', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await h.press('/');
    await h.type('Recipient Pol');
    await h.press('enter');
    await h.press('n');
    await h.type('POP User Addresses');
    await h.press('tab');
    await h.type('@contoso.com');
    const s = await h.press('enter');
    const lines = s.split('\n');
    const name = lines.findIndex((l) => l.includes('Name: POP User Addresses'));
    expect(name).toBeGreaterThan(0);
    expect(lines[name + 1]).toContain('! a recipient policy named "POP User Addresses" already exists');
    expect(s).not.toContain('exchange.recipientPolicies[');
    expect(h.state().model.exchange.recipientPolicies).toHaveLength(2);
    // The cursor is on Name: typing fixes it there.
    await h.type(' 2');
    await h.press('enter', 'enter');
    expect(h.state().model.exchange.recipientPolicies.map((p) => p.name)).toContain('POP User Addresses 2');
  });
});
