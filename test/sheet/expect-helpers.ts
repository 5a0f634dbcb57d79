import { parseA1, columnLetters, type RecognizedForm } from '../../src/sheet';

/** `成本指标（20分）` → 成本指标: the expected files give level-1 names without the group weight. */
export function stripGroupWeight(label: string | null | undefined): string {
  return (label ?? '').replace(/[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$/, '').trim();
}

/** Indicator names compare without whitespace (the expected files turn in-cell line breaks into spaces). */
export function squash(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, '');
}

export function columnOf(address: string | null): string | null {
  if (!address) return null;
  const p = parseA1(address);
  return p ? columnLetters(p.col) : null;
}

/** Index of the recognised row at an Excel row, -1 when that row was not read as an indicator. */
export function rowIndexAt(form: RecognizedForm, excelRow: number): number {
  return form.rowCells.findIndex((c) => c.excelRow === excelRow);
}
