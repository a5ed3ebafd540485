// The two state changes every part of the reducer uses: a status-bar message, and an effect for the App
// to run (save, exit, redraw, plan, apply) after the frame.
import type { Effect, State } from './state.js';

export const flash = (s: State, text: string, tone: 'info' | 'error' = 'info'): State => ({ ...s, flash: { text, tone } });

type EffectInput = Effect extends infer E ? (E extends { id: number } ? Omit<E, 'id'> : never) : never;

export function addEffect(s: State, e: EffectInput): State {
  return { ...s, effects: [...s.effects, { ...e, id: s.nextEffect } as Effect], nextEffect: s.nextEffect + 1 };
}
