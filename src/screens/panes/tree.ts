// The tree (scope pane) and the details pane beside it: their keys, what each does, and why it does
// nothing on the selected node.
import type { CommandDef } from '../command-types.js';
import { flatten, nodeIndex } from '../tree-state.js';
import type { State } from '../state.js';
import { flash } from '../effects.js';
import {
  confirmRemove,
  currentIndex,
  layoutOf,
  moveTo,
  openForm,
  openSheet,
  parentCreate,
  rootsOf,
  selectedNode,
  setExpanded,
  viewState,
} from './core.js';

function here(s: State) {
  const vs = viewState(s);
  const flat = flatten(rootsOf(s), vs.expanded, vs.filter);
  const i = currentIndex(s);
  return { vs, flat, i, node: flat.rows[i]?.node, page: Math.max(1, layoutOf(s).treeRows - 1) };
}

const noSheet = (s: State): string | undefined => {
  const node = selectedNode(s);
  return node && !node.sheet
    ? `${node.label} has no properties to edit here${node.children.length ? ' (Enter opens or closes it)' : ''}`
    : undefined;
};

export const TREE_COMMANDS: CommandDef[] = [
  { id: 'tree.down', scope: 'tree', keys: ['down', 'j'], title: 'Move down', run: (s) => moveTo(s, here(s).i + 1) },
  { id: 'tree.up', scope: 'tree', keys: ['up', 'k'], title: 'Move up', run: (s) => moveTo(s, here(s).i - 1) },
  {
    id: 'tree.expand',
    scope: 'tree',
    keys: ['right', 'l'],
    title: 'Expand, or go to the first child',
    run: (s) => {
      const { vs, flat, i, node } = here(s);
      if (!node || node.children.length === 0) return s;
      if (!flat.rows[i]!.expanded) return vs.filter ? s : setExpanded(s, node.id, true);
      return moveTo(s, i + 1);
    },
  },
  {
    id: 'tree.collapse',
    scope: 'tree',
    keys: ['left', 'h'],
    title: 'Collapse, or go to the parent',
    run: (s) => {
      const { vs, flat, i, node } = here(s);
      if (!node) return s;
      if (flat.rows[i]!.expanded && !vs.filter) return setExpanded(s, node.id, false);
      const parent = nodeIndex(rootsOf(s)).get(node.id)?.parent;
      const pi = parent === undefined ? undefined : flat.position.get(parent);
      return pi === undefined ? s : moveTo(s, pi);
    },
  },
  { id: 'tree.top', scope: 'tree', keys: ['g', 'home'], title: 'Go to the top', run: (s) => moveTo(s, 0) },
  { id: 'tree.bottom', scope: 'tree', keys: ['G', 'end'], title: 'Go to the bottom', run: (s) => moveTo(s, here(s).flat.rows.length - 1) },
  {
    id: 'tree.pageDown',
    scope: 'tree',
    keys: ['pgdn', 'C-d'],
    title: 'Page down',
    run: (s) => {
      const h = here(s);
      return moveTo(s, h.i + h.page);
    },
  },
  {
    id: 'tree.pageUp',
    scope: 'tree',
    keys: ['pgup', 'C-u'],
    title: 'Page up',
    run: (s) => {
      const h = here(s);
      return moveTo(s, h.i - h.page);
    },
  },
  {
    id: 'tree.open',
    scope: 'tree',
    keys: ['enter'],
    title: "Open: expand a container, or show a leaf's properties",
    short: 'open',
    priority: 1,
    unavailable: (s) => {
      const node = selectedNode(s);
      return node && node.children.length === 0 && !node.sheet ? `${node.label} has no properties to edit here` : undefined;
    },
    run: (s) => {
      const { vs, flat, i, node } = here(s);
      if (!node) return s;
      if (node.children.length > 0 && !vs.filter) return setExpanded(s, node.id, !flat.rows[i]!.expanded);
      return node.sheet ? openSheet(s, node) : s;
    },
  },
  {
    id: 'node.properties',
    scope: 'tree',
    keys: ['p'],
    title: 'Properties (the property sheet)',
    short: 'props',
    priority: 2,
    unavailable: noSheet,
    run: (s) => {
      const node = selectedNode(s);
      return node ? openSheet(s, node) : s;
    },
  },
  {
    id: 'node.new',
    scope: 'tree',
    keys: ['n'],
    title: 'New: create an object in the selected container',
    short: 'new',
    priority: 3,
    unavailable: (s) => {
      const node = selectedNode(s);
      return node && parentCreate(s, node) ? undefined : 'Nothing can be created here; select a container such as Connectors or Users';
    },
    run: (s) => {
      const node = selectedNode(s);
      const form = node && parentCreate(s, node);
      return form ? openForm(s, form) : s;
    },
  },
  {
    id: 'node.delete',
    scope: 'tree',
    keys: ['d', 'delete'],
    title: 'Delete the selected object (asks first)',
    short: 'delete',
    priority: 4,
    dangerous: true,
    unavailable: (s) => {
      const node = selectedNode(s);
      if (node?.remove) return undefined;
      return `${node?.label ?? 'This'} cannot be deleted${node && node.children.length > 0 ? ': it is a container; select an object inside it' : ' here'}`;
    },
    run: (s) => {
      const r = selectedNode(s)?.remove;
      return r ? confirmRemove(s, r.what, r.edit, r.note) : s;
    },
  },
  {
    id: 'tree.filter',
    scope: 'tree',
    keys: ['/'],
    title: 'Filter the tree by name',
    short: 'filter',
    priority: 5,
    run: (s) => ({ ...s, overlay: { kind: 'filter', cursor: viewState(s).filter.length } }),
  },
];

export const DETAILS_COMMANDS: CommandDef[] = [
  { id: 'details.down', scope: 'details', keys: ['down', 'j'], title: 'Scroll down', run: (s) => ({ ...s, detailsTop: s.detailsTop + 1 }) },
  {
    id: 'details.up',
    scope: 'details',
    keys: ['up', 'k'],
    title: 'Scroll up',
    run: (s) => ({ ...s, detailsTop: Math.max(0, s.detailsTop - 1) }),
  },
  {
    id: 'details.open',
    scope: 'details',
    keys: ['enter', 'p'],
    title: 'Properties of the selected node',
    short: 'props',
    priority: 1,
    unavailable: noSheet,
    run: (s) => {
      const n = selectedNode(s);
      return n ? openSheet(s, n) : flash(s, 'Nothing selected');
    },
  },
];
