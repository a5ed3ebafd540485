// Quoting and validation for every script and file format the adapters generate.
export * from './errors.js';
export * from './powershell.js';
export * from './posix.js';
export * from './vbscript.js';
export * from './cmd.js';
export * from './ldif.js';
export * from './postfix.js';
