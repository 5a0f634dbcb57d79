import type ExcelJS from 'exceljs';
import type { CellValue } from '../../sheet/grid';

/**
 * ExcelJS cell values → the grid's plain values. Forms are read as a person sees them: rich text
 * as its plain text, a hyperlink as its text, an error as '#DIV/0!', a date as 'yyyy-mm-dd'.
 */
export function plainValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return unescapeOoxml(value);
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return null;
  if ('richText' in value && Array.isArray(value.richText)) return richText(value.richText);
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    return plainValue((value as { result?: ExcelJS.CellValue }).result);
  }
  if ('hyperlink' in value || 'text' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return unescapeOoxml(text);
    if (text && typeof text === 'object' && 'richText' in text) return richText((text as ExcelJS.CellRichTextValue).richText);
    return null;
  }
  return null;
}

function richText(runs: ExcelJS.RichText[]): string {
  return unescapeOoxml(runs.map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
}

/**
 * SpreadsheetML stores characters XML cannot carry (and CR) as _xHHHH_, and a literal '_x' as
 * _x005F_x...; Excel shows the decoded text, ExcelJS hands back the escapes.
 */
export function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** ExcelJS hands date serials back as UTC instants. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const day = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return s === 0 ? `${day} ${p(h)}:${p(m)}` : `${day} ${p(h)}:${p(m)}:${p(s)}`;
}

/** Formula text without '=' for formula cells (shared formulas translated to this cell), else null. */
export function formulaText(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  if (!v || typeof v !== 'object' || !('formula' in v || 'sharedFormula' in v)) return null;
  const f = cell.formula;
  if (typeof f !== 'string' || f === '') return null;
  return f.startsWith('=') ? f.slice(1) : f;
}
