// Finding the node of a model path (setting names, jumps) looks only in the views that can hold the path and
// builds only the one user or account it is in: the same answer as searching every view's whole tree,
// without building a 100,000-node tree before the console's first frame.
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../bench/org.js';
import type { Model } from '../../src/model/schema.js';
import { SCENARIOS, scenarioModel } from '../../src/model/scenarios.js';
import { locateNode } from '../../src/screens/derive.js';
import { nodeForPath } from '../../src/screens/tree-state.js';
import type { TreeNode } from '../../src/screens/tree-types.js';
import { builtViews, VIEWS, viewTree } from '../../src/screens/views/index.js';

const models: [string, () => Model][] = [
  ...SCENARIOS.map((id): [string, () => Model] => [id, () => scenarioModel(id)]),
  ['synthetic 150 users', () => syntheticModel(150, 7)],
];

function pathsOf(nodes: TreeNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    if (n.path !== undefined) out.push(n.path);
    pathsOf(n.children, out);
  }
  return out;
}

/** What locateNode answered before: every view's whole tree searched, the deepest node of the first view. */
function locateInWholeTrees(model: Model, path: string) {
  let best: { viewId: string; node: TreeNode } | undefined;
  for (const v of VIEWS) {
    const node = nodeForPath(viewTree(v, model), path);
    if (node && (!best || node.path!.length > best.node.path!.length)) best = { viewId: v.id, node };
  }
  return best;
}

describe.each(models)('%s', (_name, make) => {
  it("every node's path begins with one of its view's path roots", () => {
    const model = make();
    for (const v of VIEWS) {
      expect(v.pathRoots, v.id).toBeDefined();
      for (const p of pathsOf(viewTree(v, model))) expect(v.pathRoots, `${v.id}: ${p}`).toContain(/^[^.[]*/.exec(p)![0]);
    }
  });

  it('locateNode gives the node and view that searching every whole tree gives, for every path and paths inside them', () => {
    const model = make();
    const paths = VIEWS.flatMap((v) => pathsOf(viewTree(v, model)));
    const probes = [
      ...paths,
      ...paths.map((p) => `${p}.name`),
      ...paths.map((p) => `${p}[0]`),
      'users[99999].logon',
      'clients[99999]',
      'users[01]',
      'users[x]',
      'nowhere',
    ];
    for (const p of probes) {
      const fast = locateNode(model, p);
      const whole = locateInWholeTrees(model, p);
      expect(fast?.viewId, p).toBe(whole?.viewId);
      expect(fast?.node, p).toBe(whole?.node);
    }
  });
});

it("naming a setting of the Exchange organisation or of a user builds neither the Users nor the Clients view's tree", () => {
  const model = syntheticModel(150, 7);
  expect(locateNode(model, 'exchange.connectors[0].addressSpaces[0]')?.viewId).toBe('system');
  expect(locateNode(model, 'users[3].externalAddress')?.node.id).toBe('users/3');
  expect(locateNode(model, 'clients[2].outgoing.server')?.node.id).toBe('clients/2');
  expect(builtViews(model)).toEqual(['system']);
});
