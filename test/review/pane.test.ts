import Decimal from 'decimal.js';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROFILES } from '../../src/engine';
import { ExcelSession, type ExcelRunner } from '../../src/hosts/excel';
import { reviewOpenWorkbook, rollupOpenWorkbook } from '../../taskpane/src/rollup-review';
import { FakeRichApiError, FakeWorkbook, type FakeBookJson } from '../excel/fake-excel';
import { fixtureBookJson } from '../excel/load-fixture';
import { SHEET, summaryBook, unitBook } from '../rollup/f02-workbooks';
import { scoredFixtureBooks, typedFixture } from './typed-fixtures';

/** 汇总 and 审核 through the Office.js host, against the in-repo fake of Excel. */
const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;
const session = (wb: FakeWorkbook) => new ExcelSession(runner(wb), { triggerSourceSupported: true });

describe('task pane 汇总 / 审核 on the open workbook', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-pane-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('审核 reads the workbook and writes nothing', async () => {
    const file = path.join(dir, 'hubei-project-4.xlsx');
    fs.writeFileSync(file, await typedFixture('hubei-project-4.xlsx', scoredFixtureBooks().get('hubei-project-4.xlsx')!));
    const wb = FakeWorkbook.fromJSON(await fixtureBookJson(file));
    const before = JSON.stringify(wb.toJSON());
    const reviews = await reviewOpenWorkbook(runner(wb), session(wb), null);
    expect(JSON.stringify(wb.toJSON())).toBe(before);
    expect(wb.customXml).toHaveLength(0);
    expect(reviews).toHaveLength(1);
    expect(reviews[0].findings.filter((f) => f.code === 'score-differs').map((f) => f.cell)).toEqual(['H17']);
    expect(reviews[0].profile).toBe('hubei');
  });

  it('汇总 over forms on four sheets: the summary sheet gets the combined actuals and scores, the units stay as they were', async () => {
    const files = [await summaryBook(dir), await unitBook(dir, 'A'), await unitBook(dir, 'B'), await unitBook(dir, 'C')];
    const names = ['汇总', '单位A', '单位B', '单位C'];
    const json: FakeBookJson = { sheets: [] };
    for (const [i, f] of files.entries()) {
      const one = await fixtureBookJson(f);
      const sheet = one.sheets.find((s) => s.name === SHEET)!;
      json.sheets.push({ ...sheet, name: names[i] });
    }
    const wb = FakeWorkbook.fromJSON(json);
    const units = JSON.stringify(wb.toJSON().sheets.slice(1));
    const r = await rollupOpenWorkbook(session(wb), PROFILES.liaoning, '汇总');
    expect(r).not.toBeNull();
    expect(r!.problems).toEqual([]);
    expect(wb.value('汇总', 'C6')).toBe(127.35);
    expect(wb.value('汇总', 'F6')).toBe(96.74);
    expect(wb.value('汇总', 'G9')).toBe(620);
    expect([9, 10, 11, 12, 13, 14, 15].map((row) => wb.value('汇总', `J${row}`))).toEqual([3.4, 5, 10, 10, 10, 20, 18.2]);
    const total = new Decimal('76.6').plus(new Decimal('96.74').div('127.35').times(10));
    expect(new Decimal(wb.value('汇总', 'K16') as number).toDecimalPlaces(8).toString()).toBe(total.toDecimalPlaces(8).toString());
    expect(JSON.stringify(wb.toJSON().sheets.slice(1, 4))).toBe(units);

    // The 汇总明细 sheet, as the command line adds it: the detail table, header rows frozen.
    expect(r!.detailSheet).toBe('汇总明细');
    expect(wb.sheets.map((s) => s.name)).toEqual([...names, '汇总明细']);
    expect(sheetRows(wb, '汇总明细')).toEqual(r!.detail.map((row) => padded(row, width(r!.detail))));
    expect(wb.sheet('汇总明细').frozenRows).toBe(4);
  });

  it('汇总 in a workbook that refuses a new sheet: the summary is written and the result says why there is no 汇总明细', async () => {
    const files = [await summaryBook(dir), await unitBook(dir, 'A')];
    const json: FakeBookJson = { sheets: [] };
    for (const [i, f] of files.entries()) json.sheets.push({ ...(await fixtureBookJson(f)).sheets.find((x) => x.name === SHEET)!, name: ['汇总', '单位A'][i] });
    const wb = FakeWorkbook.fromJSON(json);
    const s = session(wb);
    // As Excel answers worksheets.add when the workbook's structure is protected.
    s.writeDetailSheet = async () => {
      throw new FakeRichApiError('AccessDenied', 'The workbook structure is protected.');
    };
    const r = await rollupOpenWorkbook(s, PROFILES.liaoning, '汇总');
    expect(r!.detailSheet).toBeNull();
    expect(r!.detailError).toBe('Excel 拒绝了写入：工作表可能受保护，或工作簿为只读。');
    expect(wb.sheets.map((x) => x.name)).toEqual(['汇总', '单位A']);
    expect(wb.value('汇总', 'C6')).toBe(40);
  });

  it('汇总 again rewrites its own 汇总明细 sheet; a person’s sheet of that name is left alone; a unit named like a formula stays text', async () => {
    const files = [await summaryBook(dir), await unitBook(dir, 'A'), await unitBook(dir, 'B')];
    const names = ['汇总', '=1+1', '单位B'];
    const json: FakeBookJson = { sheets: [] };
    for (const [i, f] of files.entries()) json.sheets.push({ ...(await fixtureBookJson(f)).sheets.find((s) => s.name === SHEET)!, name: names[i] });
    // A person's own notes, under the name the roll-up would take.
    json.sheets.push({ name: '汇总明细', cells: [[1, 1, '我的备注', 'General']], merges: [] });
    const wb = FakeWorkbook.fromJSON(json);
    const s = session(wb);
    const first = await rollupOpenWorkbook(s, PROFILES.liaoning, '汇总');
    expect(first!.detailSheet).toBe('汇总明细 (2)');
    expect(wb.value('汇总明细', 'A1')).toBe('我的备注');
    const header = sheetRows(wb, '汇总明细 (2)')[3];
    expect(header).toContain('=1+1 完成值');
    const at = header.indexOf('=1+1 完成值');
    const cell = wb.getCell('汇总明细 (2)', `${String.fromCharCode(65 + at)}4`)!;
    expect(cell.formula).toBeUndefined();
    expect(cell.numberFormat).toBe('@');

    // The second 汇总 rewrites its own sheet whole (a stray edit there is replaced); no third sheet appears.
    const before = sheetRows(wb, '汇总明细 (2)');
    wb.userEdit('汇总明细 (2)', 'A1', '改过的标题');
    wb.userEdit('汇总明细 (2)', 'Z40', '多余');
    const second = await rollupOpenWorkbook(s, PROFILES.liaoning, '汇总');
    expect(second!.detailSheet).toBe('汇总明细 (2)');
    expect(wb.sheets.map((x) => x.name)).toEqual([...names, '汇总明细', '汇总明细 (2)']);
    expect(sheetRows(wb, '汇总明细 (2)')).toEqual(before);
    expect(wb.value('汇总明细', 'A1')).toBe('我的备注');
  });
});

const width = (rows: unknown[][]) => rows.reduce((m, r) => Math.max(m, r.length), 0);
const padded = (row: unknown[], n: number) => Array.from({ length: n }, (_, j) => (row[j] === undefined || row[j] === null || row[j] === '' ? null : row[j]));

/** A sheet's values as rows from A1, blanks as null, to the width of its widest row. */
function sheetRows(wb: FakeWorkbook, name: string): unknown[][] {
  const sh = wb.sheet(name);
  const area = sh.usedArea(true)!;
  const out: unknown[][] = [];
  for (let r = 1; r <= area.bottom; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= area.right; c++) {
      const v = sh.cell(r, c)?.value ?? null;
      row.push(v === '' ? null : v);
    }
    out.push(row);
  }
  return out;
}
