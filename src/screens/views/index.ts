// The view table. Each view is a tree built from the model (memoised per model object). Another view
// (e.g. Plan/Apply) joins by adding an entry here; `Body` replaces the details pane when present.
import type { ComponentType } from 'react';
import type { Model } from '../../model/schema.js';
import type { TreeNode } from '../tree-types.js';
import { systemManagerTree } from './system-manager.js';
import { iisManagerTree } from './iis-manager.js';
import { usersTree } from './users.js';
import { clientsTree } from './clients.js';

export interface ViewBodyProps {
  model: Model;
  node: TreeNode | undefined;
  width: number;
  height: number;
  focused: boolean;
}

export interface ViewDef {
  id: string;
  title: string;
  /** The command id that switches to it (its key comes from the command table). */
  command: string;
  tree: (model: Model) => TreeNode[];
  Body?: ComponentType<ViewBodyProps>;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'system', title: 'System Manager', command: 'view.system', tree: systemManagerTree },
  { id: 'iis', title: 'IIS Manager', command: 'view.iis', tree: iisManagerTree },
  { id: 'users', title: 'Users', command: 'view.users', tree: usersTree },
  { id: 'clients', title: 'Clients', command: 'view.clients', tree: clientsTree },
];

const cache = new Map<string, WeakMap<Model, TreeNode[]>>();

/** The roots of a view for a model, built once per model object. */
export function viewTree(view: ViewDef, model: Model): TreeNode[] {
  let m = cache.get(view.id);
  if (!m) cache.set(view.id, (m = new WeakMap()));
  let roots = m.get(model);
  if (!roots) m.set(model, (roots = view.tree(model)));
  return roots;
}

export function viewById(id: string): ViewDef {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}
