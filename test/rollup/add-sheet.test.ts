import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as fs from 'fs';
import * as path from 'path';
import { readXlsxWorkbook } from '../../src/hosts/xlsx';
import { addSheetToXlsx } from '../../src/hosts/xlsx/add-sheet';
import { FIXTURES } from '../helpers/fixtures';

const source = fs.readFileSync(path.join(FIXTURES, 'liaoning-projects-F01-F08.xlsx'));

async function entries(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('string'));
  return out;
}

describe('adding a sheet to an existing package', () => {
  it('adds the sheet after the others and leaves every other part as it was', async () => {
    const rows = [['标题 & <说明>'], [], ['行', '值', '真'], [9, 12.375, true], ['', '=SUM(A1)', null]];
    const out = await addSheetToXlsx(source, { name: '汇总明细', rows, widths: [6, 30], freezeRows: 3 });
    const before = await entries(source);
    const after = await entries(out);
    const changed = [...after.keys()].filter((k) => before.get(k) !== after.get(k)).sort();
    expect(changed).toEqual(['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/worksheets/sheet9.xml']);
    expect([...before.keys()].every((k) => after.has(k))).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(9);
    const ws = wb.getWorksheet('汇总明细')!;
    expect(ws.getCell('A1').value).toBe('标题 & <说明>');
    expect(ws.getCell('A4').value).toBe(9);
    expect(ws.getCell('B4').value).toBe(12.375);
    expect(ws.getCell('C4').value).toBe(true);
    // Text that looks like a formula stays text.
    expect(ws.getCell('B5').value).toBe('=SUM(A1)');
    expect(ws.getColumn(2).width).toBe(30);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });

    // Our own reader sees the original forms unchanged and the new sheet.
    const book = await readXlsxWorkbook(out, { name: 'out.xlsx' });
    expect(book.grid.sheets.map((s) => s.name)).toContain('汇总明细');
    const original = await readXlsxWorkbook(source, { name: 'in.xlsx' });
    expect(book.grid.sheets.slice(0, 8)).toEqual(original.grid.sheets);
  });

  it('replaces a sheet of the same name instead of adding a second one', async () => {
    const once = await addSheetToXlsx(source, { name: '汇总明细', rows: [['旧']] });
    const twice = await addSheetToXlsx(once, { name: '汇总明细', rows: [['新']] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(twice as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).filter((n) => n === '汇总明细')).toHaveLength(1);
    expect(wb.getWorksheet('汇总明细')!.getCell('A1').value).toBe('新');
  });

  it('makes a name Excel accepts (no : \\ / ? * [ ], at most 31 characters)', async () => {
    const out = await addSheetToXlsx(source, { name: '明细[2024]/汇总:一览表?*再加上很多很多很多很多很多很多字', rows: [['x']] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    const name = wb.worksheets[8].name;
    expect(name).toMatch(/^[^:\\/?*[\]]{1,31}$/);
    expect(name.startsWith('明细_2024__汇总_一览表')).toBe(true);
  });
});
