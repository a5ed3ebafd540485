// The view table. Each view is a tree built from the model (memoised per model object); a new view is one
// file that builds its tree plus one line here: its key and command come from this line (panes/app.ts makes
// the command `view.<id>` of each view, so the title bar, the help and the README's key table list it).
import type { Model } from '../../model/schema.js';
import type { TreeNode } from '../tree-types.js';
import { analysisOf, type Derived, derived, keptAnalysis } from '../../model/analysis.js';
import { systemManagerTree } from './system-manager.js';
import { iisManagerTree } from './iis-manager.js';
import { locateUser, usersTree } from './users.js';
import { clientsTree, locateClient } from './clients.js';

export interface ViewDef {
  id: string;
  /** The tab's title in the title bar. */
  title: string;
  /** The key that switches to it (a global command, `view.<id>`). */
  key: string;
  /** What that command does, for the help and the README's key table. */
  help: string;
  tree: (model: Model) => TreeNode[];
  /**
   * The first segment of every model path its nodes name (test/screens/view-paths.test.ts holds every view to
   * it): a path under none of them is in no node of this view, so finding it never builds the tree. Without
   * it (a registered view that does not say), every path is looked for in its whole tree.
   */
  pathRoots?: readonly string[];
  /**
   * The node of one item of a big list (a user, an account) for a path inside it, built alone: the node
   * the whole tree would give (the same object, test/screens/view-paths.test.ts), without building the
   * other 100,000. Undefined: look in the whole tree.
   */
  locate?: (model: Model, path: string) => TreeNode | undefined;
}

const VIEW_LIST: ViewDef[] = [
  {
    id: 'system',
    title: 'System Manager',
    key: '1',
    help: 'View: System Manager (Exchange)',
    tree: systemManagerTree,
    pathRoots: ['organization', 'exchange', 'dns'],
  },
  { id: 'iis', title: 'IIS Manager', key: '2', help: 'View: IIS Manager (the POP3 server)', tree: iisManagerTree, pathRoots: ['pop3'] },
  {
    id: 'users',
    title: 'Users',
    key: '3',
    help: 'View: Active Directory users',
    tree: usersTree,
    pathRoots: ['users'],
    locate: locateUser,
  },
  {
    id: 'clients',
    title: 'Clients',
    key: '4',
    help: 'View: Outlook Express clients',
    tree: clientsTree,
    pathRoots: ['clients'],
    locate: locateClient,
  },
];
export const VIEWS: readonly ViewDef[] = VIEW_LIST;

/** The id of the command that switches to a view. */
export const viewCommandId = (view: Pick<ViewDef, 'id'>) => `view.${view.id}`;

let tableBuilt = false;

/**
 * Adds a view after the built-in ones (a test's, a plug-in's): it gets its key, command and tab like a line
 * of VIEWS. Only before the console's command table is assembled (commands.ts, on its first import).
 */
export function registerView(view: ViewDef): void {
  if (tableBuilt) throw new Error(`view ${view.id}: register views before the console's command table is assembled`);
  if (VIEW_LIST.some((v) => v.id === view.id)) throw new Error(`view ${view.id} is already registered`);
  VIEW_LIST.push(view);
}

/** The views as the command table takes them, once: later registrations would have no command. */
export function viewsForCommands(): readonly ViewDef[] {
  tableBuilt = true;
  return VIEW_LIST;
}

/** Each view's tree as a derived value of the model's analysis (declared once per view, on first use). */
const treeValues = new Map<ViewDef, Derived<TreeNode[]>>();
function treeOf(view: ViewDef): Derived<TreeNode[]> {
  let d = treeValues.get(view);
  if (!d) treeValues.set(view, (d = derived(`tree.${view.id}`, (model) => view.tree(model))));
  return d;
}

/**
 * The roots of a view for a model, built once per model object (in its analysis: kept for recent models
 * only, the undo stack holds models, not their trees; a 10,000-user tree is megabytes).
 */
export function viewTree(view: ViewDef, model: Model): TreeNode[] {
  return analysisOf(model).get(treeOf(view));
}

export function viewById(id: string): ViewDef {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}

/** The views whose tree is built and kept for this model (what a step cost; the tests check laziness with it). */
export function builtViews(model: Model): string[] {
  const analysis = keptAnalysis(model);
  return VIEWS.filter((v) => analysis?.peek(treeOf(v)) !== undefined).map((v) => v.id);
}
