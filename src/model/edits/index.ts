// Pure edits of the model, shared by the console (and any command that edits a model).
export * from './path.js';
export * from './apply.js';
export * from './entities.js';
