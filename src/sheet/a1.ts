/**
 * Cell ranges and A1 addresses: the one place both hosts, the recogniser and the tests turn
 * 'AB12' / 'A1:C3' / "'Sheet'!A1" into numbers and back. Pure, no dependencies (it is also
 * bundled into the browser test page).
 */

/** A rectangular area (a merged area, a used range), 1-based inclusive Excel coordinates. */
export interface CellArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

/** Letters of the columns asked for so far (a form's few columns are named for every cell address). */
const LETTERS: (string | undefined)[] = new Array<string | undefined>(MAX_COLS + 1);

/** Converts 1-based column number to letters (1 → A, 28 → AB). */
export function columnLetters(col: number): string {
  if (col >= 1 && col <= MAX_COLS && Number.isInteger(col)) return (LETTERS[col] ??= lettersOf(col));
  return lettersOf(col);
}

function lettersOf(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** Parses 'AB12' or '$AB$12' → { row: 12, col: 28 }; null when not an A1 address. */
export function parseA1(address: string): { row: number; col: number } | null {
  const s = address.trim();
  let i = 0;
  if (s.charCodeAt(i) === 36) i++;
  let col = 0;
  const colStart = i;
  for (; i < s.length && i - colStart < 4; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  const letters = i - colStart;
  if (letters < 1 || letters > 3) return null;
  if (s.charCodeAt(i) === 36) i++;
  if (i >= s.length) return null;
  let row = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + (c - 48);
  }
  return { row, col };
}

/** 'C3:A1' (or 'B2', or with a sheet prefix) → normalised area; null when not a cell range (e.g. '3:5'). */
export function parseArea(ref: string): CellArea | null {
  const bang = ref.lastIndexOf('!');
  const local = bang >= 0 ? ref.slice(bang + 1) : ref;
  const colon = local.indexOf(':');
  const p = parseA1(colon >= 0 ? local.slice(0, colon) : local);
  const q = colon >= 0 ? parseA1(local.slice(colon + 1)) : p;
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

/** 'A1:C3', or 'B2' for a single cell. */
export function areaAddress(area: CellArea): string {
  const from = a1(area.top, area.left);
  const to = a1(area.bottom, area.right);
  return from === to ? from : `${from}:${to}`;
}

export function areaContains(area: CellArea, row: number, col: number): boolean {
  return row >= area.top && row <= area.bottom && col >= area.left && col <= area.right;
}

export function areaCellCount(area: CellArea): number {
  return (area.bottom - area.top + 1) * (area.right - area.left + 1);
}

/**
 * Key of a remembered write (PriorWrites): `sheet!A1`, built and split only here so the xlsx
 * host, the Excel host and the planner can never disagree on it.
 */
export function priorKey(sheet: string, address: string): string {
  return `${sheet}!${address}`;
}

/** The sheet name of a PriorWrites key (names may contain '!', addresses never do). */
export function priorKeySheet(key: string): string {
  const bang = key.lastIndexOf('!');
  return bang >= 0 ? key.slice(0, bang) : '';
}
