// Answers every page of the wizard by keys with the seed's example values.
import type { ScenarioId } from '../../src/model/scenarios.js';
import { KEY, type startWizard } from './drive.js';
import { SEED_USERS } from './seed-answers.js';

type Driver = ReturnType<typeof startWizard>;

export async function completeWizard(w: Driver, scenario: ScenarioId, users: { csv: string } | 'by-hand'): Promise<void> {
  const shared = scenario === 'shared-domain';
  await w.press(KEY.enter); // Welcome
  await w.waitForText('Step 2 of 9: Scenario');
  if (!shared) await w.press(KEY.right);
  await w.press(KEY.enter);
  await w.waitForText('Step 3 of 9: Domains');
  await w.type('Northwind Traders');
  await w.press(KEY.enter);
  await w.type('northwindtraders.com');
  await w.press(KEY.enter);
  if (shared)
    await w.waitForText('Enter keeps the suggestion'); // pop.northwindtraders.com, accepted
  else await w.type('pop.contoso.com');
  await w.press(KEY.enter);
  await w.press(KEY.enter); // Runbook language: English and French
  if (shared) await w.press(KEY.enter); // the policy name: the seed's, accepted
  await w.waitForText('Step 4 of 9: Exchange servers');
  await w.type('EX01');
  await w.press(KEY.enter);
  await w.type('ex01.northwindtraders.com');
  await w.press(KEY.enter);
  await w.type('10.0.0.10');
  await w.press(KEY.enter, KEY.pageDown); // "Takes Internet mail" is already ticked
  await w.waitForText('Step 5 of 9: POP3 server');
  await w.type('POP01');
  await w.press(KEY.enter);
  if (shared)
    await w.waitForText('Enter keeps the suggestion'); // pop01.northwindtraders.com
  else await w.type('pop01.contoso.com');
  await w.press(KEY.enter);
  await w.type('10.0.0.20');
  await w.press(KEY.enter, KEY.enter); // Active Directory integrated is the default
  await w.waitForText('Step 6 of 9: Relay to Exchange');
  if (shared) {
    await w.press(KEY.right, KEY.right); // Both
    await w.press(KEY.enter);
    await w.type('NWTRADERS\\svc-pop3-relay');
    await w.press(KEY.enter, KEY.enter, KEY.enter); // secret name and "never expires" as suggested
  } else {
    await w.press(KEY.right); // Exchange relay list
    await w.press(KEY.enter);
  }
  await w.waitForText('Step 7 of 9: Users');
  if (users === 'by-hand') {
    for (const u of SEED_USERS) {
      await w.press(KEY.enter); // [ Add a user ] has the focus
      await w.type(u.logon);
      await w.press(KEY.enter);
      await w.type(u.displayName);
      await w.press(KEY.enter);
      if (u.kind === 'exchange') await w.press(KEY.right);
      await w.press(KEY.tab, KEY.tab); // past [ Remove ] to [ Add a user ]
    }
  } else {
    await w.press(KEY.tab);
    await w.type(users.csv);
    await w.press(KEY.enter);
    await w.waitForText(/Imported 3 user\(s\)/);
  }
  await w.press(KEY.pageDown);
  await w.waitForText('Step 8 of 9: Mail clients');
  await w.press(KEY.enter);
  await w.waitForText('Step 9 of 9: Summary');
}
