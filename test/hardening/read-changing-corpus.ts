// Characters that change how a terminal or a reader takes what follows, one of each kind the product refuses
// in free text: C1 controls (NEL, CSI, APC...), the line and paragraph separators, every bidi embedding,
// override and isolate. Shared by the console's test (test/screens/read-changing.test.tsx) and the attack rerun.
export const READ_CHANGING_CORPUS: readonly string[] = [
  '\u0085',
  '\u009b',
  '\u009f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];
