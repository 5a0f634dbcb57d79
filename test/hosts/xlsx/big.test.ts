import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../../../src/hosts/xlsx';
import { a1, type CellWrite, type SheetGrid } from '../../../src/sheet/grid';
import { tempDir } from './helpers';
import { makeBigWorkbook } from './make-big';

const dir = tempDir('jixiao-big-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Sizes up to 500k rows, with time and memory, are measured by `npm run bench scale`, not here.
describe('a 40,000-row workbook', () => {
  it('reads completely and takes a plan without losing anything else', async () => {
    const info = await makeBigWorkbook(path.join(dir, 'big.xlsx'), 40_000);
    expect(info.bytes).toBeGreaterThan(2 * 1024 * 1024);

    const book = await readXlsxWorkbook(info.path);
    expect(book.grid.sheets.map((s) => s.name)).toEqual(['表单', info.dataSheet]);
    const data = book.grid.sheets[1];
    expect([data.originRow, data.originCol, data.values.length, data.values[0].length]).toEqual([1, 1, info.rows, 8]);
    expect(data.values[info.rows - 1][0]).toBe(info.rows);
    expect(data.formats?.[5000][3]).toBe('0.00%');
    expect(data.formulas?.[`H${info.rows}`]).toBe(`C${info.rows}*2`);
    expect(Object.keys(data.formulas ?? {})).toHaveLength(info.rows);

    const rows = [1, 2, 999, 20_000, 31_337, info.rows, info.rows + 3];
    const writes: CellWrite[] = rows.flatMap((row) => [
      { sheet: data.name, row, col: 7, address: a1(row, 7), value: row / 1000, numberFormat: '0.00%', kind: 'row-completion' },
      { sheet: data.name, row, col: 9, address: a1(row, 9), value: `=备注${row}`, kind: 'grade' },
    ]);
    writes.push({ sheet: data.name, row: 10, col: 5, address: 'E10', value: null, kind: 'row-score' });
    writes.push({ sheet: '表单', row: 2, col: 4, address: 'D2', value: 12.375, numberFormat: '0.00', kind: 'total' });
    const out = path.join(dir, 'big.out.xlsx');
    await writeXlsxWorkbook(book, { writes, kept: [], prior: { [`${data.name}!G2`]: '0.002' } }, { path: out });

    // Untouched entries are byte-identical; the big sheet changed only where written.
    const [zin, zout] = await Promise.all([JSZip.loadAsync(fs.readFileSync(info.path)), JSZip.loadAsync(fs.readFileSync(out))]);
    for (const name of Object.keys(zin.files).filter((n) => !zin.files[n].dir)) {
      if (/^xl\/(worksheets\/sheet[12]\.xml|styles\.xml|workbook\.xml|_rels\/workbook\.xml\.rels)$|^\[Content_Types\]\.xml$/.test(name)) continue;
      expect({ name, same: (await zin.file(name)!.async('nodebuffer')).equals(await zout.file(name)!.async('nodebuffer')) }).toEqual({ name, same: true });
    }

    const after = await readXlsxWorkbook(out);
    const changed = new Set(writes.map((w) => `${w.sheet}!${w.address}`));
    const grid = (s: SheetGrid, row: number, col: number) => s.values[row - s.originRow]?.[col - s.originCol] ?? null;
    for (const w of writes) {
      const s = after.grid.sheets.find((x) => x.name === w.sheet)!;
      expect(grid(s, w.row, w.col)).toEqual(w.value);
      if (w.numberFormat) expect(s.formats?.[w.row - s.originRow][w.col - s.originCol]).toBe(w.numberFormat);
    }
    // Every other cell of both sheets: same value, format and formula.
    for (const [i, before] of book.grid.sheets.entries()) {
      const now = after.grid.sheets[i];
      let diffs = 0;
      before.values.forEach((line, r) =>
        line.forEach((v, c) => {
          const row = before.originRow + r;
          const col = before.originCol + c;
          if (changed.has(`${before.name}!${a1(row, col)}`)) return;
          const fmtBefore = before.formats?.[r][c] ?? null;
          const fmtNow = now.formats?.[row - now.originRow]?.[col - now.originCol] ?? null;
          if (grid(now, row, col) !== v || fmtBefore !== fmtNow) diffs++;
        }),
      );
      expect({ sheet: before.name, diffs }).toEqual({ sheet: before.name, diffs: 0 });
      expect(now.formulas).toEqual(before.formulas);
      expect(now.merges).toEqual(before.merges);
    }
    expect(after.grid.prior).toEqual({ [`${data.name}!G2`]: '0.002' });
  }, 300_000);
});
