import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../../src/hosts/xlsx';
import { parseA1, type CellWrite } from '../../src/sheet';
import { at2, expectedForms, FIXTURES, isNational, wantedRowScore, wantedTotal, type ExpectedForm } from '../helpers/fixtures';
import { runCli } from './run';


/** Indicator text without the spaces and line breaks the printed forms scatter through it. */
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '');

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-cli-'));

interface RowReport {
  excelRow: number;
  excelRows?: number[];
  indicator: string;
  completion: string | null;
  score: string | null;
  flags: string[];
  lost?: string;
  reasonCell?: string | null;
}
interface FormReport {
  sheet: string;
  kind: string;
  profile: string;
  profileSource: 'user' | 'inferred' | 'default';
  profileReason: string;
  profileWords: string[];
  range: string;
  rows: RowReport[];
  tasks: { excelRow: number; score: string }[];
  executionRate: string | null;
  executionScore: string | null;
  subtotal: string;
  deduction: string;
  total: string;
  grade: string;
  problems: { code: string; cell: string | null }[];
}

const workbooks = [...new Set(expectedForms((f) => f.layout !== 'L4').map((f) => f.workbook))];

describe.each(workbooks)('jixiao score %s', (workbook) => {
  const forms = expectedForms((f) => f.workbook === workbook);
  let code: number;
  let report: { files: { file: string; output: string; forms: FormReport[] }[] };
  let written: ExcelJS.Workbook;

  beforeAll(async () => {
    const out = path.join(tmp(), path.basename(workbook));
    const res = await runCli(['score', path.join(FIXTURES, workbook), '-o', out, '--json']);
    code = res.code;
    report = JSON.parse(res.out);
    written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
  });

  test('scored without unusable input, the layout’s profile inferred, and the report says why', () => {
    expect(code === 0 || code === 1).toBe(true);
    expect(report.files[0].forms.map((f) => [f.sheet, f.profile, f.range])).toEqual(forms.map((f) => [f.sheet, f.profile, f.table_range]));
    for (const [i, f] of forms.entries()) {
      const form = report.files[0].forms[i];
      // National forms: nothing names a region, so the default — said so; regional forms name the words that decided.
      expect(form.profileSource).toBe(f.profile === 'national' ? 'default' : 'inferred');
      expect(form.profileReason).toMatch(f.profile === 'national' ? /默认/ : /推断/);
      if (f.profile !== 'national') for (const w of form.profileWords) expect(form.profileReason).toContain(w);
    }
  });

  test('every row that lost points is listed with its reason cell; an empty one is a missing-reason warning', () => {
    for (const [i, f] of forms.entries()) {
      const form = report.files[0].forms[i];
      const reasonColumn = (f.columns as Record<string, string> | undefined)?.reason;
      for (const row of form.rows) {
        const short = row.score !== null && row.lost !== undefined;
        if (!short) continue;
        expect(Number(row.lost)).toBeGreaterThan(0);
        if (reasonColumn) expect(row.reasonCell).toBe(`${reasonColumn}${row.excelRow}`);
        const ws = written.getWorksheet(f.sheet)!;
        const empty = row.reasonCell ? ws.getCell(row.reasonCell).value === null : false;
        const warned = form.problems.some((p) => p.code === 'missing-reason' && p.cell === row.reasonCell);
        expect({ row: row.excelRow, warned }).toEqual({ row: row.excelRow, warned: empty });
      }
    }
  });

  test.each(forms.map((f) => [f.sheet, f] as const))('%s: rows and totals as published (rule values where the publication deviates)', (_sheet, f) => {
    const form = report.files[0].forms.find((x) => x.sheet === f.sheet)!;
    for (const er of f.rows) {
      const row = form.rows.find((r) => r.excelRow === er.excel_row);
      const want = wantedRowScore(f, er);
      expect({
        row: er.excel_row,
        excelRows: row?.excelRows ?? [er.excel_row],
        indicator: squash(row?.indicator),
        score: row?.score == null ? null : at2(row.score),
      }).toEqual({
        row: er.excel_row,
        excelRows: er.excel_rows ?? [er.excel_row],
        indicator: squash(er.indicator),
        score: want == null ? null : at2(want),
      });
    }
    for (const t of f.tasks ?? []) {
      expect({ row: t.excel_row, score: at2(form.tasks.find((x) => x.excelRow === t.excel_row)!.score) }).toEqual({ row: t.excel_row, score: at2(t.reproducible ? t.expected_score : t.rule_score!) });
    }
    expect(at2(form.total)).toBe(at2(wantedTotal(f)));
    if (f.execution_score_reproducible) expect(at2(form.executionScore!)).toBe(at2(f.expected_execution_score!));
    if (f.total_reproducible && f.expected_deduction != null) expect(at2(form.deduction)).toBe(at2(f.expected_deduction));
  });

  test.each(forms.map((f) => [f.sheet, f] as const))('%s: the written workbook holds the results at the form’s output cells', (_sheet, f: ExpectedForm) => {
    const ws = written.getWorksheet(f.sheet)!;
    const form = report.files[0].forms.find((x) => x.sheet === f.sheet)!;
    const cells = f.output_cells!;
    const value = (addr: string) => ws.getCell(addr).value as number;
    expect(at2(value(cells.total))).toBe(at2(form.total));
    if (cells.execution_score) expect(at2(value(cells.execution_score))).toBe(at2(form.executionScore!));
    if (cells.execution_rate) {
      expect(value(cells.execution_rate)).toBeCloseTo(Number(form.executionRate), 9);
      expect(ws.getCell(cells.execution_rate).numFmt).toMatch(/%/);
    }
    if (cells.subtotal) expect(at2(value(cells.subtotal))).toBe(at2(form.subtotal));
    if (cells.total_header) expect(at2(value(cells.total_header))).toBe(at2(form.total));
    if (cells.grade) expect(ws.getCell(cells.grade).value).toBe(form.grade);
    if (isNational(f)) {
      expect(at2(form.total)).toBe(at2(f.expected_total!));
      expect(form.grade).toBe(f.expected_grade);
      expect(value(cells.execution_rate)).toBeCloseTo(f.execution_rate_rule as number, 6);
      // Rows that are not indicators (N6 noise, N7 年度主要任务) get nothing.
      const notRows = [...((f.non_scored_rows as { excel_row: number }[] | undefined) ?? []), ...((f.task_rows as { excel_row: number }[] | undefined) ?? [])];
      for (const n of notRows) for (const col of ['F', 'G', 'H', 'I', 'J']) if (!Object.values(cells).includes(`${col}${n.excel_row}`)) expect(ws.getCell(`${col}${n.excel_row}`).value ?? null).toEqual(expectCellUnchanged(f, `${col}${n.excel_row}`));
    }
    if (cells.deduction) expect(at2(value(cells.deduction))).toBe(at2(form.deduction));
    for (const row of form.rows.filter((r) => r.score !== null)) {
      expect({ row: row.excelRow, score: at2(value(`${cells.row_score_column}${row.excelRow}`)) }).toEqual({ row: row.excelRow, score: at2(row.score!) });
      if (cells.row_completion_column && row.completion !== null) {
        const c = ws.getCell(`${cells.row_completion_column}${row.excelRow}`);
        expect(c.numFmt).toMatch(/%/);
        expect(Number(c.value)).toBeCloseTo(Number(row.completion), 9);
      }
    }
  });
});

/** The fixture's own value of a cell (the written copy must hold it unchanged). */
const originals = new Map<string, ExcelJS.Workbook>();
function expectCellUnchanged(f: ExpectedForm, address: string): unknown {
  const v = originals.get(f.workbook)?.getWorksheet(f.sheet)?.getCell(address).value;
  return v ?? null;
}
beforeAll(async () => {
  for (const f of expectedForms(isNational)) {
    if (originals.has(f.workbook)) continue;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(FIXTURES, f.workbook));
    originals.set(f.workbook, wb);
  }
});

describe('jixiao score on the national fixtures: nothing outside the output cells changes', () => {
  const national = [...new Set(expectedForms(isNational).map((f) => f.workbook))];
  test.each(national)('%s', async (workbook) => {
    const out = path.join(tmp(), path.basename(workbook));
    const res = await runCli(['score', path.join(FIXTURES, workbook), '-o', out, '--json']);
    expect(res.code === 0 || res.code === 1).toBe(true);
    const outputs = new Set<string>();
    for (const f of expectedForms((x) => x.workbook === workbook)) {
      const oc = f.output_cells!;
      for (const [k, a] of Object.entries(oc)) if (!k.endsWith('_column')) outputs.add(`${f.sheet}!${a}`);
      for (const r of f.rows) outputs.add(`${f.sheet}!${oc.row_score_column}${r.excel_row}`);
    }
    const before = originals.get(workbook)!;
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(out);
    let compared = 0;
    before.eachSheet((ws) => {
      const ws2 = after.getWorksheet(ws.name)!;
      const rows = Math.max(ws.rowCount, ws2.rowCount);
      const cols = Math.max(ws.columnCount, ws2.columnCount);
      for (let r = 1; r <= rows; r++) {
        for (let c = 1; c <= cols; c++) {
          const a = ws.getCell(r, c);
          if (outputs.has(`${ws.name}!${a.address}`)) continue;
          // ExcelJS shows a merged area's value in every cell of it: the master is compared.
          if (a.isMerged && a.master.address !== a.address) continue;
          const b = ws2.getCell(r, c);
          expect({ cell: `${ws.name}!${a.address}`, value: b.value ?? null, numFmt: b.numFmt ?? null }).toEqual({ cell: `${ws.name}!${a.address}`, value: a.value ?? null, numFmt: a.numFmt ?? null });
          compared++;
        }
      }
      expect(ws2.model.merges).toEqual(ws.model.merges);
    });
    expect(compared).toBeGreaterThan(50);
  });
});

describe('jixiao score: the table report states each form’s profile and why', () => {
  test('national default, inferred Liaoning with its words, a user’s choice', async () => {
    const national = await runCli(['score', path.join(FIXTURES, 'national', 'national-n1-liaoning-F01.xlsx'), '-o', path.join(tmp(), 'n.xlsx')]);
    expect(national.out).toMatch(/national（默认）/);
    const liaoning = await runCli(['score', path.join(FIXTURES, 'liaoning-project-F01.xlsx'), '-o', path.join(tmp(), 'l.xlsx')]);
    expect(liaoning.out).toMatch(/liaoning（推断：减分项）/);
    const chosen = await runCli(['score', path.join(FIXTURES, 'liaoning-project-F01.xlsx'), '-o', path.join(tmp(), 'c.xlsx'), '--profile', 'hubei']);
    expect(chosen.out).toMatch(/hubei（用户选择）/);
  });

  test('a workbook whose header lacks 三级指标: exit 2, the message names the header row and what was missing', async () => {
    const dir = tmp();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表1');
    ws.getCell('A1').value = '项目支出绩效自评表';
    ['一级指标', '二级指标', '指标内容', '年度指标值', '实际完成值', '分值', '得分'].forEach((h, i) => (ws.getCell(4, i + 1).value = h));
    await wb.xlsx.writeFile(path.join(dir, 'x.xlsx'));
    const res = await runCli(['score', path.join(dir, 'x.xlsx')]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/第 4 行（A4）像是指标表表头/);
    expect(res.err).toMatch(/缺少“三级指标”/);
    // Beside a recognised form, the same diagnosis is listed in --json under `unrecognised`.
    const sample = new ExcelJS.Workbook();
    await sample.xlsx.readFile(path.join(FIXTURES, 'national', 'national-n1-liaoning-F01.xlsx'));
    const extra = sample.addWorksheet('表1');
    ['一级指标', '二级指标', '指标内容', '年度指标值', '实际完成值', '分值', '得分'].forEach((h, i) => (extra.getCell(4, i + 1).value = h));
    await sample.xlsx.writeFile(path.join(dir, 'y.xlsx'));
    const both = JSON.parse((await runCli(['score', path.join(dir, 'y.xlsx'), '--json'])).out).files[0];
    expect(both.forms).toHaveLength(1);
    expect(both.unrecognised).toEqual([expect.objectContaining({ code: 'no-form', sheet: '表1', cell: 'A4' })]);
  });
});

describe('jixiao score: layouts it was not written for, and bad input', () => {
  /** Builds a workbook from the Liaoning sample: a cover sheet, then two forms stacked on one sheet, moved right. */
  async function perturbed(file: string): Promise<void> {
    const src = new ExcelJS.Workbook();
    await src.xlsx.readFile(path.join(__dirname, '..', '..', 'examples', '辽宁-项目自评表.xlsx'));
    const from = src.worksheets[0];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').getCell('B3').value = '2025 年度绩效自评材料';
    const ws = wb.addWorksheet('两张表');
    const height = from.rowCount;
    for (const [offset, renames] of [[0, {}], [height + 3, { 全年完成值: '实际完成值', 分值: '权重' }]] as const) {
      from.eachRow({ includeEmpty: true }, (row, r) =>
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const v = cell.value;
          ws.getCell(r + offset, c + 2).value = typeof v === 'string' ? ((renames as Record<string, string>)[v] ?? v) : v;
        }),
      );
      for (const m of Object.values((from as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges)) {
        const { top, left, bottom, right } = m.model;
        ws.mergeCells(top + offset, left + 2, bottom + offset, right + 2);
      }
    }
    await wb.xlsx.writeFile(file);
  }

  test('two forms on one sheet, moved right, renamed headers, after a cover sheet', async () => {
    const dir = tmp();
    await perturbed(path.join(dir, 'p.xlsx'));
    const res = await runCli(['score', path.join(dir, 'p.xlsx'), '--json']);
    const forms: FormReport[] = JSON.parse(res.out).files[0].forms;
    // Scored cleanly: the sample gives a reason wherever a row lost points.
    expect(res.code).toBe(0);
    expect(forms.flatMap((f) => f.problems.filter((p) => (p as { severity?: string }).severity !== 'info').map((p) => p.code))).toEqual([]);
    expect(forms.map((f) => [f.sheet, f.range, f.total])).toEqual([
      ['两张表', 'C7:M17', forms[0].total],
      ['两张表', 'C27:M37', forms[0].total],
    ]);
    expect(at2(forms[0].total)).toBe('92.89');
    expect(fs.existsSync(path.join(dir, 'p.scored.xlsx'))).toBe(true);
  });

  test('a text file renamed .xlsx, a missing file, a workbook without a form: exit 2 naming the file', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'notes.xlsx'), '这不是工作簿');
    const txt = await runCli(['score', path.join(dir, 'notes.xlsx')]);
    expect([txt.code, txt.err]).toEqual([2, expect.stringContaining('notes.xlsx')]);
    expect(txt.err).toMatch(/不是有效的 \.xlsx 工作簿/);
    expect((await runCli(['score', path.join(dir, 'nope.xlsx')])).code).toBe(2);
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1').getCell('A1').value = '会议纪要';
    await empty.xlsx.writeFile(path.join(dir, 'empty.xlsx'));
    const none = await runCli(['score', path.join(dir, 'empty.xlsx')]);
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('没有找到绩效自评表')]);
    expect(fs.existsSync(path.join(dir, 'empty.scored.xlsx'))).toBe(false);
  });

  test('a header with no rows, weights that do not add up, a formula-looking actual: scored with problems, text kept as text', async () => {
    const dir = tmp();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(__dirname, '..', '..', 'examples', '辽宁-项目自评表.xlsx'));
    const ws = wb.worksheets[0];
    ws.getCell('I9').value = 30; // weights now add up to 110
    ws.getCell('G10').value = '=HYPERLINK("http://x")';
    const empty = wb.addWorksheet('空表');
    ['一级指标', '二级指标', '三级指标', '指标值', '分值', '实际完成值', '得分'].forEach((h, i) => (empty.getCell(3, i + 1).value = h));
    await wb.xlsx.writeFile(path.join(dir, 'bad.xlsx'));
    const res = await runCli(['score', path.join(dir, 'bad.xlsx'), '--json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.out).files[0];
    const problems = report.forms.flatMap((f: FormReport) => f.problems.map((p) => `${p.code}@${p.cell}`));
    expect(problems).toEqual(expect.arrayContaining(['weights-sum@K17', 'bad-actual@G10', 'empty-table@A3']));
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(path.join(dir, 'bad.scored.xlsx'));
    expect(out.worksheets[0].getCell('G10').value).toBe('=HYPERLINK("http://x")');
    expect(out.worksheets[0].getCell('G10').formula).toBeUndefined();
  });

  test('a score typed by a person is kept on the next run and reported', async () => {
    const dir = tmp();
    const first = path.join(dir, 'a.xlsx');
    fs.copyFileSync(path.join(__dirname, '..', '..', 'examples', '辽宁-项目自评表.xlsx'), first);
    expect((await runCli(['score', first, '--in-place'])).code).toBe(0);
    // The person edits in Excel, which keeps the workbook's custom XML parts (ExcelJS would drop them).
    const book = await readXlsxWorkbook(first);
    const edit = (address: string, value: number): CellWrite => ({ sheet: '就业创业服务经费', address, ...parseA1(address)!, value, kind: 'row-score' });
    await writeXlsxWorkbook(book, { writes: [edit('J10', 9) /* the rule gives 9.2 */, edit('G9', 30) /* an edited actual: its score must follow */], kept: [], prior: book.grid.prior }, { path: first, inPlace: true });
    const res = await runCli(['score', first, '--in-place', '--json']);
    const file = JSON.parse(res.out).files[0];
    expect(file.kept).toEqual([{ sheet: '就业创业服务经费', cell: 'J10', kind: 'row-score', value: 9, ruleValue: '9.2' }]);
    const row10 = file.forms[0].rows.find((r: RowReport) => r.excelRow === 10);
    expect([row10.score, row10.flags]).toEqual(['9', ['manual']]);
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(first);
    expect(after.worksheets[0].getCell('J10').value).toBe(9);
    expect(after.worksheets[0].getCell('J9').value).toBe(5); // 30 against ≥ 20: over-achievement penalty
  });

  test('a batch of files shows a progress bar on a terminal, and a summary line per form', async () => {
    const dir = tmp();
    const files = ['F01', 'F02', 'F03'].map((k) => path.join(FIXTURES, `liaoning-project-${k}.xlsx`));
    const res = await runCli(['score', ...files, '-o', dir], '', true);
    // F01–F03 have rows that lost points without a written reason: scored, with warnings.
    expect(res.code).toBe(1);
    expect(res.err).toContain('[########################] 3/3');
    expect(res.out.split('\n').filter((l) => /^liaoning-project-F0\d\.xlsx/.test(l))).toHaveLength(3);
    expect(fs.readdirSync(dir).sort()).toEqual(['liaoning-project-F01.scored.xlsx', 'liaoning-project-F02.scored.xlsx', 'liaoning-project-F03.scored.xlsx']);
    const piped = await runCli(['score', ...files, '-o', tmp()]);
    expect(piped.err).toBe('');
  });

  test('a custom profile file; a bad one is refused', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ base: 'liaoning', overshoot: null }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ base: 'liaoning', reverse: 'log' }));
    const sample = path.join(__dirname, '..', '..', 'examples', '辽宁-项目自评表.xlsx');
    const res = await runCli(['score', sample, '-o', path.join(dir, 'o.xlsx'), '--profile', path.join(dir, 'p.json'), '--json']);
    expect(JSON.parse(res.out).files[0].forms[0].profile).toBe('liaoning-custom');
    const bad = await runCli(['score', sample, '-o', path.join(dir, 'o.xlsx'), '--profile', path.join(dir, 'bad.json')]);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('reverse')]);
  });
});

describe('jixiao score on the target tables (no actuals): reading and the weights check', () => {
  const tables = expectedForms((f) => f.layout === 'L4');
  const files = [...new Set(tables.map((f) => f.workbook))];
  test.each(files)('%s', async (workbook) => {
    const res = await runCli(['score', path.join(FIXTURES, workbook), '-o', path.join(tmp(), workbook), '--json']);
    const forms: FormReport[] = JSON.parse(res.out).files[0].forms;
    const expected = tables.filter((f) => f.workbook === workbook);
    expect(forms.map((f) => f.sheet)).toEqual(expected.map((f) => f.sheet));
    for (const [i, f] of expected.entries()) {
      const codes = new Set(forms[i].problems.map((p) => p.code));
      const verdict = codes.has('no-weights') ? 'no-weights' : codes.has('weights-sum') ? 'weights-sum' : 'ok';
      expect({ sheet: f.sheet, verdict, rows: forms[i].rows.length }).toEqual({ sheet: f.sheet, verdict: f.expected_weights_check, rows: forms[i].rows.length });
      expect(forms[i].rows.map((r) => r.excelRow)).toEqual(expect.arrayContaining(f.rows.filter((r) => r.kind !== 'placeholder').map((r) => r.excel_row)));
    }
  });
});
