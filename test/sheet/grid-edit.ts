import { parseA1, type CellValue, type SheetGrid, type WorkbookGrid, type WritePlan } from '../../src/sheet';

/** Test-side edits of a SheetGrid (origin 1,1), the way a person or a host would change a sheet. */

function ensure(grid: SheetGrid, row: number, col: number): void {
  while (grid.values.length < row) grid.values.push([]);
  const formats = (grid.formats ??= []);
  while (formats.length < row) formats.push([]);
  const vr = grid.values[row - 1];
  while (vr.length < col) vr.push(null);
  const fr = formats[row - 1];
  while (fr.length < col) fr.push(null);
}

export function setCell(grid: SheetGrid, address: string, value: CellValue, format?: string): void {
  const p = parseA1(address)!;
  ensure(grid, p.row, p.col);
  grid.values[p.row - 1][p.col - 1] = value;
  if (format !== undefined) grid.formats![p.row - 1][p.col - 1] = format;
}

export function getCell(grid: SheetGrid, address: string): CellValue {
  const p = parseA1(address)!;
  return grid.values[p.row - 1]?.[p.col - 1] ?? null;
}

/** Writes a plan into the grids, as a host would. */
export function applyPlan(book: WorkbookGrid, plan: WritePlan): WorkbookGrid {
  for (const w of plan.writes) {
    const sheet = book.sheets.find((s) => s.name === w.sheet)!;
    setCell(sheet, w.address, w.value, w.numberFormat);
  }
  return { sheets: book.sheets, prior: plan.prior };
}

/** The sheet moved down `rows` and right `cols` (empty rows/columns inserted before it). */
export function shift(grid: SheetGrid, rows: number, cols: number): SheetGrid {
  const pad = <T>(line: T[]): T[] => [...Array<T>(cols).fill(null as T), ...line];
  const blank = (): never[] => [];
  return {
    ...grid,
    values: [...Array.from({ length: rows }, blank), ...grid.values.map((l) => pad(l))],
    formats: [...Array.from({ length: rows }, blank), ...(grid.formats ?? []).map((l) => pad(l))],
    formulas: {},
    merges: grid.merges.map((m) => ({ top: m.top + rows, bottom: m.bottom + rows, left: m.left + cols, right: m.right + cols })),
  };
}

/** An empty column inserted before column `col` (merges across it widen, as in Excel). */
export function insertColumn(grid: SheetGrid, col: number): SheetGrid {
  const ins = <T>(line: T[]): T[] => (line.length >= col ? [...line.slice(0, col - 1), null as T, ...line.slice(col - 1)] : [...line]);
  return {
    ...grid,
    values: grid.values.map((l) => ins(l)),
    formats: (grid.formats ?? []).map((l) => ins(l)),
    merges: grid.merges.map((m) => ({
      ...m,
      left: m.left >= col ? m.left + 1 : m.left,
      right: m.right >= col ? m.right + 1 : m.right,
    })),
  };
}

/** `below` placed under `top` after `gap` empty rows, on one sheet. */
export function stack(top: SheetGrid, below: SheetGrid, gap: number, name = top.name): SheetGrid {
  const moved = shift(below, top.values.length + gap, 0);
  const values = [...top.values, ...Array.from({ length: gap }, () => [] as CellValue[]), ...moved.values.slice(top.values.length + gap)];
  const formats = [...(top.formats ?? []), ...Array.from({ length: gap }, () => [] as (string | null)[]), ...moved.formats!.slice(top.values.length + gap)];
  return { name, originRow: 1, originCol: 1, values, formats, formulas: {}, merges: [...top.merges, ...moved.merges] };
}

/** Keeps only the first `rows` rows (and the merges inside them). */
export function truncate(grid: SheetGrid, rows: number): SheetGrid {
  return {
    ...grid,
    values: grid.values.slice(0, rows),
    formats: (grid.formats ?? []).slice(0, rows),
    merges: grid.merges.filter((m) => m.bottom <= rows),
  };
}

/** Shifts every address in a text like 'A7:K16' or 'H6'. */
export function moveAddress(address: string, rows: number, cols: number, insertedBefore?: number): string {
  return address
    .split(':')
    .map((a) => {
      const p = parseA1(a)!;
      let col = p.col + cols;
      if (insertedBefore !== undefined && p.col >= insertedBefore) col += 1;
      let s = '';
      for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
      return `${s}${p.row + rows}`;
    })
    .join(':');
}
