import type { CellValue } from '../sheet/grid';

/**
 * The one conversion from what a host stores in a cell to the grid's plain value, shared by the
 * xlsx reader and the Office.js adapter so both see a workbook alike: a date as its text with
 * the time kept, an error value as its text ('#DIV/0!'), a formula as its cached result, and
 * text as a person sees it.
 */

/** A number format that shows a date or time (text in quotes and [colour]/[$-804] tokens do not count). */
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format || format === 'General') return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  if (bare.includes('%')) return false;
  return /[ymdhMsb]/.test(bare);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'yyyy-mm-dd', with ' hh:mm' or ' hh:mm:ss' when the instant has a time of day. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return s === 0 ? `${day} ${pad(h)}:${pad(m)}` : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** An Excel date serial as text (1900 or 1904 date system), to the second. */
export function serialDateText(serial: number, date1904 = false): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000);
  return dateText(new Date(ms));
}

/** A number as the grid carries it: dates as text, anything not finite as empty. */
export function numberCellValue(n: number, format: string | null | undefined, date1904 = false): CellValue {
  if (!Number.isFinite(n)) return null;
  return isDateFormat(format) ? serialDateText(n, date1904) : n;
}

/** Excel's error values, as they appear in a cell. */
export const ERROR_VALUES: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
]);

/**
 * A value as Office.js hands it back (values + numberFormat of one cell): '' is empty, numbers
 * under a date format become date text, error values stay their text.
 */
export function hostCellValue(v: unknown, format: unknown, date1904 = false): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number') return numberCellValue(v, typeof format === 'string' ? format : null, date1904);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/**
 * SpreadsheetML stores characters XML cannot carry (and CR) as _xHHHH_, and a literal '_xHHHH_'
 * as _x005F_xHHHH_; Excel shows the decoded text.
 */
export function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * One policy for a formula found in a cell the plan writes: the product may replace only a
 * formula it wrote itself (the plan says which) or the very formula it writes now. Any other
 * formula is a person's: both hosts keep it, report it as kept, and never fail the write.
 */
export function mayWriteOverFormula(currentFormula: string | null, write: { formula?: string; replacesFormula?: string }): boolean {
  if (currentFormula === null) return true;
  return currentFormula === write.replacesFormula || (write.formula !== undefined && currentFormula === write.formula);
}
