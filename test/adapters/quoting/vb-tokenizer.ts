// A reference reader for the VBScript string expressions vbString emits: "..." literals with ""
// for a quote, joined by & with ChrW(n) calls. Anything else is a breakout.
export function evalVbStringExpression(src: string): string {
  let i = 0;
  let out = '';
  const skip = () => {
    while (src[i] === ' ') i++;
  };
  for (;;) {
    skip();
    if (src[i] === '"') {
      i++;
      for (;;) {
        if (i >= src.length) throw new Error('unterminated VBScript string');
        const c = src[i]!;
        if (c === '\r' || c === '\n') throw new Error('line break inside a VBScript string');
        if (c === '"') {
          if (src[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += c;
        i++;
      }
    } else {
      const m = /^ChrW\((\d{1,5})\)/.exec(src.slice(i));
      if (!m) throw new Error(`unexpected VBScript text at ${i}: ${JSON.stringify(src.slice(i, i + 20))}`);
      out += String.fromCharCode(Number(m[1]));
      i += m[0].length;
    }
    skip();
    if (i >= src.length) return out;
    if (src[i] !== '&') throw new Error(`expected & at ${i}: ${JSON.stringify(src.slice(i, i + 20))}`);
    i++;
  }
}
