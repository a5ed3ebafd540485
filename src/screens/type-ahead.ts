// Keys typed while the console starts (or remounts after a resize) must not be lost. Ink switches the
// terminal to raw mode only in an effect after its first frame; until then the terminal is in canonical
// mode, where an Enter typed early arrives as "\n" (not a return) and other keys wait for a line end.
// Raw mode from the very start keeps every byte, in order, for Ink to read once it listens.
export function rawModeNow(stdin: NodeJS.ReadStream = process.stdin): void {
  if (stdin.isTTY && !stdin.isRaw) stdin.setRawMode(true);
}

export function restoreCookedMode(stdin: NodeJS.ReadStream = process.stdin): void {
  if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
}
