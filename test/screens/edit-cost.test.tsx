// What an edit costs the console (issue 7): only the view on screen follows an edit (a hidden view fixes
// its selection when shown again), the undo stack keeps models but not what was derived from them, and on
// a large organisation the rules run after the frame, the findings pane saying so until they are done.
import v8 from 'node:v8';
import vm from 'node:vm';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSchema, type Model } from '../../src/model/schema.js';
import { scenarioModel } from '../../src/model/scenarios.js';
import { validate, validated } from '../../src/model/rules/index.js';
import { directoryOf, pickConnector } from '../../src/model/routing/directory.js';
import { simulate } from '../../src/model/routing/simulate.js';
import { checkIntegrity } from '../../src/model/integrity.js';
import {
  addAddressSpace,
  addClient,
  addMailbox,
  addUser,
  applyEdit,
  removeUser,
  setField,
  setPrimaryAddress,
  type Edit,
} from '../../src/model/edits/index.js';
import { App, type ConsoleIO } from '../../src/screens/App.js';
import { checkInBackground, checksLater } from '../../src/screens/findings-later.js';
import { initialState, type State } from '../../src/screens/state.js';
import { reducer } from '../../src/screens/store.js';
import { usersTree } from '../../src/screens/views/users.js';
import { clientsTree } from '../../src/screens/views/clients.js';
import { systemManagerTree } from '../../src/screens/views/system-manager.js';
import { removeClient } from '../../src/model/edits/index.js';
import { KEY, renderConsole, strip, waitFor, type Harness } from '../helpers/console.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** The shared-domain example with n more POP3 users, each with a POP3 mailbox. */
function largeModel(n: number): Model {
  const base = scenarioModel('shared-domain');
  const logons = Array.from({ length: n }, (_, i) => `u${String(i).padStart(5, '0')}`);
  return ModelSchema.parse({
    ...base,
    users: [
      ...base.users,
      ...logons.map((l) => ({ logon: l, displayName: `User ${l}`, kind: 'pop3', externalAddress: `${l}@pop.northwindtraders.com` })),
    ],
    pop3: {
      servers: base.pop3.servers.map((s) => ({ ...s, domains: s.domains.map((d) => ({ ...d, mailboxes: [...d.mailboxes, ...logons] })) })),
    },
  });
}

const keys = (s: State, ...names: string[]) => names.reduce((st, name) => reducer(st, { type: 'key', name }), s);

describe('views follow edits lazily', () => {
  it('builds only the first view at start; the others when first shown', () => {
    const s = initialState({ source: { kind: 'builtin' }, model: scenarioModel('shared-domain'), cols: 100, rows: 30, ascii: true });
    expect(Object.keys(s.views)).toEqual(['system']);
    const users = keys(s, '3');
    expect(users.viewId).toBe('users');
    expect(users.views.users!.selected).toBe('users');
  });

  it('a hidden view whose selected node was deleted selects its surviving ancestor when shown again', () => {
    let s = initialState({ source: { kind: 'builtin' }, model: scenarioModel('shared-domain'), cols: 100, rows: 30, ascii: true });
    s = keys(s, '4', 'G');
    expect(s.views.clients!.selected).toBe('clients/1'); // carl's Outlook Express account, the last one
    // In the Users view, delete carl: his account goes with him.
    s = keys(s, '3', 'G', 'k');
    expect(s.views.users!.selected).toBe('users/1');
    s = keys(s, 'd', 'right', 'enter');
    expect(s.model.clients.map((c) => c.user)).toEqual(['alice']);
    // The view on screen was fixed at once (users/1 is now bob); the hidden Clients view not yet.
    expect(s.views.users!.selected).toBe('users/1');
    expect(s.views.clients!.selected).toBe('clients/1');
    s = keys(s, '4');
    expect(s.views.clients!.selected).toBe('clients');
    // Undo brings the account back; the selection stays where it is (and is valid).
    s = keys(s, '3', 'z', '4');
    expect(s.model.clients).toHaveLength(2);
    expect(s.views.clients!.selected).toBe('clients');
    expect(s.views.clients!.model).toBe(s.model);
  });

  it('a finding in a view not shown yet still jumps there', () => {
    let s = initialState({ source: { kind: 'builtin' }, model: scenarioModel('shared-domain'), cols: 100, rows: 30, ascii: true });
    // Break a client's outgoing server in the Clients view, go back to view 1, then jump from the findings.
    s = keys(s, '4', 'j', 'p', ']', 'j', 'j', 'space');
    expect(s.model.clients[0]!.outgoing.requiresAuthentication).toBe(false);
    s = keys(s, 'esc', '1');
    const warning = validate(s.model).findIndex((f) => f.path.startsWith('clients[0]'));
    expect(warning).toBeGreaterThanOrEqual(0);
    s = keys(s, 'tab', 'tab', 'tab');
    expect(s.focus).toBe('findings');
    for (let i = 0; i < warning; i++) s = keys(s, 'j');
    s = keys(s, 'enter');
    expect(s.viewId).toBe('clients');
    expect(s.views.clients!.selected).toBe('clients/0');
    expect(s.sheet?.nodeId).toBe('clients/0');
  });
});

describe('indexes and checks reused from the model before an edit', () => {
  it('give what a fresh copy of the edited model gives, edit after edit', () => {
    const edits: [string, Edit][] = [
      ['responsible flag', setField(['exchange', 'recipientPolicies', 1, 'addresses', 0, 'responsible'], true)],
      ['set as primary', setPrimaryAddress(1, 1)],
      ['policy filter', setField(['exchange', 'recipientPolicies', 1, 'filter'], 'all')],
      ['address space', addAddressSpace(0, 'partner.example.net')],
      ['mailbox', addMailbox(0, 0, 'bob')],
      ['user', addUser({ logon: 'dave', displayName: 'Dave', kind: 'pop3', externalAddress: 'dave@pop.northwindtraders.com' })],
      [
        'client',
        addClient({
          user: 'dave',
          program: 'Outlook Express',
          emailAddress: 'dave@northwindtraders.com',
          incoming: { protocol: 'pop3', server: 'pop01.northwindtraders.com' },
          outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: false },
        }),
      ],
      ['rename a user', setField(['users', 2, 'logon'], 'robert')],
      ['remove a user and the account', removeUser(1)],
      ['rename an Exchange server', setField(['exchange', 'servers', 0, 'name'], 'EX09')],
    ];
    let model = scenarioModel('shared-domain');
    const recipients = [
      'alice@northwindtraders.com',
      'robert@northwindtraders.com',
      'carl@northwindtraders.com',
      'dave@northwindtraders.com',
      'carl@pop.northwindtraders.com',
      'x@partner.example.net',
      'bob@northwindtraders.com',
    ];
    for (const [what, edit] of edits) {
      const r = applyEdit(model, edit);
      const fresh = structuredClone(r.ok ? r.model : model);
      if (r.ok) {
        directoryOf(model);
        validate(model);
        model = r.model;
      }
      expect(checkIntegrity(model), what).toEqual(checkIntegrity(fresh));
      expect(directoryOf(model), what).toEqual(directoryOf(fresh));
      expect(directoryOf(model).recipients, what).toEqual(directoryOf(fresh).recipients);
      expect(directoryOf(model).appliedPolicy, what).toEqual(directoryOf(fresh).appliedPolicy);
      expect(pickConnector(directoryOf(model), 'partner.example.net'), what).toEqual(
        pickConnector(directoryOf(fresh), 'partner.example.net'),
      );
      expect(validate(model), what).toEqual(validate(fresh));
      for (const recipient of recipients) {
        expect(simulate(model, { recipient, origin: { kind: 'internet' } }), `${what}: ${recipient}`).toEqual(
          simulate(fresh, { recipient, origin: { kind: 'internet' } }),
        );
      }
    }
    expect(model.users.map((u) => u.logon)).toEqual(['alice', 'robert', 'dave']);
    expect(model.exchange.servers[0]!.name).toBe('EX01'); // refused: users and connectors name EX01
  });

  it('an edit that breaks a cross-reference is refused though the rest of the model is unchanged', () => {
    const model = scenarioModel('shared-domain');
    expect(applyEdit(model, setField(['users', 2, 'logon'], 'ALICE'))).toMatchObject({
      ok: false,
      problems: [{ path: 'users[2].logon', message: 'logon "ALICE" appears twice' }],
    });
    expect(applyEdit(model, addMailbox(0, 0, 'Alice'))).toMatchObject({
      ok: false,
      problems: [{ path: 'pop3.servers[0].domains[0].mailboxes[2]', message: 'mailbox "Alice" appears twice' }],
    });
    expect(applyEdit(model, setField(['clients', 0, 'user'], 'zoe'))).toMatchObject({
      ok: false,
      problems: [{ path: 'clients[0].user', message: '"zoe" is not a user of the model' }],
    });
    expect(applyEdit(model, setField(['exchange', 'recipientPolicies', 1, 'addresses', 0, 'address'], 'pop.example.com')).ok).toBe(false);
    expect(applyEdit(model, setField(['exchange', 'connectors', 0, 'addressSpaces'], [])).ok).toBe(false);
    expect(applyEdit(model, setField(['exchange', 'connectors', 0, 'color'], 'red')).ok).toBe(false);
    expect(applyEdit(model, setField(['users', 0, 'kind'], 'exchange')).ok).toBe(false); // an Exchange user needs a mailbox server
  });
});

describe('the Users tree after an edit', () => {
  const usersOf = (m: Model) => usersTree(m)[0]!.children[0]!.children;

  it('rebuilds only the nodes of users that changed, moved or gained an account', () => {
    const m0 = scenarioModel('shared-domain');
    const before = usersOf(m0);
    const renamed = applyEdit(m0, setField(['users', 1, 'displayName'], 'Carl Jones'));
    if (!renamed.ok) throw new Error('refused');
    const after = usersOf(renamed.model);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.label).toBe('Carl Jones (carl)');

    // bob gains an Outlook Express account: his node says it goes with him.
    const account = applyEdit(
      renamed.model,
      addClient({
        user: 'bob',
        program: 'Outlook Express',
        emailAddress: 'bob@northwindtraders.com',
        incoming: { protocol: 'pop3', server: 'pop01.northwindtraders.com' },
        outgoing: { server: 'ex01.northwindtraders.com', requiresAuthentication: true },
      }),
    );
    if (!account.ok) throw new Error('refused');
    expect(usersOf(account.model)[2]!.remove?.note).toBe('its 1 Outlook Express account(s) go with it');

    // Removing alice moves everyone up: the nodes (ids, paths, the remove edits) follow the new positions.
    const removed = applyEdit(account.model, removeUser(0));
    if (!removed.ok) throw new Error('refused');
    const moved = usersOf(removed.model);
    expect(moved.map((n) => [n.id, n.path, n.label])).toEqual([
      ['users/0', 'users[0]', 'Carl Jones (carl)'],
      ['users/1', 'users[1]', 'Bob Kelly (bob)'],
    ]);
    const again = applyEdit(removed.model, moved[1]!.remove!.edit);
    expect(again.ok && again.model.users.map((u) => u.logon)).toEqual(['carl']);
  });
});

describe('the Clients tree after an edit', () => {
  it('rebuilds only the nodes of accounts that changed or moved', () => {
    const m0 = scenarioModel('shared-domain');
    const before = clientsTree(m0)[0]!.children;
    const cleared = applyEdit(m0, setField(['clients', 1, 'outgoing', 'requiresAuthentication'], false));
    if (!cleared.ok) throw new Error('refused');
    const after = clientsTree(cleared.model)[0]!.children;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.details!().find((l) => l.label === 'Authentication')?.text).toBe('does not authenticate');
    const removed = applyEdit(cleared.model, removeClient(0));
    if (!removed.ok) throw new Error('refused');
    const moved = clientsTree(removed.model)[0]!.children;
    expect(moved.map((n) => [n.id, n.path])).toEqual([['clients/0', 'clients[0]']]);
    expect(moved[0]!.sheet!().tabs[1]!.rows.find((r) => r.kind === 'bool')?.path).toBe('clients[0].outgoing.requiresAuthentication');
  });
});

describe('the System Manager connectors after an edit', () => {
  const connectorsOf = (m: Model) => systemManagerTree(m)[0]!.children[1]!.children[0]!.children[1]!.children[0]!.children[0]!.children;

  it('an edit elsewhere keeps every connector node; an edit of a connector or of the servers rebuilds them', () => {
    const m0 = scenarioModel('shared-domain');
    const before = connectorsOf(m0);
    expect(before.length).toBeGreaterThan(0);
    const flag = applyEdit(m0, setField(['exchange', 'recipientPolicies', 0, 'addresses', 0, 'responsible'], false));
    if (!flag.ok) throw new Error('refused');
    const after = connectorsOf(flag.model);
    after.forEach((n, i) => expect(n).toBe(before[i]));

    const renamed = applyEdit(flag.model, setField(['exchange', 'connectors', 0, 'name'], 'Renamed Connector'));
    if (!renamed.ok) throw new Error('refused');
    const third = connectorsOf(renamed.model);
    expect(third[0]).not.toBe(after[0]);
    expect(third[0]!.label).toBe('Renamed Connector');

    // The sheet's bridgehead hint names the Exchange servers: an edit of a server rebuilds the nodes.
    const server = applyEdit(renamed.model, setField(['exchange', 'servers', 0, 'maxHopCount'], 20));
    if (!server.ok) throw new Error('refused');
    expect(connectorsOf(server.model)[0]).not.toBe(third[0]);
    expect(connectorsOf(server.model)[0]!.label).toBe('Renamed Connector');
  });
});

describe('rules after the frame on a large organisation', () => {
  it('runs the rules one step per event-loop turn, with the same findings as validate; a stopped run memoises nothing', async () => {
    const model = largeModel(3000);
    expect(checksLater(model)).toBe(true);
    const stop = checkInBackground(model, () => {
      throw new Error('a stopped run must not finish');
    });
    await new Promise((r) => setImmediate(r));
    stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(validated(model)).toBeUndefined();

    let done: unknown;
    checkInBackground(model, (f) => {
      done = f;
    });
    await new Promise((r) => setImmediate(r));
    expect(done).toBeUndefined(); // keys are handled between the steps
    await waitFor(() => done !== undefined, 5000, 'the rules');
    expect(done).toEqual(validate(structuredClone(model)));
    expect(validated(model)).toBe(done);
    expect(checksLater(model)).toBe(false);
    expect(checksLater(scenarioModel('shared-domain'))).toBe(false); // small: checked before the frame
  });

  it('the frame after an edit shows the edit and says the findings are being checked; then shows them', async () => {
    const model = largeModel(10000);
    const io: ConsoleIO = {
      save: () => {
        throw new Error('no saving here');
      },
      exit: () => {},
      redraw: () => {},
    };
    const ui = render(
      <App initial={initialState({ source: { kind: 'builtin' }, model, cols: 100, rows: 30, ascii: true })} io={io} color={false} />,
    );
    try {
      const screen = () => strip(ui.lastFrame() ?? '');
      expect(strip(ui.frames[0]!)).toContain('Findings: checking the model...');
      await waitFor(() => /Findings: 0 errors, 0 warnings/.test(screen()), 5000, 'the first findings');
      for (const k of ['4', 'j', 'p', ']', 'j', 'j', 'j']) {
        const n = ui.frames.length;
        ui.stdin.write(k);
        await waitFor(() => ui.frames.length > n, 2000, `a frame after ${k}`);
        await new Promise((r) => setImmediate(r));
      }
      expect(screen()).toContain('[x] My server requires authentication');
      const n = ui.frames.length;
      ui.stdin.write(KEY.space!);
      await waitFor(() => ui.frames.length > n, 2000, 'the frame after the edit');
      const first = strip(ui.frames[n]!);
      expect(first).toContain('[ ] My server requires authentication');
      expect(first).toContain('Findings: checking the change... (0 errors, 0 warnings before it)');
      await waitFor(() => /Findings: [1-9]\d* errors?|Findings: \d+ errors?, [1-9]/.test(screen()), 5000, 'the new findings');
      expect(screen()).not.toContain('checking');
    } finally {
      ui.unmount();
    }
  }, 60000);
});

describe('memory', () => {
  it('many edits of a large organisation keep the models on the undo stack, not what was derived from them', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapMB = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed / 2 ** 20;
    };
    h = renderConsole({ model: largeModel(10000), cols: 100, rows: 30 });
    await h.waitForText(/Findings: 0 errors/, 5000);
    await h.press('4', 'j', 'p', ']', 'j', 'j', 'j');
    const edit = async () => {
      const before = h!.state().model;
      await h!.press('space');
      await waitFor(() => h!.state().model !== before, 5000, 'the edit');
    };
    for (let i = 0; i < 6; i++) await edit();
    await h.waitForText(/Findings: 0 errors, 0 warnings/, 5000);
    const before = heapMB();
    const edits = 40;
    for (let i = 0; i < edits; i++) await edit();
    await h.waitForText(/Findings: 0 errors, 0 warnings/, 5000);
    const perEdit = (heapMB() - before) / edits;
    expect(h.state().undo.length).toBe(46);
    process.stdout.write(`[edit-cost] 10,000 users: heap retained per edit ${perEdit.toFixed(3)} MB\n`);
    // Each edit used to keep its trees, indexes and directory alive (about 29 MB at 10,000 users).
    expect(perEdit).toBeLessThan(1);
  }, 120000);
});
