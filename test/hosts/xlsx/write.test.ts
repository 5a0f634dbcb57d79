import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { readXlsxWorkbook, writeXlsxWorkbook, type XlsxBook } from '../../../src/hosts/xlsx';
import { a1, type CellWrite, type MergeArea, type SheetGrid, type WritePlan } from '../../../src/sheet/grid';
import { buildRichWorkbook } from './build-rich';
import { FIXTURES, differences, fixtureWorkbooks, snapshot, tempDir, zipEntries } from './helpers';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TRICKY_TEXT = 'a<b & "c" _x0041_\n第二行 ';

function covered(merges: MergeArea[], row: number, col: number): boolean {
  return merges.some((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && !(row === m.top && col === m.left));
}

/** About ten writes of every kind into one sheet, chosen from what the sheet holds. */
function sheetWrites(s: SheetGrid): CellWrite[] {
  const taken = new Set<string>();
  const writes: CellWrite[] = [];
  const add = (row: number, col: number, value: CellWrite['value'], numberFormat?: string) => {
    const address = a1(row, col);
    if (taken.has(address)) return;
    taken.add(address);
    writes.push({ sheet: s.name, row, col, address, value, numberFormat, kind: 'row-score' });
  };
  const cells: { row: number; col: number; v: unknown; fmt: string | null | undefined }[] = [];
  s.values.forEach((line, i) =>
    line.forEach((v, j) => {
      const row = s.originRow + i;
      const col = s.originCol + j;
      if (covered(s.merges, row, col) || s.formulas?.[a1(row, col)] !== undefined) return;
      cells.push({ row, col, v, fmt: s.formats?.[i]?.[j] });
    }),
  );
  const pick = (test: (c: (typeof cells)[number]) => boolean) => cells.find((c) => test(c) && !taken.has(a1(c.row, c.col)));
  const bottom = s.originRow + s.values.length - 1;
  const right = s.originCol + (s.values[0]?.length ?? 1) - 1;

  const empty1 = pick((c) => c.v === null);
  if (empty1) add(empty1.row, empty1.col, 0.9978, '0.00%');
  const empty2 = pick((c) => c.v === null);
  if (empty2) add(empty2.row, empty2.col, 12.375, '0.00');
  const num = pick((c) => typeof c.v === 'number');
  if (num) add(num.row, num.col, null);
  const text = pick((c) => typeof c.v === 'string');
  if (text) add(text.row, text.col, 42);
  const master = s.merges.find((m) => !taken.has(a1(m.top, m.left)) && s.formulas?.[a1(m.top, m.left)] === undefined);
  if (master) add(master.top, master.left, '合并区域的新标题');
  const pct = pick((c) => c.fmt === '0.00%');
  if (pct) add(pct.row, pct.col, 0.5, '0.00%');
  add(bottom + 2, s.originCol, '=HYPERLINK("http://x")');
  add(bottom + 2, s.originCol + 2, '+1');
  add(bottom + 3, s.originCol + 1, TRICKY_TEXT);
  add(bottom, right + 1, 77.5, '0.00%');
  add(s.originRow, right + 2, -5, '0.000');
  return writes;
}

function planFor(book: XlsxBook): WritePlan {
  const sheets = book.grid.sheets.filter((s) => s.values.length > 0);
  const chosen = sheets.length > 1 ? [sheets[0], sheets[sheets.length - 1]] : sheets;
  const writes = chosen.flatMap(sheetWrites);
  const prior = Object.fromEntries(writes.filter((w) => typeof w.value === 'number').map((w) => [`${w.sheet}!${w.address}`, String(w.value)]));
  return { writes, kept: [], prior };
}

/** Zip entries a write may change; everything else must come out byte-identical. */
function mayChange(name: string, sheetPaths: string[]): boolean {
  return (
    sheetPaths.includes(name) ||
    /^customXml\//.test(name) ||
    ['xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/calcChain.xml'].includes(name)
  );
}

async function sheetPathsOf(bytes: Buffer, names: string[]): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  return names.map((n) => {
    const esc = n.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    const rid = new RegExp(`<sheet [^>]*name="(?:${escapeRe(n)}|${escapeRe(esc)})"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
    return `xl/${String(target).replace(/^\/?xl\//, '')}`;
  });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function roundTrip(label: string, bytes: Buffer): Promise<void> {
  const src = path.join(dir, `${label}.xlsx`);
  fs.writeFileSync(src, bytes);
  const book = await readXlsxWorkbook(src);
  const plan = planFor(book);
  expect(plan.writes.length).toBeGreaterThanOrEqual(8);
  const out = path.join(dir, `${label}.out.xlsx`);
  await writeXlsxWorkbook(book, plan, { path: out });
  const written = fs.readFileSync(out);
  expect(fs.readFileSync(src).equals(bytes)).toBe(true);

  // 1. Nothing outside the plan changed, seen through an independent reader.
  const before = await snapshot(bytes);
  const after = await snapshot(written);
  const skip = new Set(plan.writes.map((w) => `${w.sheet}!${w.address}`));
  expect(differences(before, after, skip)).toEqual([]);

  // 2. The written cells hold exactly the planned values and formats, and keep the rest of their look.
  for (const w of plan.writes) {
    const sheet = after.sheets.find((s) => s.name === w.sheet)!;
    const old = before.sheets.find((s) => s.name === w.sheet)!.cells.get(w.address);
    const now = sheet.cells.get(w.address);
    expect({ at: w.address, value: now?.value ?? 'null', formula: now?.formula ?? null }).toEqual({
      at: w.address,
      value: JSON.stringify(w.value),
      formula: null,
    });
    expect({ at: w.address, numFmt: now?.numFmt ?? null }).toEqual({ at: w.address, numFmt: w.numberFormat ?? old?.numFmt ?? null });
    if (old) expect({ at: w.address, style: now?.style }).toEqual({ at: w.address, style: old.style });
  }

  // 3. Our own reader sees the values, the text stays text, and the record of writes comes back.
  const reread = await readXlsxWorkbook(out);
  for (const w of plan.writes) {
    const s = reread.grid.sheets.find((x) => x.name === w.sheet)!;
    expect(s.values[w.row - s.originRow]?.[w.col - s.originCol]).toEqual(w.value);
    expect(s.formulas?.[w.address]).toBeUndefined();
  }
  expect(reread.grid.prior).toEqual(plan.prior);

  // 4. Every zip entry the write had no reason to touch is byte-identical.
  const touchedSheets = await sheetPathsOf(bytes, [...new Set(plan.writes.map((w) => w.sheet))]);
  const a = await zipEntries(bytes);
  const b = await zipEntries(written);
  for (const [name, content] of a) {
    expect({ name, present: b.has(name) }).toEqual({ name, present: true });
    if (!mayChange(name, touchedSheets)) expect({ name, same: content.equals(b.get(name)!) }).toEqual({ name, same: true });
  }
  const added = [...b.keys()].filter((n) => !a.has(n));
  for (const n of added) expect(n).toMatch(/^customXml\//);
  expect(b.get('xl/workbook.xml')!.toString('utf8')).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
}

describe('writeXlsxWorkbook round trips', () => {
  it.each(fixtureWorkbooks())('%s: the plan is applied and nothing else changes', async (file) => {
    await roundTrip(file.replace(/\.xlsx$/, ''), fs.readFileSync(path.join(FIXTURES, file)));
  });

  it('a workbook with formulas, comments, validation, conditional formats, an image and a defined name', async () => {
    await roundTrip('rich', await buildRichWorkbook());
  });

  it('writes into missing rows between existing ones, and into empty styled cells', async () => {
    const src = path.join(dir, 'rich-gaps.xlsx');
    fs.writeFileSync(src, await buildRichWorkbook());
    const book = await readXlsxWorkbook(src);
    const w = (address: string, value: CellWrite['value'], numberFormat?: string): CellWrite => {
      const m = /^([A-Z]+)(\d+)$/.exec(address)!;
      const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      return { sheet: '表一', row: Number(m[2]), col, address, value, numberFormat, kind: 'row-score' };
    };
    const plan: WritePlan = {
      writes: [w('F10', 88.5, '0.00'), w('A9', '小计'), w('E3', 0.95, '0.00%'), w('F3', 19), w('H3', 'x')],
      kept: [],
      prior: {},
    };
    const out = path.join(dir, 'rich-gaps.out.xlsx');
    await writeXlsxWorkbook(book, plan, { path: out });
    const xml = await (await JSZip.loadAsync(fs.readFileSync(out))).file('xl/worksheets/sheet1.xml')!.async('string');
    const rows = [...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    expect(rows).toEqual(expect.arrayContaining([9, 10]));
    const after = await snapshot(fs.readFileSync(out));
    const before = await snapshot(fs.readFileSync(src));
    const cellsAfter = after.sheets[0].cells;
    expect(cellsAfter.get('F10')?.value).toBe('88.5');
    expect(cellsAfter.get('E3')?.numFmt).toBe('0.00%');
    // F3 kept its fill and its 0.00 format: no numberFormat in the write means "leave the look alone".
    expect(cellsAfter.get('F3')?.style).toBe(before.sheets[0].cells.get('F3')?.style);
    expect(cellsAfter.get('F3')?.numFmt).toBe('0.00');
    expect(differences(before, after, new Set(plan.writes.map((x) => `表一!${x.address}`)))).toEqual([]);
  });

  it('finds sheets by name through the workbook relationships, not by file number', async () => {
    // Move 'Second' (xl/worksheets/sheet2.xml) in front of '表一' (sheet1.xml).
    const zip = await JSZip.loadAsync(await buildRichWorkbook());
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const sheets = /<sheets>(<sheet [^>]*\/>)(<sheet [^>]*\/>)<\/sheets>/.exec(wbXml)!;
    zip.file('xl/workbook.xml', wbXml.replace(sheets[0], `<sheets>${sheets[2]}${sheets[1]}</sheets>`));
    const src = path.join(dir, 'reordered.xlsx');
    fs.writeFileSync(src, await zip.generateAsync({ type: 'nodebuffer' }));
    const book = await readXlsxWorkbook(src);
    expect(book.grid.sheets.map((s) => s.name)).toEqual(['Second', '表一']);
    const out = path.join(dir, 'reordered.out.xlsx');
    await writeXlsxWorkbook(book, { writes: [{ sheet: 'Second', row: 2, col: 2, address: 'B2', value: 'here', kind: 'grade' }], kept: [], prior: {} }, { path: out });
    const outZip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(await outZip.file('xl/worksheets/sheet2.xml')!.async('string')).toContain('<c r="B2" t="inlineStr"><is><t>here</t></is></c>');
    expect(await outZip.file('xl/worksheets/sheet1.xml')!.async('string')).toBe(await zip.file('xl/worksheets/sheet1.xml')!.async('string'));
    const second = (await readXlsxWorkbook(out)).grid.sheets[0];
    expect(second.values[1][1]).toBe('here');
  });

  it('reuses the style it added when many cells get the same format', async () => {
    const src = path.join(dir, 'reuse.xlsx');
    fs.copyFileSync(path.join(FIXTURES, 'liaoning-project-F04.xlsx'), src);
    const book = await readXlsxWorkbook(src);
    const s = book.grid.sheets[0];
    const writes: CellWrite[] = [9, 10, 11, 12, 13, 14].map((row) => ({ sheet: s.name, row, col: 10, address: `J${row}`, value: row, numberFormat: '0.000', kind: 'row-score' }));
    const out = path.join(dir, 'reuse.out.xlsx');
    await writeXlsxWorkbook(book, { writes, kept: [], prior: {} }, { path: out });
    const styles = (x: Buffer) => JSZip.loadAsync(x).then((z) => z.file('xl/styles.xml')!.async('string'));
    const count = (xml: string) => Number(/<cellXfs count="(\d+)"/.exec(xml)![1]);
    const [a, b] = [await styles(fs.readFileSync(src)), await styles(fs.readFileSync(out))];
    const formats = (xml: string) => (xml.match(/<numFmt /g) ?? []).length;
    expect(formats(b) - formats(a)).toBe(1);
    // One clone per distinct original style of the J cells, however many cells share it.
    const sheetXml = await (await JSZip.loadAsync(fs.readFileSync(src))).file('xl/worksheets/sheet1.xml')!.async('string');
    const originalStyles = new Set(writes.map((w) => new RegExp(`<c r="${w.address}"[^>]*? s="(\\d+)"`).exec(sheetXml)?.[1] ?? '0'));
    expect(count(b) - count(a)).toBe(originalStyles.size);
    // Writing the same plan again on the output adds nothing new to styles.
    const again = path.join(dir, 'reuse.again.xlsx');
    await writeXlsxWorkbook(await readXlsxWorkbook(out), { writes, kept: [], prior: {} }, { path: again });
    expect(await styles(fs.readFileSync(again))).toBe(b);
  });
});

describe('PriorWrites in the workbook', () => {
  it('is created once, replaced on the next write, and read back', async () => {
    const src = path.join(dir, 'prior.xlsx');
    fs.copyFileSync(path.join(FIXTURES, 'hubei-project-1.xlsx'), src);
    const first = path.join(dir, 'prior.1.xlsx');
    const second = path.join(dir, 'prior.2.xlsx');
    const name = (await readXlsxWorkbook(src)).grid.sheets[0].name;
    await writeXlsxWorkbook(await readXlsxWorkbook(src), { writes: [], kept: [], prior: { [`${name}!H9`]: '0.95', 'x&<y>!A1': '"q"' } }, { path: first });
    const one = await readXlsxWorkbook(first);
    expect(one.grid.prior).toEqual({ [`${name}!H9`]: '0.95', 'x&<y>!A1': '"q"' });
    await writeXlsxWorkbook(one, { writes: [], kept: [], prior: { [`${name}!H9`]: '1' } }, { path: second });
    expect((await readXlsxWorkbook(second)).grid.prior).toEqual({ [`${name}!H9`]: '1' });

    const zip = await JSZip.loadAsync(fs.readFileSync(second));
    const items = Object.keys(zip.files).filter((n) => /^customXml\/item\d+\.xml$/.test(n));
    expect(items).toEqual(['customXml/item1.xml']);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    expect(types).toContain('PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    expect(rels.match(/relationships\/customXml"/g)).toHaveLength(1);
    expect(rels).toContain('Target="../customXml/item1.xml"');
    const props = await zip.file('customXml/itemProps1.xml')!.async('string');
    expect(props).toMatch(/ds:itemID="\{[0-9A-F-]{36}\}"/);
    expect(await zip.file('customXml/_rels/item1.xml.rels')!.async('string')).toContain('Target="itemProps1.xml"');
  });

  it('leaves other custom XML parts alone and finds ours among them', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, 'liaoning-project-F01.xlsx')));
    zip.file('customXml/item1.xml', '<?xml version="1.0"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>');
    const src = path.join(dir, 'other-part.xlsx');
    fs.writeFileSync(src, await zip.generateAsync({ type: 'nodebuffer' }));
    const out = path.join(dir, 'other-part.out.xlsx');
    await writeXlsxWorkbook(await readXlsxWorkbook(src), { writes: [], kept: [], prior: { 'S!A1': '1' } }, { path: out });
    const outZip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(await outZip.file('customXml/item1.xml')!.async('string')).toContain('bibliography');
    expect(await outZip.file('customXml/item2.xml')!.async('string')).toContain('urn:jixiao:state:1');
    expect((await readXlsxWorkbook(out)).grid.prior).toEqual({ 'S!A1': '1' });
  });
});

describe('writing safely', () => {
  async function copy(name: string, fixture = 'liaoning-project-F04.xlsx'): Promise<{ file: string; book: XlsxBook; sheet: string }> {
    const sub = fs.mkdtempSync(path.join(dir, `${name}-`));
    const file = path.join(sub, fixture);
    fs.copyFileSync(path.join(FIXTURES, fixture), file);
    const book = await readXlsxWorkbook(file);
    return { file, book, sheet: book.grid.sheets[0].name };
  }

  it('in place: replaces the file and leaves no temporary file', async () => {
    const { file, book, sheet } = await copy('inplace');
    const plan: WritePlan = { writes: [{ sheet, row: 6, col: 8, address: 'H6', value: 0.9979, numberFormat: '0.00%', kind: 'execution-rate' }], kept: [], prior: { [`${sheet}!H6`]: '0.9979' } };
    await writeXlsxWorkbook(book, plan, { path: file, inPlace: true });
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const again = await readXlsxWorkbook(file);
    expect(again.grid.sheets[0].values[5][7]).toBe(0.9979);
    expect(again.grid.prior).toEqual(plan.prior);
  });

  it('in place with an invalid plan: the original is untouched', async () => {
    const { file, book, sheet } = await copy('inplace-bad');
    const before = fs.readFileSync(file);
    const bad: WritePlan = {
      writes: [
        { sheet, row: 6, col: 8, address: 'H6', value: 0.5, kind: 'execution-rate' },
        { sheet: '不存在的表', row: 1, col: 1, address: 'A1', value: 1, kind: 'total' },
      ],
      kept: [],
      prior: {},
    };
    await expect(writeXlsxWorkbook(book, bad, { path: file, inPlace: true })).rejects.toMatchObject({ code: 'invalid-plan' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('in place refuses when the file changed on disk since it was read', async () => {
    const { file, book, sheet } = await copy('inplace-changed');
    fs.copyFileSync(path.join(FIXTURES, 'liaoning-project-F05.xlsx'), file);
    const plan: WritePlan = { writes: [{ sheet, row: 6, col: 8, address: 'H6', value: 1, kind: 'execution-rate' }], kept: [], prior: {} };
    await expect(writeXlsxWorkbook(book, plan, { path: file, inPlace: true })).rejects.toMatchObject({ code: 'source-changed' });
    expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(FIXTURES, 'liaoning-project-F05.xlsx')))).toBe(true);
  });

  it("keeps a person's formula in a written cell, reports it as kept and leaves it out of the record", async () => {
    const src = path.join(dir, 'formula.xlsx');
    fs.writeFileSync(src, await buildRichWorkbook());
    const book = await readXlsxWorkbook(src);
    const out = path.join(dir, 'formula.out.xlsx');
    for (const address of ['C11', 'G5']) {
      const m = /^([A-Z])(\d+)$/.exec(address)!;
      const before = book.grid.sheets[0].formulas?.[address];
      expect(before).toBeDefined();
      const key = `表一!${address}`;
      const plan: WritePlan = { writes: [{ sheet: '表一', row: Number(m[2]), col: m[1].charCodeAt(0) - 64, address, value: 1, kind: 'total' }], kept: [], prior: { [key]: '1' } };
      const result = await writeXlsxWorkbook(book, plan, { path: out });
      expect(result.kept).toEqual([{ sheet: '表一', address, kind: 'total', current: `=${before}`, ruleValue: '1' }]);
      const again = await readXlsxWorkbook(out);
      expect(again.grid.sheets[0].formulas?.[address]).toBe(before);
      expect(again.grid.prior[key]).toBeUndefined();
    }
  });

  it('refuses a hidden cell of a merged area and a write whose address disagrees with its row/col', async () => {
    const { book, sheet } = await copy('merge');
    const out = path.join(dir, 'merge.out.xlsx');
    const hidden: WritePlan = { writes: [{ sheet, row: 7, col: 5, address: 'E7', value: 1, kind: 'total' }], kept: [], prior: {} };
    await expect(writeXlsxWorkbook(book, hidden, { path: out })).rejects.toThrow(/D7:F7/);
    const mismatch: WritePlan = { writes: [{ sheet, row: 6, col: 8, address: 'H7', value: 1, kind: 'total' }], kept: [], prior: {} };
    await expect(writeXlsxWorkbook(book, mismatch, { path: out })).rejects.toMatchObject({ code: 'invalid-plan' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('will not overwrite the source unless asked to write in place', async () => {
    const { file, book } = await copy('same');
    await expect(writeXlsxWorkbook(book, { writes: [], kept: [], prior: {} }, { path: file })).rejects.toMatchObject({ code: 'invalid-plan' });
  });

  it('a target in a missing folder fails cleanly with the file name', async () => {
    const { book } = await copy('nofolder');
    const target = path.join(dir, 'no', 'such', 'out.xlsx');
    await expect(writeXlsxWorkbook(book, { writes: [], kept: [], prior: {} }, { path: target })).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('“out.xlsx”') });
  });
});
