// The state of a full-screen part lives outside React: a key is applied the moment it is read, so a
// remount (resize, Ctrl+L) starts from a state that already holds every key typed before it, and nothing
// typed is lost. The console and the guided setup each keep one.
import { reducer, type Action } from './store.js';
import type { State } from './state.js';

export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  subscribe(listener: () => void): () => void;
  /** Replace the state outright (the entry point's remount: effects already run are dropped). */
  reset(state: S): void;
}

export function createStore<S, A>(reduce: (s: S, a: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
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

export type ConsoleStore = Store<State, Action>;

export const createConsoleStore = (initial: State): ConsoleStore => createStore(reducer, initial);
