// Persistence: everything that reads or writes the disk on the model's behalf. Model files (read, checked,
// cached, saved with a .bak and a refusal to overwrite a file changed on disk), the one-writer lock, and the
// safe write every file coexist writes goes through. The rest of the program imports from here only; the
// model (src/model) never does, so it stays free of I/O (docs/architecture.md).
export { documentText, mergeIntoDocument, newDocument } from './document.js';
export * from './file.js';
export { formatProblem, LIMITS, type LoadProblem, type LoadResult, loadModelText, modelDocument } from './load.js';
export * from './lock.js';
export * from './safe-write.js';
export * from './tables.js';
