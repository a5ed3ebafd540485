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
import { RecentCache } from '../model/recent-cache.js';

export function findingsOf(model: Model): Finding[] {
  return validate(model);
}

let lastTrace: { model: Model; message: Message; trace: Trace } | undefined;

export function traceOf(model: Model, message: Message): Trace {
  if (lastTrace && lastTrace.model === model && lastTrace.message === message) return lastTrace.trace;
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
  lastTrace = { model, message, trace };
  return trace;
}

// Kept for recent models only (see src/model/recent-cache.ts): the undo stack must not keep every model's flows alive.
const flowCache = new RecentCache<Model, FlowResult[]>(2);

export function flowsOf(model: Model): FlowResult[] {
  return flowCache.get(model, () => runFlows(model));
}

const badgeCache = new Map<string, RecentCache<Model, Map<string, 'error' | 'warning'>>>();

/** Per view: the nodes (and their ancestors) that findings point into, with the worst severity. */
export function findingBadges(viewId: string, model: Model): Map<string, 'error' | 'warning'> {
  let m = badgeCache.get(viewId);
  if (!m) badgeCache.set(viewId, (m = new RecentCache(2)));
  return m.get(model, () => badgesOf(viewId, model));
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
