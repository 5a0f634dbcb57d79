import { a1, priorKey } from './a1';
import { canonicalCellText, type PriorWrites } from './grid';
import type { SheetView } from './sheet-view';

export { priorKey };

/**
 * An output cell holds a person's entry when it is not empty and differs from what the product
 * wrote there last time, or when it holds a formula the product did not write (never overwrite it).
 */
export function isPersonEntry(view: SheetView, row: number, col: number, prior: PriorWrites): boolean {
  const m = view.master(row, col);
  const formula = view.formula(m.row, m.col);
  // A formula is a person's unless it is exactly the one the product wrote there (formula mode).
  if (formula !== null) return prior[priorKey(view.name, a1(m.row, m.col))] !== `=${formula}`;
  const v = view.raw(m.row, m.col);
  const text = canonicalCellText(v);
  if (text.trim() === '') return false;
  return text !== prior[priorKey(view.name, a1(m.row, m.col))];
}
