// The console's store outlives the App: what was typed before a remount (resize, Ctrl+L) is still there
// after it, and a key is applied the moment it is read, before React renders.
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { scenarioModel } from '../../src/model/scenarios.js';
import { App, type ConsoleIO } from '../../src/screens/App.js';
import { createConsoleStore } from '../../src/screens/console-store.js';
import { initialState } from '../../src/screens/state.js';
import { strip, waitFor } from '../helpers/console.js';

const io: ConsoleIO = {
  save: () => {
    throw new Error('not in this test');
  },
  exit: () => {},
  redraw: () => {},
};

describe('console store', () => {
  it('keeps every key across a remount of the App', async () => {
    const store = createConsoleStore(
      initialState({ source: { kind: 'builtin' }, model: scenarioModel('shared-domain'), cols: 100, rows: 30, ascii: true }),
    );
    const first = render(<App initial={store.getState()} store={store} io={io} color={false} />);
    await waitFor(() => strip(first.lastFrame() ?? '').includes('q quit'));
    const top = store.getState().views.system!.selected;
    store.dispatch({ type: 'key', name: 'down' });
    store.dispatch({ type: 'key', name: '3' });
    // Applied at once, before any frame.
    expect(store.getState().viewId).toBe('users');
    expect(store.getState().views.system!.selected).not.toBe(top);
    first.unmount();
    const second = render(<App initial={store.getState()} store={store} io={io} color={false} />);
    await waitFor(() => strip(second.lastFrame() ?? '').includes('[3 Users]'));
    store.dispatch({ type: 'key', name: '1' });
    await waitFor(() => strip(second.lastFrame() ?? '').includes('2/17'));
    second.unmount();
  });

  it('notifies only on a change', () => {
    const store = createConsoleStore(
      initialState({ source: { kind: 'builtin' }, model: scenarioModel('shared-domain'), cols: 100, rows: 30, ascii: true }),
    );
    let calls = 0;
    const off = store.subscribe(() => {
      calls++;
    });
    store.dispatch({ type: 'effectDone', id: 999 });
    store.dispatch({ type: 'key', name: '2' });
    off();
    store.dispatch({ type: 'key', name: '1' });
    expect(calls).toBe(1);
  });
});
