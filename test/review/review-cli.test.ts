import { createHash } from 'crypto';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyPlanToXlsx } from '../../src/hosts/xlsx';
import { runCli } from '../cli/run';
import { expectedForms, FIXTURES, wantedTotal } from '../helpers/fixtures';
import { scoredFixtureBooks, typedFixture, writeReviewFolder } from './typed-fixtures';

const hash = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

interface JsonFinding {
  sheet: string;
  cell: string | null;
  code: string;
  severity: string;
  typed: string | null;
  rule: string | null;
}
interface JsonReport {
  files: { file: string; forms: { sheet: string; profile: string; typedTotal: string | null; ruleTotal: string; grade: string; findings: JsonFinding[] }[] }[];
  overview: { forms: number; budget: string; spent: string; executionRate: string; weightedRuleTotal: string; findings: number };
}

describe('jixiao review', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-review-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder of 52 filled workbooks: one review workbook, the inputs untouched, exit 1 for the published deviations', async () => {
    const inbox = path.join(dir, 'inbox');
    const files = await writeReviewFolder(inbox, 52);
    const before = files.map(hash);
    const out = path.join(dir, 'review.xlsx');
    const run = await runCli(['review', inbox, '-o', out, '--json']);
    expect(run.code).toBe(1);
    expect(files.map(hash)).toEqual(before);
    expect(fs.readdirSync(inbox)).toHaveLength(52);

    const report = JSON.parse(run.out) as JsonReport;
    expect(report.files).toHaveLength(52);
    const forms = report.files.flatMap((f) => f.forms);
    // Each workbook holds the forms its expected file lists (the multi-sheet workbook 8).
    const perBook = new Map([...scoredFixtureBooks()].map(([wb, fs_]) => [wb, fs_.length]));
    const wanted = report.files.reduce((s, f) => s + perBook.get(path.basename(f.file).slice(4))!, 0);
    expect(forms).toHaveLength(wanted);
    expect(report.overview.forms).toBe(wanted);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['审核汇总', '审核发现', '部门概况']);
    const summary = wb.getWorksheet('审核汇总')!;
    expect((summary.getRow(1).values as unknown[]).slice(1)).toEqual(['文件', '工作表', '项目', '口径', '填报总分', '规则总分', '差额', '等级', '发现', '预算数（万元）', '执行数（万元）']);
    expect(summary.rowCount).toBe(wanted + 1);
    expect(summary.autoFilter).toBeTruthy();
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const findings = wb.getWorksheet('审核发现')!;
    expect(findings.autoFilter).toBeTruthy();
    const rows = findings.getSheetValues().slice(2) as unknown[][];
    expect(rows.length).toBe(forms.reduce((s, f) => s + f.findings.length, 0));
    // hubei (四): 28 typed, 28.67 by the rule, at its cell.
    const h17 = rows.find((r) => String(r[1]).endsWith('hubei-project-4.xlsx') && r[3] === 'H17');
    expect(h17?.slice(4, 9)).toEqual(['错误', 'score-differs', expect.stringContaining('28.67'), '28', '28.67']);
  });

  it('department overview: amounts summed over the forms, the mean total weighted by budget (by hand from the workbooks)', async () => {
    const inbox = path.join(dir, 'liaoning');
    fs.mkdirSync(inbox);
    const books = [...scoredFixtureBooks()].filter(([wb]) => /^liaoning-project-F0\d\.xlsx$/.test(wb));
    expect(books).toHaveLength(8);
    let budget = new Decimal(0);
    let spent = new Decimal(0);
    let weighted = new Decimal(0);
    for (const [wb, forms] of books) {
      fs.writeFileSync(path.join(inbox, wb), await typedFixture(wb, forms));
      // Budget in C6, spent in F6 of the Liaoning layout, read straight from the fixture.
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(FIXTURES, wb));
      const b = new Decimal(String(book.worksheets[0].getCell('C6').value));
      budget = budget.plus(b);
      spent = spent.plus(new Decimal(String(book.worksheets[0].getCell('F6').value)));
      weighted = weighted.plus(new Decimal(wantedTotal(forms[0])).times(b));
    }
    const run = await runCli(['review', inbox, '--json']);
    const o = (JSON.parse(run.out) as JsonReport).overview;
    expect(o.forms).toBe(8);
    expect(o.budget).toBe(budget.toString());
    expect(o.spent).toBe(spent.toString());
    expect(new Decimal(o.executionRate).toDecimalPlaces(8).toString()).toBe(spent.div(budget).toDecimalPlaces(8).toString());
    // The rule totals match the wanted ones at 2 places; the weighted means agree to a cent.
    expect(new Decimal(o.weightedRuleTotal).minus(weighted.div(budget)).abs().lessThan(0.01)).toBe(true);
  });

  it('department overview: forms printing amounts in 元 and in 万元 are summed in 万元', async () => {
    const inbox = path.join(dir, 'units');
    fs.mkdirSync(inbox);
    let budget = new Decimal(0);
    let spent = new Decimal(0);
    for (const key of ['national-n1-liaoning-F01', 'national-n5-liaoning-F02']) {
      fs.copyFileSync(path.join(FIXTURES, 'national', `${key}.xlsx`), path.join(inbox, `${key}.xlsx`));
      const funds = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'national', `${key}.expected.json`), 'utf8')).funds;
      const wan = funds.amount_unit === '元' ? new Decimal('0.0001') : new Decimal(1);
      budget = budget.plus(new Decimal(funds.budget).times(wan));
      spent = spent.plus(new Decimal(funds.spent).times(wan));
    }
    const o = (JSON.parse((await runCli(['review', inbox, '--json'])).out) as JsonReport).overview;
    // 133.12 万元 + 1,273,500.00 元 = 260.47 万元.
    expect([o.budget, o.spent]).toEqual([budget.toString(), spent.toString()]);
    expect(budget.toString()).toBe('260.47');
  });

  it('workbooks scored by jixiao score review clean: every typed output is the rule’s and adds up', async () => {
    const scored = path.join(dir, 'scored');
    const inputs = [...scoredFixtureBooks().keys()].map((wb) => path.join(FIXTURES, wb));
    expect((await runCli(['score', ...inputs, '-o', scored + path.sep])).code).toBeLessThan(2);
    const run = await runCli(['review', scored, '--json']);
    const findings = (JSON.parse(run.out) as JsonReport).files.flatMap((f) => f.forms.flatMap((x) => x.findings));
    expect(findings.filter((f) => /differs|arithmetic|not-filled|typed-not-number/.test(f.code))).toEqual([]);
  });

  it('exit 0 and no findings on a form whose published values are all the rule’s and lose no points', async () => {
    const f08 = path.join(dir, 'F08.xlsx');
    fs.writeFileSync(f08, await typedFixture('liaoning-project-F08.xlsx', expectedForms((f) => f.form_key === 'liaoning-project-F08')));
    const run = await runCli(['review', f08]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('共 1 张表，发现 0 项');
  });

  it('the recogniser’s and the engine’s problems are findings too (a weight changed: weights sum, and the typed score is no longer the rule)', async () => {
    const f01 = path.join(dir, 'F01-weights.xlsx');
    const typed = await typedFixture('liaoning-project-F01.xlsx', expectedForms((f) => f.form_key === 'liaoning-project-F01'));
    const sheet = 'F01 人力资源和社会保障综合业务经费';
    fs.writeFileSync(f01, await applyPlanToXlsx(typed, { writes: [{ sheet, row: 9, col: 9, address: 'I9', value: 12, kind: 'row-score' }], kept: [], prior: {} }));
    // 分值 of 全年劳动能力鉴定人数 (I9) 10 → 12: the weights add up to 92, the typed 10 in J9 is not 12 × 1.
    const run = await runCli(['review', f01, '--json']);
    const findings = (JSON.parse(run.out) as JsonReport).files[0].forms[0].findings;
    expect(run.code).toBe(1);
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(['problem:weights-sum', 'score-differs']));
    expect(findings.find((f) => f.code === 'score-differs')).toMatchObject({ cell: 'J9', typed: '10', rule: '12' });
  });

  it('target tables (no 全年完成值 column) are checked for their weights only, without a total', async () => {
    const run = await runCli(['review', path.join(FIXTURES, 'targets-002-shenyang-heping.xlsx'), '--json']);
    const forms = (JSON.parse(run.out) as JsonReport).files[0].forms as unknown as { targetTable: boolean; ruleTotal: string | null; findings: JsonFinding[] }[];
    expect(forms).toHaveLength(10);
    expect(forms.every((f) => f.targetTable && f.ruleTotal === null)).toBe(true);
    expect(forms.flatMap((f) => f.findings).filter((f) => /differs|arithmetic/.test(f.code))).toEqual([]);
    expect((JSON.parse(run.out) as JsonReport).overview.weightedRuleTotal).toBeNull();
  });

  it('a score typed where the rule cannot score (no actual) is a finding', async () => {
    const f01 = path.join(dir, 'F01-no-actual.xlsx');
    const typed = await typedFixture('liaoning-project-F01.xlsx', expectedForms((f) => f.form_key === 'liaoning-project-F01'));
    const sheet = 'F01 人力资源和社会保障综合业务经费';
    fs.writeFileSync(f01, await applyPlanToXlsx(typed, { writes: [{ sheet, row: 9, col: 7, address: 'G9', value: null, kind: 'row-score' }], kept: [], prior: {} }));
    const run = await runCli(['review', f01, '--json']);
    const findings = (JSON.parse(run.out) as JsonReport).files[0].forms[0].findings;
    expect(findings.find((f) => f.cell === 'J9')).toMatchObject({ code: 'score-without-rule', severity: 'warning', typed: '10', rule: null });
  });

  it('an unreadable file is a finding, not a stop; an empty folder is unusable input', async () => {
    const inbox = path.join(dir, 'mixed');
    fs.mkdirSync(inbox);
    fs.writeFileSync(path.join(inbox, 'broken.xlsx'), 'not a zip');
    fs.writeFileSync(path.join(inbox, 'F08.xlsx'), await typedFixture('liaoning-project-F08.xlsx', expectedForms((f) => f.form_key === 'liaoning-project-F08')));
    const run = await runCli(['review', inbox, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out);
    expect(report.files.map((f: { error?: { code: string } }) => f.error?.code ?? null)).toEqual(['unreadable', null]);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect((await runCli(['review', empty])).code).toBe(2);
  });
});
