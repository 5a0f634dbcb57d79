import Decimal from 'decimal.js';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROFILES } from '../../src/engine';
import { ExcelSession, type ExcelRunner } from '../../src/hosts/excel';
import { reviewOpenWorkbook, rollupOpenWorkbook } from '../../taskpane/src/rollup-review';
import { FakeWorkbook, type FakeBookJson } from '../excel/fake-excel';
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
    expect(JSON.stringify(wb.toJSON().sheets.slice(1))).toBe(units);
  });
});
