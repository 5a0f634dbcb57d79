import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyPlanToXlsx, readXlsxWorkbook } from '../../src/hosts/xlsx';
import { parseA1, type CellWrite } from '../../src/sheet';
import { FIXTURES } from '../helpers/fixtures';
import { runCli } from '../cli/run';
import { build, put, SHEET, summaryBook, unitBook } from './f02-workbooks';

const d = (x: string | number) => new Decimal(x);

async function cells(file: string): Promise<(a: string) => unknown> {
  const book = await readXlsxWorkbook(file);
  const sheet = book.grid.sheets.find((s) => s.name === SHEET)!;
  return (address: string) => {
    const at = parseA1(address)!;
    return sheet.values[at.row - sheet.originRow]?.[at.col - sheet.originCol] ?? null;
  };
}

describe('jixiao rollup on F02 split into three unit workbooks', () => {
  let dir: string;
  let summary: string;
  let units: string[];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-rollup-'));
    summary = await summaryBook(dir);
    units = [await unitBook(dir, 'A'), await unitBook(dir, 'B'), await unitBook(dir, 'C')];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the combined actuals, amounts and scores into a copy of the summary, and a 汇总明细 sheet', async () => {
    const out = path.join(dir, 'out.xlsx');
    const before = fs.readFileSync(summary);
    const run = await runCli(['rollup', summary, ...units, '-o', out, '--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readFileSync(summary).equals(before)).toBe(true);

    const at = await cells(out);
    expect(at('C6')).toBe(127.35);
    expect(at('F6')).toBe(96.74);
    expect(at('G9')).toBe(620);
    expect(at('G10')).toBe(12);
    // (40 × 30 + 55 × 36.74 + 55 × 30) / 96.74 %, stored as a percent-formatted fraction.
    const high = d(40).times(30).plus(d(55).times('36.74')).plus(d(55).times(30)).div('96.74').div(100);
    expect(d(at('G11') as number).toDecimalPlaces(10).toString()).toBe(high.toDecimalPlaces(10).toString());
    expect(at('G15')).toBe('达成预期指标');
    // Scores by hand (see rollup-engine.test.ts): 3.4, 5, 10, 10, 10, 20, 18.2; execution 10 × 96.74 / 127.35.
    expect([9, 10, 11, 12, 13, 14, 15].map((r) => at(`J${r}`))).toEqual([3.4, 5, 10, 10, 10, 20, 18.2]);
    expect(at('C16')).toBe(76.6);
    const total = d('76.6').plus(d('96.74').div('127.35').times(10));
    expect(d(at('K16') as number).toDecimalPlaces(8).toString()).toBe(total.toDecimalPlaces(8).toString());

    const report = JSON.parse(run.out);
    expect(report.grade).toBe('良');
    expect(report.rows.map((r: { method: string }) => r.method)).toEqual(['sum', 'sum', 'weighted-mean', 'weighted-mean', 'weighted-mean', 'weighted-mean', 'qualitative-mean']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET, '汇总明细']);
    const detail = wb.getWorksheet('汇总明细')!;
    const header = (detail.getRow(4).values as unknown[]).slice(1);
    expect(header).toEqual(['行', '指标（三级）', '目标（指标值）', '汇总方式', '单位A 完成值', '单位A 资金权重', '单位B 完成值', '单位B 资金权重', '单位C 完成值', '单位C 资金权重', '汇总完成值', '满分', '汇总得分', '说明']);
    const line = (detail.getRow(6).values as unknown[]).slice(1);
    expect(line.slice(0, 4)).toEqual([9, '事业单位工作人员岗前培训人员数量', 1850, '绝对值累加']);
    expect(line.slice(4, 10)).toEqual([200, 30, 220, 36.74, 200, 30]);
    expect(line.slice(10, 13)).toEqual([620, 10, 3.4]);
    expect((detail.getRow(7).values as unknown[]).slice(11, 14)).toEqual([12, 10, 5]);
    expect((detail.getRow(8).values as unknown[])[11]).toBe('50.3484%');
  });

  it('the written summary scores the same again with jixiao score (the qualitative completion is kept as the evaluator’s)', async () => {
    const out = path.join(dir, 'out2.xlsx');
    await runCli(['rollup', summary, ...units, '-o', out]);
    const again = await runCli(['score', out, '-o', path.join(dir, 'rescored.xlsx'), '--json']);
    // The 汇总明细 sheet is not taken for a form.
    expect(JSON.parse(again.out).files[0].forms.map((f: { sheet: string }) => f.sheet)).toEqual([SHEET]);
    const form = JSON.parse(again.out).files[0].forms[0];
    const total = d('76.6').plus(d('96.74').div('127.35').times(10));
    expect(d(form.total).toDecimalPlaces(8).toString()).toBe(total.toDecimalPlaces(8).toString());
  });

  it('re-running over its own output updates its values; a person’s entry in the summary is kept and reported', async () => {
    const first = path.join(dir, 'first.xlsx');
    await runCli(['rollup', summary, ...units, '-o', first]);
    // A person types the summary's 场次 by hand.
    const typed = path.join(dir, 'typed.xlsx');
    fs.writeFileSync(typed, await applyPlanToXlsx(fs.readFileSync(first), { writes: [put('G10', 15)], kept: [], prior: (await readXlsxWorkbook(first)).grid.prior }));
    const second = path.join(dir, 'second.xlsx');
    const run = await runCli(['rollup', typed, units[0], units[1], '-o', second]);
    expect(run.code).toBe(1);
    const at = await cells(second);
    expect(at('G10')).toBe(15);
    // A + B only now: 200 + 220, amounts 90.35 / 66.74.
    expect(at('G9')).toBe(420);
    expect(at('C6')).toBe(90.35);
    // Both remaining units met the qualitative row: the roll-up's own completion is updated to 100 %.
    expect(at('H15')).toBe(1);
    expect(run.err).toContain('汇总表“组织职称评审场次”已填完成值');
  });

  it('reports what it could not combine and leaves the summary cell empty', async () => {
    const odd = path.join(dir, '单位D.xlsx');
    await build(odd, [put('C6', 10), put('F6', 5), put('G9', '已完成'), ...[10, 11, 12, 13, 14].map((r) => put(`G${r}`, 1)), put('G15', MET_TEXT)]);
    const out = path.join(dir, 'odd.xlsx');
    const run = await runCli(['rollup', summary, units[0], odd, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('单位“单位D”的“事业单位工作人员岗前培训人员数量”完成值“已完成”不是数值，无法汇总');
    const at = await cells(out);
    expect(at('G9')).toBeNull();
    expect(at('J9')).toBeNull();
  });

  it('a re-run that can no longer combine a row clears what the earlier run wrote there', async () => {
    const first = path.join(dir, 'stale-1.xlsx');
    await runCli(['rollup', summary, ...units, '-o', first]);
    const odd = path.join(dir, '单位E.xlsx');
    await build(odd, [put('C6', 10), put('F6', 5), put('G9', '已完成')]);
    const second = path.join(dir, 'stale-2.xlsx');
    const run = await runCli(['rollup', first, units[0], odd, '-o', second]);
    expect(run.code).toBe(1);
    const at = await cells(second);
    expect(at('G9')).toBeNull();
    expect(at('J9')).toBeNull();
    // The other rows still combine: E keeps F02's own actuals there (场次 12), A has 4.
    expect(at('G10')).toBe(16);
    expect(at('C6')).toBe(50);
  });

  it('refuses to write over an input, and a summary sheet that has no form', async () => {
    expect((await runCli(['rollup', summary, ...units, '-o', units[0]])).code).toBe(2);
    const run = await runCli(['rollup', summary, ...units, '--sheet', '没有这张表', '-o', path.join(dir, 'none.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('工作表“没有这张表”');
    expect(fs.existsSync(path.join(dir, 'none.xlsx'))).toBe(false);
  });
});

const MET_TEXT = '全部或基本达成预期指标100%-80%（含）';

describe('jixiao rollup on the Hubei layout (values typed with their units, no 度量单位 column)', () => {
  const H3 = path.join(FIXTURES, 'hubei-project-3.xlsx');
  const S = '就业补助资金';
  const w = (address: string, value: number | string | null): CellWrite => {
    const at = parseA1(address)!;
    return { sheet: S, row: at.row, col: at.col, address, value, kind: 'row-score' };
  };
  const make = async (file: string, writes: CellWrite[]) => fs.writeFileSync(file, await applyPlanToXlsx(fs.readFileSync(H3), { writes, kept: [], prior: {} }));

  it('sums 场 and 人 (0.5万人 converted), weights the satisfaction rate by 执行数, scores with the Hubei profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-rollup-hubei-'));
    try {
      // Unit 1 is the published form (budget 9827.48, spent 6500); unit 2 a small district.
      const u1 = path.join(dir, '区一.xlsx');
      fs.copyFileSync(H3, u1);
      const u2 = path.join(dir, '区二.xlsx');
      await make(u2, [w('D6', 1000), w('E6', 500), w('F9', '10 场'), w('F11', '0.5万人'), w('F19', '90%')]);
      const summary = path.join(dir, '汇总.xlsx');
      await make(summary, [w('D6', null), w('E6', null), ...[8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((r) => w(`F${r}`, null))]);
      const out = path.join(dir, 'out.xlsx');
      const run = await runCli(['rollup', summary, u1, u2, '-o', out]);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const book = await readXlsxWorkbook(out);
      const sheet = book.grid.sheets.find((s) => s.name === S)!;
      const at = (a: string) => {
        const p = parseA1(a)!;
        return sheet.values[p.row - sheet.originRow]?.[p.col - sheet.originCol] ?? null;
      };
      expect(at('D6')).toBe(10827.48);
      expect(at('E6')).toBe(7000);
      // 23 场 + 10 场; 23101 人 + 5000 人 (the target 1.1万人 is in 人).
      expect(at('F9')).toBe('33场');
      expect(at('F11')).toBe('28101人');
      // (100 % × 6500 + 90 % × 500) / 7000.
      const rate = new Decimal(1).times(6500).plus(new Decimal('0.9').times(500)).div(7000);
      expect(new Decimal(at('F19') as number).toDecimalPlaces(10).toString()).toBe(rate.toDecimalPlaces(10).toString());
      // Every row meets its target (80); execution 20 × 7000 / 10827.48 = 12.93 (Hubei rounds to 2 places).
      expect(at('G6')).toBe(12.93);
      expect(at('H20')).toBe(92.93);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
