import ExcelJS from 'exceljs';
import * as path from 'path';
import { FakeWorkbook, parseRange, type FakeBookJson, type FakeValue } from './fake-excel';

import { FIXTURES } from '../helpers/fixtures';

export { FIXTURES };

/** What Excel would hold in a cell ExcelJS read from the file. */
function cellValue(cell: ExcelJS.Cell): { value: FakeValue; formula?: string } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (v instanceof Date) return { value: (v.getTime() / 86400000) + 25569 };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { value: (o.richText as { text: string }[]).map((t) => t.text).join('') };
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result as unknown;
      const value = typeof r === 'number' || typeof r === 'string' || typeof r === 'boolean' ? r : null;
      return { value, formula: String(o.formula ?? o.sharedFormula) };
    }
    if ('text' in o) return { value: String(o.text) };
    if ('error' in o) return { value: String(o.error) };
  }
  return { value: String(v) };
}

/** A fixture workbook as the serialisable fake-book JSON (for the fake in Node and in the browser page). */
export async function fixtureBookJson(file: string): Promise<FakeBookJson> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.isAbsolute(file) ? file : path.join(FIXTURES, file));
  const json: FakeBookJson = { sheets: [] };
  wb.eachSheet((ws) => {
    const cells: FakeBookJson['sheets'][number]['cells'] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        // Only the master of a merged area holds a value in Excel.
        if (cell.isMerged && cell.master !== cell) {
          if (cell.numFmt) cells.push([r, c, null, cell.numFmt]);
          return;
        }
        const { value, formula } = cellValue(cell);
        const fmt = cell.numFmt || 'General';
        if (value === null && !formula && fmt === 'General') return;
        cells.push(formula ? [r, c, value, fmt, formula] : [r, c, value, fmt]);
      });
    });
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map((m) => parseRange(m));
    json.sheets.push({ name: ws.name, cells, merges });
  });
  return json;
}

export async function loadFixture(file: string): Promise<FakeWorkbook> {
  return FakeWorkbook.fromJSON(await fixtureBookJson(file));
}
