import { columnRole, type ColumnRole } from './labels';
import type { SheetView } from './sheet-view';

export type ColumnMap = Partial<Record<ColumnRole, number>>;

/** The indicator table's header: one or two rows, the column of each role, the table's column span. */
export interface Header {
  rows: number[];
  columns: ColumnMap;
  left: number;
  right: number;
}

interface LabelCell {
  col: number;
  left: number;
  right: number;
  bottom: number;
  text: string;
  role: ColumnRole | null;
}

function labelCells(view: SheetView, row: number): LabelCell[] {
  const out: LabelCell[] = [];
  for (let c = view.firstCol; c <= view.lastCol; c++) {
    if (!view.isMaster(row, c)) continue;
    const v = view.raw(row, c);
    if (v === null || String(v).trim() === '') continue;
    const area = view.area(row, c);
    const text = String(v);
    out.push({ col: c, left: area.left, right: area.right, bottom: area.bottom, text, role: typeof v === 'string' ? columnRole(text) : null });
  }
  return out;
}

function namesLevel3(view: SheetView, row: number): boolean {
  return view.texts(row).some((t) => columnRole(t.text) === 'level3');
}

/** A header row names 三级指标 and at least two other columns the engine reads. */
function isHeaderRow(cells: LabelCell[]): boolean {
  const roles = new Set(cells.map((c) => c.role).filter((r): r is ColumnRole => r !== null));
  if (!roles.has('level3')) return false;
  const others = ['level1', 'level2', 'target', 'targetInitial', 'targetAdjusted', 'weight', 'actual', 'operator', 'direction'].filter((r) =>
    roles.has(r as ColumnRole),
  );
  return others.length >= 2;
}

/**
 * The second row of a two-row header (L1/L2: 年度目标值 over 运算符号 | 内容 | 度量单位): only
 * header words, each under a group cell of the first row or under an empty one.
 */
function secondHeaderRow(view: SheetView, first: LabelCell[], row: number): LabelCell[] | null {
  if (row > view.lastRow) return null;
  const cells = labelCells(view, row);
  if (cells.length === 0) return null;
  let named = 0;
  for (const cell of cells) {
    if (typeof view.raw(row, cell.col) !== 'string') return null;
    const above = first.find((f) => f.left <= cell.col && cell.col <= f.right);
    const underGroup = !!above && above.right > above.left;
    if (cell.role === null && !underGroup) return null;
    if (cell.role === 'level3') return null;
    if (cell.role !== null) named++;
  }
  return named > 0 ? cells : null;
}

/** Reads a header starting at `row`, or null when the row is not an indicator-table header. */
export function readHeader(view: SheetView, row: number): Header | null {
  // Every row of every table is asked: most name no 三级指标, which a header needs (isHeaderRow).
  if (!namesLevel3(view, row)) return null;
  const first = labelCells(view, row);
  if (!isHeaderRow(first)) return null;
  const second = secondHeaderRow(view, first, row + 1);
  const columns: ColumnMap = {};
  for (const cell of first) {
    if (cell.role === null || columns[cell.role] !== undefined) continue;
    // A group cell over sub-columns (年度目标值 over 运算符号|内容|度量单位) yields its role to them.
    const subLabels = second?.filter((s) => s.role !== null && cell.left <= s.col && s.col <= cell.right) ?? [];
    if (cell.right > cell.left && subLabels.length > 0) continue;
    columns[cell.role] = cell.col;
  }
  for (const cell of second ?? []) {
    if (cell.role === null) continue;
    const groupAbove = first.find((f) => f.left <= cell.col && cell.col <= f.right && f.right > f.left);
    if (columns[cell.role] === undefined || groupAbove) columns[cell.role] = cell.col;
  }
  // 年初指标值 | 调整后指标值 without a plain 指标值: the adjusted column is the target, the initial one its fallback.
  columns.target ??= columns.targetAdjusted ?? columns.targetInitial;
  const all = [...first, ...(second ?? [])];
  return {
    rows: second ? [row, row + 1] : [row],
    columns,
    left: Math.min(...all.map((c) => c.left)),
    right: Math.max(...all.map((c) => c.right)),
  };
}

/** Same table layout (a repeated header inside one form, e.g. each goal block of a Hubei overall form). */
export function sameLayout(a: Header, b: Header): boolean {
  const keys: ColumnRole[] = ['level3', 'target', 'weight', 'actual', 'score'];
  return keys.every((k) => a.columns[k] === b.columns[k]);
}
