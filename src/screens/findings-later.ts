// On a large organisation the rules run after the frame that shows an edit, one rule at a time between
// keys: the tree, the sheet and the routing preview follow the key at once, and the findings pane says
// it is checking (showing the findings from before the edit, dimmed) until every rule has run. Small
// organisations are checked before the frame, as always.
import type { Model } from '../model/schema.js';
import { validated, validateSteps, type Finding } from '../model/rules/index.js';

/** From this many users and clients the rules take longer than a frame should (about 10 ms at 10,000 users). */
export const CHECK_LATER_FROM = 2000;

/** Whether the model's findings are still to be computed, and are computed after the frame. */
export function checksLater(model: Model): boolean {
  return model.users.length + model.clients.length >= CHECK_LATER_FROM && validated(model) === undefined;
}

/**
 * Run the rules on a model one step per event-loop turn (keys are handled between steps); `done` gets
 * the findings, which validate() has then memoised. Returns a function that stops the run (the model
 * changed again before it finished).
 */
export function checkInBackground(model: Model, done: (findings: Finding[]) => void): () => void {
  const steps = validateSteps(model);
  let timer: NodeJS.Immediate | undefined;
  const step = () => {
    const r = steps.next();
    if (r.done) {
      timer = undefined;
      done(r.value);
    } else {
      timer = setImmediate(step);
    }
  };
  timer = setImmediate(step);
  return () => {
    if (timer) clearImmediate(timer);
    timer = undefined;
  };
}
