// The hostile-name corpus every real-interpreter test runs through (PowerShell 7, Wine's cscript/cmd,
// slapd/ldapmodify): names an administrator could type for a policy, a connector or a virtual server, each
// aimed at one way a generated script or file could be broken. A test puts them into the model where names
// go, renders, runs the real program and checks the values it recorded equal the model's.
// Shared by the exchange-ems (ems) and windows2003 (win2003) tests: add to it, do not fork it.

/** Quotes of every kind PowerShell, VBScript, cmd and sh know, and their typographic look-alikes. */
export const QUOTE_NAMES = [
  "O'Brien's policy",
  'say "hello"',
  'back`tick`s',
  '\u2018single\u2019 \u201Cdouble\u201D',
  '\u201Alow\u201B \u201Elow\u201F',
  "'",
  '""',
  "''''",
  '\u00B4acute\u2032prime',
  '\uFF02full\uFF07width',
];

/** Substitution, expansion and separators: PowerShell $() and $var, cmd %VAR% ^ & ! and |, sh $() `` ; | &. */
export const SHELL_NAMES = [
  '$(Remove-Mailbox -Identity *)',
  '${env:PATH}',
  '$env:USERNAME',
  '@(1,2)',
  '%PATH%',
  '%%',
  'a^b^^c',
  'a & whoami',
  'a && b || c',
  '!x!',
  'a | b',
  'a; b',
  'a > out.txt',
  'a < in.txt',
  '(parens)',
  '[brackets]',
  '{braces}',
  '#not a comment',
  '<#block#>',
  '\\\\server\\share',
  'C:\\path\\x',
  'a:b',
  "'; Remove-Mailbox -Identity * -Confirm:$false; '",
  '\u2019; Remove-Item C:\\ -Recurse; \u2018',
  '" & del /q * & "',
  "@'\nhere\n'@",
];

/** Leading characters that mean something at the start of an LDIF value or a command-line word. */
export const LEADING_NAMES = [
  ' leading space',
  'trailing space ',
  ':colon first',
  '<angle first',
  '-dash first',
  '\u2013en dash first',
  '#hash first',
  '=equals',
  '*star',
];

/** Non-ASCII text of several scripts, including characters whose UTF-8 bytes read as quotes in Windows-1252. */
export const UNICODE_NAMES = [
  'Соединитель ВБ', // Cyrillic: \u0411 is D0 91 and \u0412 is D0 92 in UTF-8; 0x91/0x92 are \u2018/\u2019 in 1252
  'en\u2013dash em\u2014dash', // E2 80 93 / E2 80 94: 0x93/0x94 are \u201C/\u201D in 1252
  'no\u00A0break\u00A0space',
  'Ελληνικά',
  '日本語のポリシー',
  'سياسة',
  'עברית',
  'हिन्दी',
  'ไทย',
  'emoji \u{1F4E7}\u{1F600}',
  'e\u0301 combining',
  'zero\u200Bwidth',
  'right\u202Eleft',
  'Kelvin \u212A',
  'Café Crème',
  '\uFEFFbom first',
];

/** Line breaks and control characters: a name must never split a line of a script or file. */
export const BREAK_NAMES = ['line\nbreak', 'carriage\r\nreturn', 'lone\rcr', 'tab\there', 'nel\u0085x', 'ls\u2028ps\u2029'];

export const HOSTILE_NAMES: readonly string[] = [...QUOTE_NAMES, ...SHELL_NAMES, ...LEADING_NAMES, ...UNICODE_NAMES, ...BREAK_NAMES];
