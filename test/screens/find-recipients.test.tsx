// The seed's « Rechercher » step: a recipient policy's Filter rules > Modify... opens Find Exchange
// Recipients (Users, Contacts, and Groups; Exchange tab; Find Now) and shows which users the filter
// matches; a user who is not a POP3 user is marked, as the seed's note warns, and the rule says so too.
import { afterEach, describe, expect, it } from 'vitest';
import { joined, renderConsole, selectedLine, type Harness } from '../helpers/console.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { ModelSchema } from '../../src/model/schema.js';
import { validate } from '../../src/model/rules/index.js';
import { findExchangeRecipients, sweptIn } from '../../src/model/recipient-filter.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** The seed's example with a mail-enabled user whose external address is not a POP3 mailbox (a partner's address). */
function withConsultant() {
  const m = structuredClone(scenarioModel('shared-domain'));
  m.users.push({ logon: 'dana', displayName: 'Dana Consultant', kind: 'pop3', externalAddress: 'dana@partner.example' });
  return ModelSchema.parse(m);
}

async function openModify(ui: Harness) {
  await ui.press('/');
  await ui.type('POP User');
  await ui.press('enter', 'p');
  for (let i = 0; i < 10 && !selectedLine(ui.screen()).includes('Modify...'); i++) await ui.press('j');
  expect(selectedLine(ui.screen())).toContain('Modify... (Find Exchange Recipients');
  return ui.press('enter');
}

describe('Find Exchange Recipients (Filter rules > Modify...)', () => {
  it("shows the seed's dialog and, on Find Now, only the POP3 users for the seed's filter", async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    let s = await openModify(h);
    expect(s).toContain('Find Exchange Recipients');
    expect(s).toContain('Find: Users, Contacts, and Groups');
    expect(s).toContain('[Exchange]');
    expect(s).toContain('[x] Show only Exchange recipients');
    expect(s).toContain('[ ] Users with Exchange mailbox');
    expect(s).toContain('[x] Users with external e-mail addresses');
    s = await h.press('enter'); // Find Now (the cursor starts on it)
    expect(s).toContain('Search results (Users with external e-mail addresses): 2 found');
    expect(s).toMatch(/Alice Martin \(alice\) +alice@pop\.northwindtraders\.com +POP3 user/);
    expect(s).toMatch(/Carl Dubois \(carl\) +carl@pop\.northwindtraders\.com +POP3 user/);
    expect(s).not.toContain('Bob Kelly');
    expect(s).toContain('Only POP3 users are found, as the seed asks.');
    s = await h.press('esc');
    expect(s).toContain('POP User Addresses Properties');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe('users-with-external-addresses');
  });

  it('marks a found user who is not a POP3 user, and OK sets the filter the boxes say', async () => {
    h = renderConsole({ model: withConsultant() });
    await h.waitForText('System Manager');
    let s = await openModify(h);
    s = await h.press('f');
    expect(s).toContain('3 found');
    expect(joined(s)).toContain(
      "1 of them is not a POP3 user and would get this policy's addresses: the seed's filter assumes the POP3 users are the only users with external addresses",
    );
    expect(s).toMatch(/! Dana Consultant \(dana\) +dana@partner\.example/);
    expect(joined(s)).toMatch(/dana@partner\.example +not a POP3 user: external address dana@partner\.example is not in a POP3 domain/);
    // Tick "Users with Exchange mailbox" too: Bob's mailbox would get @pop.northwindtraders.com as primary.
    await h.press('k', 'k', 'k');
    expect(selectedLine(h.screen())).toContain('Users with Exchange mailbox');
    s = await h.press('space');
    expect(s).toContain('[x] Users with Exchange mailbox');
    s = await h.press('f');
    expect(s).toContain('4 found');
    expect(joined(s)).toMatch(/! Bob Kelly \(bob\) +mailbox on EX01 +not a POP3 user: an Exchange mailbox user/);
    await h.press('j'); // OK
    expect(selectedLine(h.screen())).toContain('>[ OK ]<');
    s = await h.press('enter');
    expect(s).toContain('POP User Addresses Properties');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe('all');
    const f = validate(h.state().model).filter((x) => x.rule === 'policy.filter-matches-non-pop3-users');
    expect(f).toHaveLength(1);
    expect(f[0]!.path).toBe('exchange.recipientPolicies[1].filter');
    expect(f[0]!.message).toMatch(/matches 2 user\(s\) who are not POP3 users.*primary @pop\.northwindtraders\.com/);
    expect(f[0]!.severity).toBe('warning');
    // z undoes it like any edit.
    await h.press('esc', 'z');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe('users-with-external-addresses');
  });

  it('refuses Find Now and OK with no box ticked, saying why; the filter is unchanged', async () => {
    h = renderConsole();
    await h.waitForText('System Manager');
    await openModify(h);
    await h.press('k', 'space');
    expect(h.screen()).toContain('[ ] Users with external e-mail addresses');
    let s = await h.press('f');
    expect(joined(s)).toContain('Tick "Users with Exchange mailbox" or "Users with external e-mail addresses"');
    await h.press('j', 'j');
    s = await h.press('enter');
    expect(s).toContain('Find Exchange Recipients');
    expect(h.state().model.exchange.recipientPolicies[1]!.filter).toBe('users-with-external-addresses');
  });
});

describe('the model side', () => {
  it('a higher-priority policy that catches a user first: not swept in by the lower one', () => {
    const m = structuredClone(withConsultant());
    m.exchange.recipientPolicies.push({
      name: 'Partners',
      priority: 1,
      filter: 'users-with-external-addresses',
      addresses: [{ type: 'SMTP', address: '@partner.example', primary: true, responsible: false }],
    });
    m.exchange.recipientPolicies[1]!.priority = 2;
    const model = ModelSchema.parse(m);
    expect(sweptIn(model, 1)).toEqual([]);
    expect(findExchangeRecipients(model, 'users-with-external-addresses').map((f) => f.applied?.name)).toEqual([
      'Partners',
      'Partners',
      'Partners',
    ]);
    expect(validate(withConsultant()).some((f) => f.rule === 'policy.filter-matches-non-pop3-users')).toBe(true);
    expect(validate(scenarioModel('shared-domain')).some((f) => f.rule === 'policy.filter-matches-non-pop3-users')).toBe(false);
  });
});
