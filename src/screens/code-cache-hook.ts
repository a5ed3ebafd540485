// The bundle's side of bin/coexist.js's code cache: the console says when its first frame is drawn, which
// is when the functions a start runs are compiled and worth keeping. Outside the built CLI (tests, tsx) there
// is no loader and nothing happens.
type Save = (kind: 'console' | 'command') => void;

export function firstFrameDrawn(): void {
  const save = (globalThis as Record<symbol, unknown>)[Symbol.for('coexist.saveCodeCache')];
  if (typeof save === 'function') setImmediate(() => (save as Save)('console'));
}
