// The console's state lives outside React: a key is applied the moment it is read, so a remount (resize,
// Ctrl+L) starts from a state that already holds every key typed before it, and nothing typed is lost.
import { reducer, type Action } from './store.js';
import type { State } from './state.js';

export interface ConsoleStore {
  getState(): State;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
  /** Replace the state outright (the entry point's remount: effects already run are dropped). */
  reset(state: State): void;
}

export function createConsoleStore(initial: State): ConsoleStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    reset(next) {
      state = next;
      notify();
    },
  };
}
