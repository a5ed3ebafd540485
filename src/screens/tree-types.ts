// The shapes the views build from a model: tree nodes, property sheets and their rows, forms.
// Built fresh (and memoised) per model object, so a node's sheet always shows the current model.
import type { Edit } from '../model/edits/index.js';
import type { Parser } from './fields.js';

export interface FormField {
  label: string;
  parse: Parser;
  initial?: string;
  hint?: string;
  /** Model problem paths this field answers for: a refusal there is shown under it, without the path. */
  owns?: RegExp;
}

/** A small form: a New... dialog, or the preview's recipient and origin. */
export interface FormSpec {
  title: string;
  fields: FormField[];
  submit: (values: unknown[]) => Edit;
}

export interface RemoveSpec {
  /** e.g. connector "POP3 Connector" */
  what: string;
  edit: Edit;
  /** What else goes with it (shown in the confirmation). */
  note?: string;
}

interface RowBase {
  id: string;
  indent?: number;
  /** The model path the row edits (for jumping to a finding's field). */
  path?: string;
  remove?: RemoveSpec;
  /** `n` on the row adds an item to the list it belongs to. */
  add?: FormSpec;
  /** `m`: Set as Primary. */
  primary?: Edit;
}

export type Row =
  | (RowBase & { kind: 'heading'; text: string })
  | (RowBase & { kind: 'note'; text: string })
  | (RowBase & { kind: 'text'; label: string; value: string; parse: Parser; set: (value: unknown) => Edit; readOnly?: string })
  | (RowBase & { kind: 'bool'; label: string; value: boolean; set: (value: boolean) => Edit })
  | (RowBase & { kind: 'choice'; label: string; options: { value: string; label: string }[]; value: string; set: (value: string) => Edit })
  | (RowBase & {
      kind: 'button';
      label: string;
      form?: FormSpec;
      edit?: Edit /** Opens Find Exchange Recipients for this recipient policy (its index). */;
      findRecipients?: number;
    });

export const selectable = (r: Row) => r.kind !== 'heading' && r.kind !== 'note';

export interface SheetTab {
  title: string;
  rows: Row[];
}

export interface SheetDef {
  title: string;
  tabs: SheetTab[];
}

export interface DetailLine {
  label?: string;
  text: string;
  tone?: 'muted' | 'ok' | 'warning' | 'error' | 'accent';
}

export interface TreeNode {
  /** Unique in its view; index-based so a rename keeps the selection. */
  id: string;
  label: string;
  /** A short kind shown in the details pane, e.g. "SMTP connector". */
  kind: string;
  /** The model path the node stands for (findings and hop settings jump here). */
  path?: string;
  children: TreeNode[];
  details?: () => DetailLine[];
  sheet?: () => SheetDef;
  create?: FormSpec;
  remove?: RemoveSpec;
  /** A user: the key Space selects it by for a task on several users (its lowercase logon). */
  mark?: string;
}
