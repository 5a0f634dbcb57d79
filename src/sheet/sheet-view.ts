import { percentText, type CellInput } from '../engine';
import { a1, type CellValue, type MergeArea, type SheetGrid } from './grid';

function hasKey(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true;
  return false;
}

/** A cell as the recogniser sees it: the master of its merged area (or itself). */
export interface CellRef {
  row: number;
  col: number;
  /** The merged area the cell belongs to; a 1×1 area when not merged. */
  area: MergeArea;
}

/** A master cell holding text. */
export interface RowText {
  col: number;
  text: string;
}

/**
 * Read-only access to a SheetGrid in Excel coordinates, with merged areas resolved.
 * Everything the recogniser knows about a sheet goes through here.
 */
export class SheetView {
  readonly name: string;
  readonly firstRow: number;
  readonly firstCol: number;
  readonly lastRow: number;
  readonly lastCol: number;
  /**
   * Merged area per covered cell, keyed by the cell's offset in the sheet's rectangle: a number
   * (string keys cost seconds on big sheets) that stays a small integer, which V8 hashes fastest
   * (row × 16385 + col passes 2^30 beyond row 65,535 and made a 100k-row sheet 3× slower to look up).
   */
  private readonly mergeOf = new Map<number, MergeArea>();
  private readonly keyRow: number;
  private readonly keyCol: number;
  private readonly keyWidth: number;
  private readonly hasFormulas: boolean;
  /** The row `texts` gave last, and what it gave. */
  private textsRow = 0;
  private textsOfRow: readonly RowText[] = [];

  constructor(private readonly grid: SheetGrid) {
    this.name = grid.name;
    this.firstRow = grid.originRow;
    this.firstCol = grid.originCol;
    let lastRow = grid.originRow + grid.values.length - 1;
    let width = 0;
    for (const row of grid.values) width = Math.max(width, row.length);
    let lastCol = grid.originCol + width - 1;
    let keyRow = grid.originRow;
    let keyCol = grid.originCol;
    for (const m of grid.merges) {
      lastRow = Math.max(lastRow, m.bottom);
      lastCol = Math.max(lastCol, m.right);
      keyRow = Math.min(keyRow, m.top);
      keyCol = Math.min(keyCol, m.left);
    }
    this.lastRow = lastRow;
    this.lastCol = lastCol;
    this.keyRow = keyRow;
    this.keyCol = keyCol;
    this.keyWidth = Math.max(1, lastCol - keyCol + 1);
    for (const m of grid.merges) {
      for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) this.mergeOf.set(this.cellKey(r, c), m);
    }
    this.hasFormulas = grid.formulas !== undefined && hasKey(grid.formulas);
  }

  /** A cell's offset in the rectangle holding every value and merged area; -1 outside it (no merge there). */
  private cellKey(row: number, col: number): number {
    if (row < this.keyRow || col < this.keyCol || col > this.lastCol) return -1;
    return (row - this.keyRow) * this.keyWidth + (col - this.keyCol);
  }

  /** Whether this is a view of that very grid. */
  isViewOf(grid: SheetGrid): boolean {
    return this.grid === grid;
  }

  /** The raw value stored at a cell (null outside the grid and in the non-master cells of a merge). */
  raw(row: number, col: number): CellValue {
    const v = this.grid.values[row - this.firstRow]?.[col - this.firstCol];
    return v === undefined ? null : v;
  }

  format(row: number, col: number): string | null {
    return this.grid.formats?.[row - this.firstRow]?.[col - this.firstCol] ?? null;
  }

  formula(row: number, col: number): string | null {
    // Most sheets hold no formula: then no address needs building for the lookup.
    if (!this.hasFormulas) return null;
    return this.grid.formulas?.[a1(row, col)] ?? null;
  }

  area(row: number, col: number): MergeArea {
    return this.mergeOf.get(this.cellKey(row, col)) ?? { top: row, left: col, bottom: row, right: col };
  }

  /** The master cell of the area holding (row, col). */
  master(row: number, col: number): CellRef {
    const area = this.area(row, col);
    return { row: area.top, col: area.left, area };
  }

  isMaster(row: number, col: number): boolean {
    const m = this.mergeOf.get(this.cellKey(row, col));
    return !m || (m.top === row && m.left === col);
  }

  /** Covered by a merge whose master is in an earlier row (a vertically merged cell continuing down). */
  isVerticalContinuation(row: number, col: number): boolean {
    const m = this.mergeOf.get(this.cellKey(row, col));
    return !!m && m.top < row;
  }

  /** The value a person sees in the cell: its merge master's value. */
  value(row: number, col: number): CellValue {
    const m = this.master(row, col);
    return this.raw(m.row, m.col);
  }

  /** Value of the cell only when it is the master of its area (or unmerged); null inside a merge. */
  own(row: number, col: number): CellValue {
    return this.isMaster(row, col) ? this.raw(row, col) : null;
  }

  /** Text of a value as displayed, without a percent conversion: for labels and names. */
  text(row: number, col: number, own = true): string {
    const v = own ? this.own(row, col) : this.value(row, col);
    return v === null ? '' : String(v);
  }

  /**
   * The value handed to the engine: numbers stay numbers unless formatted as a percentage, then
   * they become the percent text a person sees (0.998 → "99.8%"), computed in decimal.
   */
  input(row: number, col: number): CellInput {
    const m = this.master(row, col);
    const v = this.raw(m.row, m.col);
    if (v === null) return null;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      const fmt = this.format(m.row, m.col);
      return fmt && fmt.includes('%') ? percentText(v) : v;
    }
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    return v === '' ? null : v;
  }

  /**
   * The master cells of a row that hold text, in column order: what the label and header scans
   * look at. The recognisers ask for the same row several times running (labels, header, title),
   * so the last row's list is kept; the list is shared, not to be changed.
   */
  texts(row: number): readonly RowText[] {
    if (row === this.textsRow) return this.textsOfRow;
    const out: RowText[] = [];
    const values = this.grid.values[row - this.firstRow];
    if (values) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        const col = this.firstCol + i;
        if (typeof v === 'string' && this.isMaster(row, col)) out.push({ col, text: v });
      }
    }
    this.textsRow = row;
    this.textsOfRow = out;
    return out;
  }

  isEmpty(row: number, col: number): boolean {
    const v = this.value(row, col);
    return v === null || (typeof v === 'string' && v.trim() === '');
  }
}
