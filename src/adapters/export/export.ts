// `coexist export` for any adapter: the targets it exports (the model's own for that adapter, else the
// adapter's defaults) and, per target, the files of the plan against an empty target.
import type { Model, TargetT } from '../../model/schema.js';
import type { Adapter, Change, ExportFile, Exporter } from '../types.js';

/** The files of one target: its full plan (nothing observed) in the adapter's exporter's words. */
export function exportFiles(adapter: Adapter, model: Model, target: TargetT): ExportFile[] {
  const changes = adapter.plan(model, target, adapter.unobserved(model, target));
  return adapter.exporter.files(model, target, changes);
}

/** The model's targets of this adapter, else one per server the adapter suits. */
export function exportTargets(adapter: Adapter, model: Model): TargetT[] {
  const named = model.targets.filter((t) => t.adapter === adapter.id);
  return named.length > 0 ? named : adapter.exporter.defaultTargets(model);
}

/** `files` of an exporter whose export is its one rendered script: `<target id>.<fileExtension>`. */
export function oneFile(fileExtension: string, render: Exporter['render']): Exporter['files'] {
  return (model: Model, target: TargetT, changes: Change[]) => [
    { name: `${target.id}.${fileExtension}`, content: render(model, target, changes) },
  ];
}
