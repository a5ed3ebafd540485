// Imported first by the entry point: chalk (inside Ink) ignores NO_COLOR but honours FORCE_COLOR=0.
if ((process.env.NO_COLOR || process.argv.includes('--no-color')) && process.env.FORCE_COLOR === undefined) {
  process.env.FORCE_COLOR = '0';
}
export {};
