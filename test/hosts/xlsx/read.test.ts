import * as fs from 'fs';
import * as path from 'path';
import { readXlsxWorkbook, XlsxReadError, type XlsxBook } from '../../../src/hosts/xlsx';
import type { CellValue, SheetGrid } from '../../../src/sheet/grid';
import { buildRichWorkbook } from './build-rich';
import { FIXTURES, fixtureWorkbooks, tempDir } from './helpers';

function sheet(book: XlsxBook, name: string): SheetGrid {
  const s = book.grid.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${book.grid.sheets.map((x) => x.name).join(', ')}`);
  return s;
}

function cell(s: SheetGrid, row: number, col: number): CellValue | undefined {
  return s.values[row - s.originRow]?.[col - s.originCol];
}

function format(s: SheetGrid, row: number, col: number): string | null | undefined {
  return s.formats?.[row - s.originRow]?.[col - s.originCol];
}

function mergeRefs(s: SheetGrid): string[] {
  const letter = (c: number) => String.fromCharCode(64 + c);
  return s.merges.map((m) => `${letter(m.left)}${m.top}:${letter(m.right)}${m.bottom}`);
}

describe('readXlsxWorkbook on the fixture workbooks', () => {
  it.each(fixtureWorkbooks())('%s: sheets match the expected file, values sit where the form prints them', async (file) => {
    const book = await readXlsxWorkbook(path.join(FIXTURES, file));
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, file.replace(/\.xlsx$/, '.expected.json')), 'utf8'));
    const forms: { sheet: string; rows?: { excel_row: number; indicator: string }[] }[] = expected.forms ?? [expected];
    expect(book.grid.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(forms.map((f) => f.sheet)));
    expect(book.grid.prior).toEqual({});
    expect(book.source.name).toBe(file);
    for (const form of forms) {
      const s = sheet(book, form.sheet);
      expect(s.values.length).toBeGreaterThan(3);
      expect(s.formats).toHaveLength(s.values.length);
      for (const row of s.values) expect(row).toHaveLength(s.values[0].length);
      // Each indicator named in the expected file appears as text on its row.
      for (const r of (form.rows ?? []).filter((x) => x.indicator !== '')) {
        const texts = (s.values[r.excel_row - s.originRow] ?? []).filter((v) => typeof v === 'string') as string[];
        expect(texts.some((t) => t.replace(/\s+/g, '') === r.indicator.replace(/\s+/g, ''))).toBe(true);
      }
    }
  });

  it('liaoning F04: amounts as numbers, merges of the indicator groups', async () => {
    const book = await readXlsxWorkbook(path.join(FIXTURES, 'liaoning-project-F04.xlsx'));
    const s = sheet(book, 'F04 事业单位招考工作经费');
    expect(s.originRow).toBe(1);
    expect(s.originCol).toBe(1);
    expect(cell(s, 6, 3)).toBe(99.23);
    expect(cell(s, 6, 6)).toBe(99.02);
    expect(cell(s, 6, 1)).toBe('项目预算金额（万元）');
    expect(cell(s, 6, 8)).toBeNull(); // H6: the execution rate the product writes
    expect(format(s, 6, 8)).toBe('0.00%');
    expect(mergeRefs(s)).toEqual(expect.arrayContaining(['A9:A12', 'D7:F7', 'A1:K1']));
    expect(s.formulas).toEqual({});
  });

  it('hubei overall: F10 is 0.998 shown as a percentage', async () => {
    const book = await readXlsxWorkbook(path.join(FIXTURES, 'hubei-overall.xlsx'));
    const s = book.grid.sheets[0];
    expect(cell(s, 10, 6)).toBe(0.998);
    expect(format(s, 10, 6)).toMatch(/%$/);
  });

  it('a multi-sheet workbook keeps workbook order', async () => {
    const book = await readXlsxWorkbook(path.join(FIXTURES, 'liaoning-projects-F01-F08.xlsx'));
    expect(book.grid.sheets.map((s) => s.name.slice(0, 3))).toEqual(['F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08']);
  });

  it('reads formulas, rich text, hyperlinks, dates, errors and booleans as a person sees them', async () => {
    const book = await readXlsxWorkbook(await buildRichWorkbook(), { name: 'rich.xlsx' });
    const s = sheet(book, '表一');
    expect(cell(s, 11, 3)).toBe(615);
    expect(s.formulas?.C11).toBe('SUM(C3:C8)');
    expect(s.formulas?.G3).toBe('D3/C3');
    expect(s.formulas?.G5).toBe('D5/C5'); // shared formula, translated to its own cell
    expect(cell(s, 5, 7)).toBeCloseTo(97 / 102, 12);
    expect(cell(s, 12, 2)).toBe('加粗普通');
    expect(cell(s, 13, 2)).toBe('链接');
    expect(cell(s, 14, 2)).toBe('2024-12-31');
    expect(cell(s, 15, 2)).toBe('#DIV/0!');
    expect(cell(s, 16, 2)).toBe(true);
    expect(format(s, 3, 5)).toBe('0.00%');
    expect(mergeRefs(s)).toEqual(['A1:F1']);
    const second = sheet(book, 'Second');
    expect(second.formulas).toEqual({ B1: "'表一'!C11*2" });
    expect(cell(second, 1, 2)).toBe(1230);
  });

  it('reports the used range origin when a sheet does not start at A1', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('偏移');
    ws.getCell('C4').value = '起点';
    ws.getCell('E7').value = 5;
    wb.addWorksheet('空表');
    const book = await readXlsxWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    const s = sheet(book, '偏移');
    expect([s.originRow, s.originCol, s.values.length, s.values[0].length]).toEqual([4, 3, 4, 3]);
    expect(cell(s, 7, 5)).toBe(5);
    expect(sheet(book, '空表').values).toEqual([]);
  });
});

describe('readXlsxWorkbook rejects what is not a workbook, naming the file', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function failure(file: string): Promise<XlsxReadError> {
    try {
      await readXlsxWorkbook(file);
    } catch (err) {
      expect(err).toBeInstanceOf(XlsxReadError);
      return err as XlsxReadError;
    }
    throw new Error(`read of ${file} did not fail`);
  }

  it('a text file renamed .xlsx', async () => {
    const file = path.join(dir, '自评表.xlsx');
    fs.writeFileSync(file, '项目名称,得分\n培训经费,95\n');
    const err = await failure(file);
    expect(err.code).toBe('not-xlsx');
    expect(err.message).toBe('无法读取 “自评表.xlsx”：不是有效的 .xlsx 工作簿（可能是改了扩展名的文本文件）');
  });

  it('an empty file', async () => {
    const file = path.join(dir, 'empty.xlsx');
    fs.writeFileSync(file, '');
    const err = await failure(file);
    expect(err.code).toBe('not-xlsx');
    expect(err.message).toContain('“empty.xlsx”');
    expect(err.message).toContain('空');
  });

  it('a missing file', async () => {
    const err = await failure(path.join(dir, 'nope.xlsx'));
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('无法读取 “nope.xlsx”：文件不存在，请检查路径');
  });

  it('an old .xls (OLE compound file)', async () => {
    const file = path.join(dir, 'old.xlsx');
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('Workbook', 'utf16le').copy(ole, 512);
    fs.writeFileSync(file, ole);
    const err = await failure(file);
    expect(err.code).toBe('not-xlsx');
    expect(err.message).toContain('.xls');
  });

  it('a password-protected workbook', async () => {
    const file = path.join(dir, 'locked.xlsx');
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 512);
    fs.writeFileSync(file, ole);
    const err = await failure(file);
    expect(err.code).toBe('encrypted');
    expect(err.message).toContain('“locked.xlsx”');
  });

  it('a truncated workbook', async () => {
    const file = path.join(dir, 'cut.xlsx');
    const whole = fs.readFileSync(path.join(FIXTURES, 'liaoning-project-F04.xlsx'));
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await failure(file);
    expect(['not-xlsx', 'unreadable']).toContain(err.code);
    expect(err.message).toMatch(/^无法读取 “cut\.xlsx”：/);
  });

  it('a zip that is not a workbook', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const file = path.join(dir, 'archive.xlsx');
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const err = await failure(file);
    expect(err.code).toBe('not-xlsx');
    expect(err.message).toContain('“archive.xlsx”');
  });

  it('a folder', async () => {
    const sub = path.join(dir, 'folder.xlsx');
    fs.mkdirSync(sub);
    const err = await failure(sub);
    expect(err.code).toBe('unreadable');
    expect(err.message).toContain('“folder.xlsx”');
  });
});
