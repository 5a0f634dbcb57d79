import { a1, canonicalCellText, type PriorWrites } from './grid';
import type { SheetView } from './sheet-view';

export function priorKey(sheet: string, address: string): string {
  return `${sheet}!${address}`;
}

/**
 * An output cell holds a person's entry when it is not empty and differs from what the product
 * wrote there last time, or when it holds a formula (somebody built it; never overwrite it).
 */
export function isPersonEntry(view: SheetView, row: number, col: number, prior: PriorWrites): boolean {
  const m = view.master(row, col);
  if (view.formula(m.row, m.col) !== null) return true;
  const v = view.raw(m.row, m.col);
  const text = canonicalCellText(v);
  if (text.trim() === '') return false;
  return text !== prior[priorKey(view.name, a1(m.row, m.col))];
}
