// The view table. Each view is a tree built from the model (memoised per model object); a new view is one
// file that builds its tree plus one line here and its key in commands (docs/architecture.md).
import type { Model } from '../../model/schema.js';
import type { TreeNode } from '../tree-types.js';
import { RecentCache } from '../../model/recent-cache.js';
import { systemManagerTree } from './system-manager.js';
import { iisManagerTree } from './iis-manager.js';
import { usersTree } from './users.js';
import { clientsTree } from './clients.js';

export interface ViewDef {
  id: string;
  title: string;
  /** The command id that switches to it (its key comes from the command table). */
  command: string;
  tree: (model: Model) => TreeNode[];
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'system', title: 'System Manager', command: 'view.system', tree: systemManagerTree },
  { id: 'iis', title: 'IIS Manager', command: 'view.iis', tree: iisManagerTree },
  { id: 'users', title: 'Users', command: 'view.users', tree: usersTree },
  { id: 'clients', title: 'Clients', command: 'view.clients', tree: clientsTree },
];

/** Trees kept per view: the current model's, the one before (selection fix-up, undo) and one more. */
const TREES_KEPT = 3;
const cache = new Map<string, RecentCache<Model, TreeNode[]>>();

/**
 * The roots of a view for a model, built once per model object while it is recent. Only recent models'
 * trees are kept: the undo stack holds models, not their trees (a 10,000-user tree is megabytes).
 */
export function viewTree(view: ViewDef, model: Model): TreeNode[] {
  let m = cache.get(view.id);
  if (!m) cache.set(view.id, (m = new RecentCache(TREES_KEPT)));
  return m.get(model, () => view.tree(model));
}

export function viewById(id: string): ViewDef {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}
