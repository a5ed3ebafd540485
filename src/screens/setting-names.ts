// A model path as an administrator reads it: the ESM / IIS Manager / ADUC names of the object, the tab
// and the field ("POP User Addresses › E-Mail Addresses (Policy) › @pop.northwindtraders.com › This
// Exchange Organization is responsible..."), found through the same views and property sheets the
// console shows. The YAML path stays in --json and in the details pane's "YAML path" line.
import type { Model } from '../model/schema.js';
import { isPathPrefix } from '../model/edits/index.js';
import { analysisOf, derived } from '../model/analysis.js';
import { locateNode } from './derive.js';
import { rowForPath } from './tree-state.js';
import type { Row } from './tree-types.js';

function rowName(row: Row): string {
  if (row.kind === 'heading' || row.kind === 'note') return row.text;
  // A list item (an address, a smart host, a computer) is named by its value, as the dialog lists it.
  if (row.kind === 'text' && (row.remove || row.primary)) return row.value;
  return row.label.replace(/:$/, '');
}

/** The names found for a model, by separator and path. */
const NAMES = derived('setting-names', () => new Map<string, string | undefined>());

/** The readable name of a model path, or undefined when no view shows it. */
export function settingName(model: Model, path: string, sep = ' › '): string | undefined {
  const perModel = analysisOf(model).get(NAMES);
  const key = `${sep}\u0000${path}`;
  if (perModel.has(key)) return perModel.get(key);
  const name = compute(model, path, sep);
  perModel.set(key, name);
  return name;
}

function compute(model: Model, path: string, sep: string): string | undefined {
  const hit = locateNode(model, path);
  if (!hit) return undefined;
  const parts = [hit.node.label];
  // A server's virtual server or service is named under the server, as the consoles show it.
  const server = /^(exchange|pop3)\.servers\[(\d+)\]/.exec(path);
  if (server && hit.node.path !== server[0]) {
    const name = model[server[1] as 'exchange' | 'pop3'].servers[Number(server[2])]?.name;
    if (name && !hit.node.label.includes(name)) parts.unshift(name);
  }
  if (hit.node.path === path) return parts.join(sep);
  const def = hit.node.sheet?.();
  const at = def && rowForPath(def, path);
  if (def && at) {
    const tab = def.tabs[at.tab]!;
    if (def.tabs.length > 1 || tab.title !== 'General') parts.push(tab.title);
    const row = tab.rows[at.row]!;
    // The list item the field belongs to (the address whose box it is), named by the item's own row.
    const item = /^(.*\])\.[^.[\]]+$/.exec(row.path ?? '')?.[1];
    if (item && item.length > (hit.node.path ?? '').length) {
      for (let r = at.row - 1; r >= 0; r--) {
        const above = tab.rows[r]!;
        if (above.kind === 'text' && above.path && isPathPrefix(item, above.path)) {
          parts.push(above.value);
          break;
        }
        if (!above.path || !isPathPrefix(item, above.path)) break;
      }
    }
    // An Add... or New... button stands for its list: the tab names it well enough.
    if (row.kind !== 'button') parts.push(rowName(row));
  }
  return parts.join(sep);
}

/** "name (path)" for messages that must name the setting; the path alone when no view shows it. */
export function describeSetting(model: Model, path: string, sep = ' › '): string {
  return settingName(model, path, sep) ?? path;
}
