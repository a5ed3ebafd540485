// Pane sizes for a terminal size: a pure function, so layouts are testable as numbers.
// The app renders rows - 1 lines: a frame as tall as the terminal makes Ink clear the scrollback.

export const MIN_COLS = 80;
export const MIN_ROWS = 24;

export interface Layout {
  cols: number;
  height: number;
  tooSmall: boolean;
  mainH: number;
  treeW: number;
  detailsW: number;
  previewH: number;
  findingsH: number;
  /** Content rows inside the panes (without the title line and bottom border). */
  treeRows: number;
  sheetRows: number;
  previewRows: number;
  findingsRows: number;
  detailsRows: number;
}

/** `statusLines` is 2 while a long message is shown: the findings pane gives up a row for it. */
export function computeLayout(cols: number, rows: number, statusLines = 1): Layout {
  const height = Math.max(1, rows - 1);
  const tooSmall = cols < MIN_COLS || rows < MIN_ROWS;
  const body = Math.max(0, height - 2);
  const previewH = Math.max(7, Math.floor(body * 0.3));
  // A fifth of a tall terminal (7 rows at 120x40): a finding with its ESM field name is read whole there.
  const fullFindingsH = Math.max(4, Math.floor(body * 0.2));
  const mainH = Math.max(4, body - previewH - fullFindingsH);
  const findingsH = fullFindingsH - (statusLines - 1);
  const treeW = Math.min(56, Math.max(30, Math.floor(cols * 0.525)));
  return {
    cols,
    height,
    tooSmall,
    mainH,
    treeW,
    detailsW: cols - treeW,
    previewH,
    findingsH,
    treeRows: mainH - 2,
    sheetRows: mainH - 3,
    previewRows: previewH - 2,
    findingsRows: findingsH - 2,
    detailsRows: mainH - 2,
  };
}
