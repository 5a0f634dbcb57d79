import JSZip from 'jszip';
import { readXlsxWorkbook, writeXlsxWorkbook, XlsxReadError } from '../../../src/hosts/xlsx';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';

/** Odd and hostile packages (issue 10): each gets a clear Chinese message naming the file and the part, or is read correctly. */

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Parts {
  [name: string]: string | Buffer | null;
}

function sheetXml(rows: string, tail = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}" xmlns:r="${R}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;
}

/** A minimal workbook: one sheet 'S' with A1 = 'x' (inline); `over` replaces or (null) removes parts. */
async function pack(over: Parts = {}, wbPath = 'xl/workbook.xml', sheetName = 'S'): Promise<Buffer> {
  const dir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const file = wbPath.slice(dir.length);
  const parts: Parts = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/${wbPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/${dir}worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="${wbPath}"/></Relationships>`,
    [wbPath]: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    [`${dir}_rels/${file}.rels`]:
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    [`${dir}sharedStrings.xml`]: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}"><si><t>共享</t></si></sst>`,
    [`${dir}worksheets/sheet1.xml`]: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'),
    ...over,
  };
  const zip = new JSZip();
  for (const [name, data] of Object.entries(parts)) if (data !== null) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function readError(bytes: Buffer, opts = {}): Promise<XlsxReadError> {
  const err = await readXlsxWorkbook(bytes, { name: '坏.xlsx', ...opts }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(XlsxReadError);
  expect((err as Error).message).toMatch(/^无法读取 “坏\.xlsx”：/);
  return err as XlsxReadError;
}

const SHEET = 'xl/worksheets/sheet1.xml';

describe('reading hostile or odd packages', () => {
  it('reads the minimal package (the base of the cases below)', async () => {
    const book = await readXlsxWorkbook(await pack());
    expect(book.grid.sheets[0].values).toEqual([['x']]);
  });

  it('a package without [Content_Types].xml', async () => {
    const err = await readError(await pack({ '[Content_Types].xml': null }));
    expect(err.message).toContain('[Content_Types].xml');
  });

  it('a shared-string index past the end names the cell', async () => {
    const err = await readError(await pack({ [SHEET]: sheetXml('<row r="1"><c r="B1" t="s"><v>7</v></c></row>') }));
    expect(err.message).toMatch(/工作表“S”（xl\/worksheets\/sheet1\.xml）.*B1.*共享字符串 #7 不存在/);
  });

  it('a 40-character sheet name is read as it is', async () => {
    const name = '很长的工作表名称'.repeat(5);
    const book = await readXlsxWorkbook(await pack({}, 'xl/workbook.xml', name));
    expect(book.grid.sheets[0].name).toBe(name);
  });

  it('finds the workbook part through the package relationships, wherever it is', async () => {
    const book = await readXlsxWorkbook(await pack({}, 'book/main.xml'));
    expect(book.grid.sheets[0].values).toEqual([['x']]);
  });

  it('a missing sheet part is named', async () => {
    const err = await readError(await pack({ [SHEET]: null }));
    expect(err.message).toContain('工作表“S”的部件（xl/worksheets/sheet1.xml）在压缩包中缺失');
  });

  it('an oversized part is refused before it is inflated, naming the limit', async () => {
    const err = await readError(await pack(), { limits: { maxPartBytes: 100 } });
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/部件 \S+ 解压后 \d+ MB，超过上限/);
  });

  it('a UTF-16 part is decoded', async () => {
    const xml = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>十六位</t></is></c></row>').replace('UTF-8', 'UTF-16');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const book = await readXlsxWorkbook(await pack({ [SHEET]: le }));
    expect(book.grid.sheets[0].values).toEqual([['十六位']]);
  });

  it('a stray cell far from the data (XFD1048576) is left out with a note, and never written', async () => {
    const rows =
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row>' +
      '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is></c></row>';
    const book = await readXlsxWorkbook(await pack({ [SHEET]: sheetXml(rows) }));
    const sheet = book.grid.sheets[0];
    // The grid covers the data only: memory bounded by the cells that exist, not by the gap.
    expect([sheet.originRow, sheet.originCol, sheet.values]).toEqual([1, 1, [[1, 2], [3, null]]]);
    expect(sheet.ignoredCells).toEqual(['XFD1048576']);
    expect(book.notes.join('\n')).toContain('单元格 XFD1048576 远离表格其余内容（已用区域 A1:XFD1048576 过大），已忽略');
    const dir = tempDir('jixiao-hostile-');
    try {
      const plan = (address: string, row: number, col: number) => ({ writes: [{ sheet: 'S', row, col, address, value: 5, kind: 'total' as const }], kept: [], prior: {} });
      await expect(writeXlsxWorkbook(book, plan('XFD1048576', 1048576, 16384), { path: path.join(dir, 'a.xlsx') })).rejects.toThrow(/XFD1048576 远离表格、读取时已忽略，不能写入/);
      expect(fs.existsSync(path.join(dir, 'a.xlsx'))).toBe(false);
      await writeXlsxWorkbook(book, plan('C2', 2, 3), { path: path.join(dir, 'b.xlsx') });
      const again = await readXlsxWorkbook(path.join(dir, 'b.xlsx'));
      expect(again.grid.sheets[0].values[1]).toEqual([3, null, 5]);
      expect(again.grid.sheets[0].ignoredCells).toEqual(['XFD1048576']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a stray cell in a form’s own row or column far away is left out too', async () => {
    const rows = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>9</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="1048576"><c r="A1048576"><v>8</v></c></row>';
    const book = await readXlsxWorkbook(await pack({ [SHEET]: sheetXml(rows) }), { limits: { maxRangeCells: 1000 } });
    expect(book.grid.sheets[0].values).toEqual([[1], [2]]);
    expect(book.grid.sheets[0].ignoredCells).toEqual(['XFD1', 'A1048576']);
  });

  it('a used range too large because of the data itself is refused at once with the range named', async () => {
    // 40 x 40 contiguous cells against a limit of 1,000: no stray to drop, the data is the range.
    const rows = Array.from({ length: 40 }, (_, r) => `<row r="${r + 1}">${Array.from({ length: 40 }, (_, c) => `<c><v>${c}</v></c>`).join('')}</row>`).join('');
    const err = await readError(await pack({ [SHEET]: sheetXml(rows) }), { limits: { maxRangeCells: 1000 } });
    expect(err.code).toBe('too-large');
    expect(err.message).toContain('已用区域 A1:AN40 过大（1,600 个单元格，上限 1,000）');
  });

  it('a number beyond a double (<v>1e400</v>) is kept as written, never read as a blank', async () => {
    const book = await readXlsxWorkbook(await pack({ [SHEET]: sheetXml('<row r="1"><c r="A1"><v>1e400</v></c><c r="B1"><v>-1E+999</v></c></row>') }));
    expect(book.grid.sheets[0].values).toEqual([['1e400', '-1E+999']]);
  });

  it('a workbook part moved without its relationships part is named, not “no form found”', async () => {
    // What a careless converter does: the workbook part and the package's pointer moved, its .rels left behind.
    const zip = await JSZip.loadAsync(await pack());
    zip.file('xl/book/main.xml', await zip.file('xl/workbook.xml')!.async('string'));
    zip.remove('xl/workbook.xml');
    zip.file('_rels/.rels', (await zip.file('_rels/.rels')!.async('string')).replace('xl/workbook.xml', 'xl/book/main.xml'));
    const err = await readError(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(err.message).toContain('工作簿部件 xl/book/main.xml 的关系部件 xl/book/_rels/main.xml.rels 缺失（压缩包里的 xl/_rels/workbook.xml.rels 属于 xl/workbook.xml，不属于它），找不到其中的工作表');
  });

  it('a workbook or styles part without its root element is named at once (writing would have to patch it)', async () => {
    const wb = `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${R}" broken/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    expect((await readError(await pack({ 'xl/workbook.xml': wb }))).message).toContain('部件 xl/workbook.xml 已损坏（缺少完整的 <workbook> 根元素）');
    const rels =
      `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId3" Type="${R}/styles" Target="styles.xml"/></Relationships>`;
    const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlfo><fonts/></styleSheet>`;
    const err = await readError(await pack({ 'xl/_rels/workbook.xml.rels': rels, 'xl/styles.xml': styles }));
    expect(err.message).toContain('部件 xl/styles.xml 已损坏（缺少完整的 <styleSheet> 根元素）');
  });

  it('a merged area over the whole sheet is ignored with a note', async () => {
    const xml = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>', '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');
    const book = await readXlsxWorkbook(await pack({ [SHEET]: xml }));
    expect(book.grid.sheets[0].merges).toEqual([]);
    expect(book.notes.join('\n')).toContain('合并区域 A1:XFD1048576 过大');
  });

  it('a column range to 1,000,000,000 costs nothing, reading or writing', async () => {
    const xml = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').replace('<sheetData>', '<cols><col min="1" max="1000000000" width="9" style="0"/></cols><sheetData>');
    const book = await readXlsxWorkbook(await pack({ [SHEET]: xml }));
    expect(book.grid.sheets[0].values).toEqual([[1]]);
    const dir = tempDir('jixiao-hostile-');
    try {
      const out = path.join(dir, 'out.xlsx');
      await writeXlsxWorkbook(book, { writes: [{ sheet: 'S', row: 2, col: 3, address: 'C2', value: 5, kind: 'total' }], kept: [], prior: {} }, { path: out });
      expect((await readXlsxWorkbook(out)).grid.sheets[0].values[1][2]).toBe(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a row number beyond Excel’s last row is named', async () => {
    const err = await readError(await pack({ [SHEET]: sheetXml('<row r="1000000000"><c><v>1</v></c></row>') }));
    expect(err.message).toContain('行号 1000000000 超出 Excel 的范围');
  });

  it('a damaged sheet part names the part instead of a parser message', async () => {
    const err = await readError(await pack({ [SHEET]: sheetXml('<row r="1"><c r="A1"><v>1</v></row>').slice(0, -30) }));
    expect(err.message).toContain('xl/worksheets/sheet1.xml');
  });
});
