// What signal-exit 3's one `assert.equal` (its callback must be a function) needs, without loading node:assert
// (about 3 ms of every console start): see the signal-exit plugin in build/bundle.mjs.
'use strict';
exports.equal = (actual, expected, message) => {
  // biome-ignore lint/suspicious/noDoubleEquals: assert.equal's comparison
  if (actual != expected) throw new TypeError(message);
};
