import { a1, priorKey } from './a1';
import { canonicalCellText, type CellValue, type PriorWrites } from './grid';
import type { SheetView } from './sheet-view';

export { priorKey };

/**
 * Relative tolerance under which two numbers are the same value. Other tools re-save our numbers
 * with 15 significant digits (LibreOffice writes 9.186058981233243 as 9.18605898123324), so an
 * exact text comparison would take our own earlier writes for a person's entries. Forms print 2
 * decimals; 1e-9 of the value is far below anything a person can see or type differently.
 */
const RELATIVE_TOLERANCE = 1e-9;

const A1_RE = /^[A-Z]{1,3}[1-9]\d*$/;

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function asNumber(v: CellValue | string | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (!NUMBER_TEXT.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Whether two numbers agree within the tolerance (relative to the larger, absolute near zero). */
export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether a cell's value is the one recorded (or planned) as text: numbers compare numerically,
 * so a value re-saved by another tool with fewer digits is still ours; text compares exactly.
 */
export function sameCellValue(current: CellValue | undefined, recorded: CellValue | string | undefined): boolean {
  if (recorded === undefined) return false;
  const a = typeof current === 'number' ? current : null;
  if (a !== null) {
    const b = asNumber(recorded);
    return b !== null && sameNumber(a, b);
  }
  const text = canonicalCellText(current);
  const want = typeof recorded === 'string' ? recorded : canonicalCellText(recorded);
  if (text === want) return true;
  // A number stored as text by a converter ('9.18605898123324') against our number.
  const x = asNumber(text);
  const y = asNumber(want);
  return x !== null && y !== null && typeof current === 'string' && sameNumber(x, y);
}

/**
 * An output cell holds a person's entry when it is not empty and differs from what the product
 * wrote there last time, or when it holds a formula the product did not write (never overwrite it).
 */
export function isPersonEntry(view: SheetView, row: number, col: number, prior: PriorWrites): boolean {
  const m = view.master(row, col);
  const formula = view.formula(m.row, m.col);
  const recordedAt = () => prior[priorKey(view.name, a1(m.row, m.col))];
  // A formula is a person's unless it is exactly the one the product wrote there (formula mode).
  if (formula !== null) return recordedAt() !== `=${formula}`;
  const v = view.raw(m.row, m.col);
  if (canonicalCellText(v).trim() === '') return false;
  return !sameCellValue(v, recordedAt());
}

/** Whether the record of earlier writes holds anything for this sheet (absent: never scored, or the record was lost). */
export function sheetHasRecord(prior: PriorWrites, sheet: string): boolean {
  const prefix = `${sheet}!`;
  for (const key in prior) if (key.startsWith(prefix) && A1_RE.test(key.slice(prefix.length))) return true;
  return false;
}
