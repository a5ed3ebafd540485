// Exchange Tasks > Establish E-mail Address on several users at once, as ADUC's multi-selection: Space
// selects users, e runs the task, each user gets <logon>@<domain>. One bad user refuses the whole task with
// a message that names the user and what is wrong, and nothing is half applied.
import { afterEach, describe, expect, it } from 'vitest';
import { joined, renderConsole, selectedLine, type Harness } from '../helpers/console.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { ModelSchema } from '../../src/model/schema.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

function model() {
  const m = structuredClone(scenarioModel('shared-domain'));
  m.users.push(
    { logon: 'dave', displayName: 'Dave Smith', kind: 'pop3' },
    { logon: 'erin', displayName: 'Erin Roy', kind: 'pop3' },
    { logon: 'frank.', displayName: 'Frank Dot', kind: 'pop3' },
  );
  return ModelSchema.parse(m);
}

async function goTo(ui: Harness, label: string) {
  for (let i = 0; i < 20; i++) {
    if (selectedLine(ui.screen()).includes(label)) return;
    await ui.press('j');
  }
  throw new Error(`no row ${label}\n${ui.screen()}`);
}

const external = (ui: Harness, logon: string) => ui.state().model.users.find((u) => u.logon === logon)?.externalAddress;

describe('Establish E-mail Address on several users (view 3)', () => {
  it('Space selects users, e sets <logon>@domain for all of them in one edit; z undoes it', async () => {
    h = renderConsole({ model: model() });
    await h.press('3');
    await goTo(h, 'Dave Smith (dave)');
    let s = await h.press('space');
    expect(selectedLine(s)).toContain('* Dave Smith (dave)');
    await goTo(h, 'Erin Roy (erin)');
    s = await h.press('space');
    expect(s).toContain('2 user(s) selected');
    s = await h.press('e');
    expect(s).toContain('Exchange Tasks: Establish E-mail Address (2 users: dave, erin)');
    expect(s).toContain('External E-mail Address: @pop.northwindtraders.com');
    // The hint is read whole at 80 columns, not cut.
    expect(s).toMatch(/each user gets <logon>@pop\.northwindtraders\.com(?!\S)/);
    s = await h.press('enter');
    expect(external(h, 'dave')).toBe('dave@pop.northwindtraders.com');
    expect(external(h, 'erin')).toBe('erin@pop.northwindtraders.com');
    expect(external(h, 'frank.')).toBeUndefined();
    expect(h.state().undo).toHaveLength(1);
    await h.press('z');
    expect(external(h, 'dave')).toBeUndefined();
    expect(external(h, 'erin')).toBeUndefined();
  });

  it('refuses the whole task when one selected user has an Exchange mailbox or would get an invalid address, naming them', async () => {
    h = renderConsole({ model: model() });
    await h.press('3');
    await goTo(h, 'Bob Kelly (bob)');
    await h.press('space');
    await goTo(h, 'Dave Smith (dave)');
    await h.press('space', 'e', 'enter');
    let s = h.screen();
    expect(joined(s)).toContain('users[2] Bob Kelly (bob) has an Exchange mailbox: Establish E-mail Address is for users without one');
    expect(external(h, 'dave')).toBeUndefined();
    // Clear Bob, select Frank: "frank.@..." is not an address.
    await h.press('esc');
    await goTo(h, 'Frank Dot (frank.)');
    await h.press('space');
    await h.press('k', 'k', 'k', 'k');
    await goTo(h, 'Bob Kelly (bob)');
    await h.press('space', 'e');
    s = await h.press('enter');
    expect(joined(s)).toContain(
      'users[5] Frank Dot (frank.): External E-mail Address "frank.@pop.northwindtraders.com" has an invalid local part "frank."; nothing was changed',
    );
    expect(external(h, 'dave')).toBeUndefined();
    expect(external(h, 'frank.')).toBeUndefined();
    // A value without @domain is refused at the field, as typed.
    await h.press('C-u');
    s = await h.type('pop.northwindtraders.com');
    expect(joined(s)).toContain('type @ and the POP3 domain');
  });

  it('e on one user without a selection: a full address is accepted too; Space elsewhere says what it does', async () => {
    h = renderConsole({ model: model() });
    let s = await h.press('space');
    expect(joined(s)).toContain('Space selects users (view 3, Active Directory users)');
    await h.press('3');
    await goTo(h, 'Erin Roy (erin)');
    s = await h.press('e');
    expect(s).toContain('Establish E-mail Address (erin)');
    await h.press('C-u');
    await h.type('erin.roy@pop.northwindtraders.com');
    await h.press('enter');
    expect(external(h, 'erin')).toBe('erin.roy@pop.northwindtraders.com');
  });
});
