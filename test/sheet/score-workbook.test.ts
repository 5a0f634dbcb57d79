import Decimal from 'decimal.js';
import { PROFILES } from '../../src/engine';
import { parseA1, scoreWorkbook, type CellWrite, type ScoredForm, type WorkbookGrid, type WorkbookScore } from '../../src/sheet';
import { at2, expectedForms, isNational, wantedRowScore, wantedTotal, type ExpectedForm } from '../helpers/fixtures';
import { rowIndexAt } from './expect-helpers';
import { applyPlan, getCell, setCell } from './grid-edit';
import { loadBook } from './load-grid';

const scoredLayouts = expectedForms((f) => f.layout !== 'L4');

function rowScoreWanted(f: ExpectedForm, r: ExpectedForm['rows'][number]): number {
  return wantedRowScore(f, r) as number;
}
const workbooks = [...new Set(expectedForms().map((f) => f.workbook))];

/** Compares at `places` decimals, half-up, on the decimal text. */
function at(x: number | string, places: number): string {
  return new Decimal(String(x)).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** `94.9%` → 3 decimals of the fraction; `0. 95` → 2; `72.00%` → 4. */
function printedPlaces(printed: string): number {
  const s = printed.replace(/\s+/g, '');
  const decimals = (s.split('.')[1] ?? '').replace('%', '').length;
  return s.endsWith('%') ? decimals + 2 : decimals;
}

function writesOf(score: WorkbookScore, sheet: string): Map<string, CellWrite> {
  return new Map(score.plan.writes.filter((w) => w.sheet === sheet).map((w) => [w.address, w]));
}

function formOn(score: WorkbookScore, sheet: string): ScoredForm {
  const forms = score.forms.filter((s) => s.form.sheet === sheet);
  expect(forms).toHaveLength(1);
  return forms[0];
}

function written(writes: Map<string, CellWrite>, address: string | undefined): number {
  expect(address).toBeDefined();
  const w = writes.get(address!);
  expect(w).toBeDefined();
  expect(typeof w!.value).toBe('number');
  return w!.value as number;
}

describe.each(scoredLayouts.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('scoring %s end to end', (_name, f: ExpectedForm) => {
  let book: WorkbookGrid;
  let score: WorkbookScore;
  beforeAll(async () => {
    book = await loadBook(f.workbook);
    score = scoreWorkbook(book, {});
  });

  test('uses the profile of its layout', () => {
    expect(formOn(score, f.sheet).profile.id).toBe(f.profile);
  });

  test('row scores and completions are written at their cells', () => {
    const writes = writesOf(score, f.sheet);
    const { form } = formOn(score, f.sheet);
    const oc = f.output_cells!;
    for (const r of f.rows) {
      const scoreWanted = rowScoreWanted(f, r);
      const scoreAddress = `${oc.row_score_column}${r.excel_row}`;
      expect(at2(written(writes, scoreAddress))).toBe(at2(scoreWanted!));
      expect(writes.get(scoreAddress)!.numberFormat).toBe('0.00');
      expect(writes.get(scoreAddress)!.kind).toBe('row-score');
      for (const member of (r.excel_rows ?? []).slice(1)) expect(writes.has(`${oc.row_score_column}${member}`)).toBe(false);

      if (!oc.row_completion_column) continue;
      const completionAddress = `${oc.row_completion_column}${r.excel_row}`;
      if (r.completion_input !== undefined && r.completion_input !== null) {
        // The evaluator's completion is an input: kept, never overwritten.
        expect(writes.has(completionAddress)).toBe(false);
        expect(score.plan.kept.map((k) => k.address)).toContain(completionAddress);
        continue;
      }
      const completionWanted = r.reproducible ? r.expected_completion : (r.rule_completion ?? r.expected_completion);
      expect(at2(written(writes, completionAddress))).toBe(at2(completionWanted!));
      expect(writes.get(completionAddress)!.numberFormat).toBe('0.00%');
    }
    expect(form.rowCells.length).toBeGreaterThan(0);
  });

  test('execution rate and score, subtotal, deduction and total match the published values', () => {
    const writes = writesOf(score, f.sheet);
    const oc = f.output_cells!;
    if (oc.execution_rate) {
      // National layout fixtures print no rate: their expected rate is the rule's, to 6 decimals.
      const places = f.execution_rate_printed ? printedPlaces(String(f.execution_rate_printed)) : 6;
      const wanted = f.execution_rate_reproducible ? f.execution_rate! : f.execution_rate_rule!;
      expect(at(written(writes, oc.execution_rate), places)).toBe(at(wanted, places));
      expect(writes.get(oc.execution_rate)!.numberFormat).toBe('0.00%');
    }
    if (oc.execution_score) {
      const wanted = f.execution_score_reproducible ? f.expected_execution_score : (f.execution_score_rule as number);
      expect(at2(written(writes, oc.execution_score))).toBe(at2(wanted!));
    }
    if (oc.subtotal) {
      const ruleSubtotal = f.rows.reduce((s, r) => s.plus(rowScoreWanted(f, r)), new Decimal(0));
      const wanted = f.subtotal_reproducible ? f.expected_subtotal! : ruleSubtotal.toNumber();
      expect(at2(written(writes, oc.subtotal))).toBe(at2(wanted));
    }
    if (oc.deduction) expect(at2(written(writes, oc.deduction))).toBe(at2(f.expected_deduction ?? 0));
    expect(at2(written(writes, oc.total))).toBe(at2(wantedTotal(f)));
  });

  test('task rates and scores (department forms)', () => {
    const writes = writesOf(score, f.sheet);
    const oc = f.output_cells!;
    for (const t of f.tasks ?? []) {
      const wanted = t.reproducible ? t.expected_score : t.rule_score!;
      expect(at2(written(writes, `${oc.task_score_column}${t.excel_row}`))).toBe(at2(wanted));
      const rate = written(writes, `${oc.task_rate_column}${t.excel_row}`);
      // The rule's rate is 执行金额 / 下达金额; the forms printed rates of the amounts before rounding (within 0.1 %).
      const { form } = formOn(score, f.sheet);
      const k = form.taskCells.findIndex((c) => c.excelRow === t.excel_row);
      const task = form.input.tasks![k];
      expect(rate).toBe(new Decimal(String(task.spent)).dividedBy(String(task.allocated)).toNumber());
      if (t.reproducible) expect(at(rate, 3)).toBe(at(t.expected_rate, 3));
    }
  });

  test('a second run on the written workbook writes the same values and keeps only the person’s cells', () => {
    const first = score.plan;
    const again = applyPlan(structuredClone(book), first);
    const second = scoreWorkbook(again, {}).plan;
    const key = (w: CellWrite) => `${w.sheet}!${w.address}=${w.value}|${w.numberFormat}`;
    expect(second.writes.map(key).sort()).toEqual(first.writes.map(key).sort());
    expect(second.kept).toEqual(first.kept);
    expect(second.prior).toEqual(first.prior);
    const persons = f.rows.filter((r) => r.completion_input !== undefined && r.completion_input !== null);
    expect(first.kept).toHaveLength(persons.length);
  });
});

describe.each(scoredLayouts.filter(isNational).map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('national layout %s', (_name, f) => {
  let book: WorkbookGrid;
  let score: WorkbookScore;
  beforeAll(async () => {
    book = await loadBook(f.workbook);
    score = scoreWorkbook(book, {});
  });

  test('the national default profile, and the report says why', () => {
    const s = formOn(score, f.sheet);
    expect(s.profile.id).toBe('national');
    expect(s.profileChoice?.source).toBe('default');
    expect(s.profileChoice?.reason).toMatch(/默认/);
  });

  test('every output cell is written: grade, 自评总分 header, and nothing on the rows that are not indicators', () => {
    const writes = writesOf(score, f.sheet);
    const oc = f.output_cells!;
    expect(at2(written(writes, oc.total))).toBe(at2(f.expected_total!));
    if (oc.total_header) expect(at2(written(writes, oc.total_header))).toBe(at2(f.expected_total!));
    if (oc.grade) expect(writes.get(oc.grade)?.value).toBe(f.expected_grade);
    else expect(formOn(score, f.sheet).result.grade).toBe(f.expected_grade);
    if (oc.subtotal) expect(at2(written(writes, oc.subtotal))).toBe(at2(f.expected_subtotal!));
    // The printed 分值 (100 in the 总分 row, the funds block's weight) is an input: never kept as a person's entry.
    expect(score.plan.kept).toEqual([]);
    const notRows = [...((f.non_scored_rows as { excel_row: number }[] | undefined) ?? []), ...((f.task_rows as { excel_row: number }[] | undefined) ?? [])];
    for (const n of notRows) expect([...writes.values()].filter((w) => w.row === n.excel_row)).toEqual([]);
    const optional = Object.values((f.optional_output_cells as Record<string, string> | undefined) ?? {});
    for (const a of optional) if (writes.has(a)) expect(writes.get(a)!.value).toBe(writes.get(oc.execution_rate)!.value);
    const expectedWrites = new Set([...f.rows.map((r) => `${oc.row_score_column}${r.excel_row}`), ...Object.entries(oc).filter(([k]) => !k.endsWith('_column')).map(([, a]) => a)]);
    expect(new Set([...writes.keys()].filter((a) => !optional.includes(a)))).toEqual(expectedWrites);
  });
});

describe('write plan safety on every fixture workbook', () => {
  test.each(workbooks)('%s: writes only output cells, never an input, never twice', async (file) => {
    const book = await loadBook(file);
    const score = scoreWorkbook(book, {});
    const outputs = new Set<string>();
    for (const { form } of score.forms) {
      for (const c of form.rowCells) for (const a of [c.completion, c.score]) if (a) outputs.add(`${form.sheet}!${a}`);
      for (const t of form.taskCells) for (const a of [t.rate, t.score]) if (a) outputs.add(`${form.sheet}!${a}`);
      for (const a of Object.values(form.outputs)) if (a) outputs.add(`${form.sheet}!${a}`);
    }
    const seen = new Set<string>();
    for (const w of score.plan.writes) {
      const key = `${w.sheet}!${w.address}`;
      expect(outputs.has(key)).toBe(true);
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      const sheet = book.sheets.find((s) => s.name === w.sheet)!;
      // The fixtures leave every output empty, except the evaluator's completion (kept, never written).
      expect(getCell(sheet, w.address)).toBeNull();
      expect(parseA1(w.address)).toEqual({ row: w.row, col: w.col });
      expect(typeof w.value === 'number' || w.value === null || (w.kind === 'grade' && ['优', '良', '中', '差'].includes(String(w.value)))).toBe(true);
    }
    expect(Object.keys(score.plan.prior).sort()).toEqual(
      score.plan.writes.filter((w) => w.value !== null).map((w) => `${w.sheet}!${w.address}`).sort(),
    );
  });
});

describe('target tables (L4): reading and the weights check only', () => {
  const targets = expectedForms((f) => f.layout === 'L4');
  test.each(targets.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('%s', async (_n, f) => {
    const book = await loadBook(f.workbook);
    const score = scoreWorkbook(book, {});
    const { result, form } = formOn(score, f.sheet);
    const codes = result.problems.map((p) => p.code);
    if (f.expected_weights_check === 'ok') {
      expect(codes).not.toContain('weights-sum');
      expect(codes).not.toContain('no-weights');
    } else {
      expect(codes).toContain(f.expected_weights_check);
    }
    if (f.expected_weights_check === 'no-weights') expect(form.problems.map((p) => p.code)).toContain('no-weights');
    // No actuals yet: no row is scored and nothing is written on the sheet.
    expect(result.pending).toBeGreaterThan(0);
    expect(result.rows.every((r) => r.score === null)).toBe(true);
    expect(score.plan.writes.filter((w) => w.sheet === f.sheet && w.value !== null)).toEqual([]);
  });
});

describe('a person’s entry', () => {
  const F01 = 'liaoning-project-F01.xlsx';
  const sheetName = 'F01 人力资源和社会保障综合业务经费';

  test('a number typed in a 得分 cell is kept, reported with the rule’s value and used in the totals', async () => {
    const book = await loadBook(F01);
    setCell(book.sheets[0], 'J9', 7);
    const score = scoreWorkbook(book, {});
    expect(score.plan.writes.map((w) => w.address)).not.toContain('J9');
    expect(score.plan.kept).toEqual([{ sheet: sheetName, address: 'J9', kind: 'row-score', current: 7, ruleValue: '10', judgement: false }]);
    const writes = writesOf(score, sheetName);
    expect(at2(written(writes, 'C16'))).toBe('82.00');
    expect(score.plan.prior[`${sheetName}!J9`]).toBeUndefined();
    expect(formOn(score, sheetName).result.rows[0].flags).toContain('manual');
  });

  test('a person overwriting the product’s value after a run is kept on the next run', async () => {
    const book = await loadBook(F01);
    const first = scoreWorkbook(book, {});
    const applied = applyPlan(book, first.plan);
    setCell(applied.sheets[0], 'J10', 8);
    const second = scoreWorkbook(applied, {});
    expect(second.plan.kept.map((k) => [k.address, k.ruleValue])).toEqual([['J10', '5']]);
    expect(second.plan.writes.map((w) => w.address)).not.toContain('J10');
    expect(second.plan.prior[`${sheetName}!J10`]).toBeUndefined();
  });

  test('a formula in an output cell is never overwritten', async () => {
    const book = await loadBook(F01);
    setCell(book.sheets[0], 'K16', 95);
    book.sheets[0].formulas = { K16: 'C16+F16-H16' };
    const score = scoreWorkbook(book, {});
    expect(score.plan.writes.map((w) => w.address)).not.toContain('K16');
    expect(score.plan.kept.map((k) => k.address)).toEqual(['K16']);
  });

  test('a result that becomes empty clears the product’s own cell, never a person’s', async () => {
    const book = await loadBook(F01);
    const first = scoreWorkbook(book, {});
    const applied = applyPlan(book, first.plan);
    // The actual of row 9 is deleted: the row is pending again.
    setCell(applied.sheets[0], 'G9', null);
    // Row 10's score is typed over by a person.
    setCell(applied.sheets[0], 'J10', 6);
    const second = scoreWorkbook(applied, {});
    const w = writesOf(second, sheetName);
    expect(w.get('J9')!.value).toBeNull();
    expect(w.get('H9')!.value).toBeNull();
    expect(second.plan.prior[`${sheetName}!J9`]).toBeUndefined();
    expect(second.plan.kept.map((k) => k.address)).toEqual(['J10']);
  });

  test('a user-chosen profile overrides the layout’s', async () => {
    const book = await loadBook(F01);
    const score = scoreWorkbook(book, { profile: PROFILES.national });
    expect(score.forms[0].profile.id).toBe('national');
    // National rules have no over-achievement penalty: 驻外信访维稳天数 gets its full 10.
    expect(writesOf(score, sheetName).get('J10')!.value).toBe(10);
  });

  test('prior entries of other sheets are carried over untouched', async () => {
    const book = await loadBook(F01);
    book.prior = { 'Other!A1': '5', [`${sheetName}!Z99`]: '1' };
    const score = scoreWorkbook(book, {});
    expect(score.plan.prior['Other!A1']).toBe('5');
    expect(score.plan.prior[`${sheetName}!Z99`]).toBeUndefined();
  });
});

test('the evaluator completion 0.8 (0%) of liaoning-dept-1 H27 is read as 80 %', async () => {
  const [f] = expectedForms((x) => x.form_key === 'liaoning-dept-1');
  const book = await loadBook(f.workbook);
  const score = scoreWorkbook(book, {});
  const { form, result } = formOn(score, f.sheet);
  const i = rowIndexAt(form, 27);
  expect(form.input.rows[i].completion).toBe('80%');
  expect(at2(result.rows[i].score!.toString())).toBe('0.56');
  // A qualitative row's completion is the evaluator's judgement: kept, and never listed as a discrepancy.
  expect(score.plan.kept).toEqual([{ sheet: f.sheet, address: 'H27', kind: 'row-completion', current: 0.8, ruleValue: '0.8', judgement: true }]);
});
