// Building a first model from the guided setup's answers (the wizard and `coexist init` flags).
export * from './answers.js';
export * from './check.js';
export * from './build.js';
export * from './csv.js';
export * from './server-spec.js';
