// VBScript string expressions. A VBScript literal is "..." with " doubled and cannot hold a line break;
// cscript reads .vbs files in the ANSI code page. So only printable ASCII goes inside the quotes and
// every other character is spliced in with ChrW(n): the result is a pure-ASCII expression that
// evaluates to exactly the value, whatever it holds.
import { assertText } from './errors.js';

export function vbString(value: string, field: string): string {
  assertText(value, field);
  if (value === '') return '""';
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      run += unit === 0x22 ? '""' : value[i];
      continue;
    }
    if (run) parts.push(`"${run}"`);
    run = '';
    // ChrW takes a UTF-16 code unit; a surrogate pair becomes two ChrW calls, which VBScript strings hold as is.
    parts.push(`ChrW(${unit})`);
  }
  if (run) parts.push(`"${run}"`);
  return parts.join(' & ');
}
