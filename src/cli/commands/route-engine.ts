// route --batch's engine: the model loaded and checked, the batch options checked against it, and BatchAnswers
// (route-answers.ts) over them. route-batch.ts opens it only when the route table cannot answer a recipient,
// or when there is no table.
import type { RouteTableAnswers } from '../../model/routing/route-table.js';
import type { OptionValues } from '../argv.js';
import { resolveModel } from '../io.js';
import { BatchAnswers } from './route-answers.js';
import { messageFrom } from './route-message.js';

export interface BatchEngine {
  answers: BatchAnswers;
  /** Whether the model came from a file (the built-in example has no route table). */
  fromFile: boolean;
}

/** `bytes`: the model file as route-batch.ts read it (its table is keyed on them); the engine loads those, not the file again. */
export function openBatchEngine(
  values: OptionValues,
  modelPath: string | undefined,
  bytes: Buffer | undefined,
  table: RouteTableAnswers | undefined,
): BatchEngine {
  const source = resolveModel(modelPath, bytes);
  const template = messageFrom(values, source.model, '');
  return { answers: new BatchAnswers(source.model, template, values.trace === true, table), fromFile: source.loaded !== null };
}
