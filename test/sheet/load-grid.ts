import ExcelJS from 'exceljs';
import * as path from 'path';
import type { CellValue, MergeArea, SheetGrid, WorkbookGrid } from '../../src/sheet/grid';
import { FIXTURES } from '../helpers/fixtures';

/**
 * Test-only reader: a fixture workbook as the SheetGrids `src/sheet` works on (values,
 * number formats, formulas, merges). Independent of the production reader in src/hosts/xlsx.
 */
function cellValue(cell: ExcelJS.Cell): CellValue {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    const r = (v as { result?: unknown }).result;
    return typeof r === 'number' || typeof r === 'string' || typeof r === 'boolean' ? r : null;
  }
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  return String(v);
}

function parseRange(ref: string): MergeArea {
  const [a, b] = ref.split(':');
  const p = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(s)!;
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]), col };
  };
  const s = p(a);
  const e = p(b ?? a);
  return { top: s.row, left: s.col, bottom: e.row, right: e.col };
}

export function sheetGrid(ws: ExcelJS.Worksheet): SheetGrid {
  const rows = ws.rowCount;
  const cols = ws.columnCount;
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  const formulas: Record<string, string> = {};
  for (let r = 1; r <= rows; r++) {
    const vr: CellValue[] = [];
    const fr: (string | null)[] = [];
    for (let c = 1; c <= cols; c++) {
      const cell = ws.getCell(r, c);
      // ExcelJS reports the master's value in every cell of a merge; a grid holds it once.
      const slave = cell.isMerged && cell.master.address !== cell.address;
      vr.push(slave ? null : cellValue(cell));
      fr.push(cell.numFmt ?? null);
      if (!slave && cell.formula) formulas[cell.address] = cell.formula;
    }
    values.push(vr);
    formats.push(fr);
  }
  const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map(parseRange);
  return { name: ws.name, originRow: 1, originCol: 1, values, formats, formulas, merges };
}

const cache = new Map<string, Promise<WorkbookGrid>>();

/** A fresh deep copy each call, so tests may change their grid freely. */
export async function loadBook(file: string): Promise<WorkbookGrid> {
  let p = cache.get(file);
  if (!p) {
    p = (async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(FIXTURES, file));
      const sheets: SheetGrid[] = [];
      wb.eachSheet((ws) => sheets.push(sheetGrid(ws)));
      return { sheets, prior: {} };
    })();
    cache.set(file, p);
  }
  return structuredClone(await p);
}

export async function loadSheet(file: string, sheet: string): Promise<SheetGrid> {
  const book = await loadBook(file);
  const s = book.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(`sheet ${sheet} not in ${file}`);
  return s;
}
