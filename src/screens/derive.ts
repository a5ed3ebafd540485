// What the panes show that is computed from the model: findings, the trace and the flow matrix.
// Each is computed once per model object (and message), never per keystroke on an unchanged model.
import type { Model } from '../model/schema.js';
import { validate, type Finding } from '../model/rules/index.js';
import { simulate } from '../model/routing/simulate.js';
import { runFlows, type FlowResult } from '../model/routing/flows.js';
import type { Message, Trace } from '../model/routing/types.js';
import { nodeForPath, nodeIndex } from './tree-state.js';
import { VIEWS, viewTree } from './views/index.js';
import type { TreeNode } from './tree-types.js';
import { analysisOf, type Derived, derived } from '../model/analysis.js';

export function findingsOf(model: Model): Finding[] {
  return validate(model);
}

/** The traces of the preview's messages (by message object), per model. */
const TRACES = derived('preview.traces', () => new Map<Message, Trace>());

export function traceOf(model: Model, message: Message): Trace {
  const traces = analysisOf(model).get(TRACES);
  const hit = traces.get(message);
  if (hit) return hit;
  let trace: Trace;
  try {
    trace = simulate(model, message);
  } catch (e) {
    trace = {
      recipient: message.recipient,
      routed: false,
      tricks: [],
      steps: [],
      verdict: { kind: 'rejected', server: '(preview)', code: 0, status: '-', text: `the simulator failed: ${(e as Error).message}` },
    };
  }
  // The preview traces one message at a time: the table holds the last one only.
  traces.clear();
  traces.set(message, trace);
  return trace;
}

const FLOWS = derived('flows', (model) => runFlows(model));

export function flowsOf(model: Model): FlowResult[] {
  return analysisOf(model).get(FLOWS);
}

type Badges = Map<string, 'error' | 'warning'>;
/** Each view's badges as a derived value of the model's analysis (declared once per view, on first use). */
const badgeValues = new Map<string, Derived<Badges>>();

/** Per view: the nodes (and their ancestors) that findings point into, with the worst severity. */
export function findingBadges(viewId: string, model: Model): Badges {
  let d = badgeValues.get(viewId);
  if (!d) badgeValues.set(viewId, (d = derived(`badges.${viewId}`, (m) => badgesOf(viewId, m))));
  return analysisOf(model).get(d);
}

function badgesOf(viewId: string, model: Model): Map<string, 'error' | 'warning'> {
  const view = VIEWS.find((v) => v.id === viewId)!;
  const roots = viewTree(view, model);
  const out = new Map<string, 'error' | 'warning'>();
  for (const f of findingsOf(model)) {
    if (f.severity === 'info') continue;
    const node = nodeForPath(roots, f.path);
    if (!node) continue;
    const idx = nodeIndex(roots);
    for (let id: string | undefined = node.id; id !== undefined; id = idx.get(id)?.parent) {
      if (out.get(id) !== 'error') out.set(id, f.severity);
    }
  }
  return out;
}

/** The first view (in table order) with the deepest node for a model path. */
export function locateNode(model: Model, path: string): { viewId: string; node: TreeNode } | undefined {
  let best: { viewId: string; node: TreeNode } | undefined;
  const root = /^[^.[]*/.exec(path)![0];
  for (const v of VIEWS) {
    if (v.pathRoots && !v.pathRoots.includes(root)) continue;
    const node = v.locate?.(model, path) ?? nodeForPath(viewTree(v, model), path);
    if (node && (!best || node.path!.length > best.node.path!.length)) best = { viewId: v.id, node };
  }
  return best;
}
