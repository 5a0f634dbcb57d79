import { findForms, scoreWorkbook, type RecognizedForm, type SheetGrid } from '../../src/sheet';
import { columnOf } from './expect-helpers';
import { insertColumn, moveAddress, setCell, shift, stack, truncate } from './grid-edit';
import { loadBook, loadSheet } from './load-grid';

const F01 = ['liaoning-project-F01.xlsx', 'F01 人力资源和社会保障综合业务经费'] as const;
const F02 = ['liaoning-project-F02.xlsx', 'F02 职称评审及技术等级晋升培训经费'] as const;
const DEPT = ['liaoning-dept-1.xlsx', '041001丹东市人力资源和社会保障局本级'] as const;
const HUBEI = ['hubei-project-4.xlsx', '劳动维权工作经费'] as const;

function only(sheet: SheetGrid): RecognizedForm {
  const forms = findForms(sheet, {});
  expect(forms).toHaveLength(1);
  return forms[0];
}

/** What the engine gets, without the addresses: it must not change when the layout moves. */
function engineInput(form: RecognizedForm): unknown {
  return { ...form.input, rows: form.input.rows.map((r) => ({ ...r, scoringUnit: r.scoringUnit ? 'unit' : null })) };
}

describe('headers written with synonyms and odd spacing', () => {
  test('L1 header renamed: same table, same rows', async () => {
    const original = only(await loadSheet(...F01));
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'A7', '一级\n指标');
    setCell(sheet, 'C7', '三级 指标');
    setCell(sheet, 'D8', '计算符号');
    setCell(sheet, 'E8', '指标值');
    setCell(sheet, 'F8', '计量单位');
    setCell(sheet, 'G7', '实际完成值（B）');
    setCell(sheet, 'H7', '完成率');
    setCell(sheet, 'I7', '权重');
    setCell(sheet, 'J7', '得 分');
    setCell(sheet, 'A6', '预算数（万元）');
    setCell(sheet, 'D6', '执行数(万元)');
    const form = only(sheet);
    expect(form.rangeAddress).toBe('A7:K16');
    expect(engineInput(form)).toEqual(engineInput(original));
    expect(form.outputs).toEqual(original.outputs);
    expect(form.rowCells).toEqual(original.rowCells);
  });

  test('one-row header with 年度指标值 / 绩效指标性质 / 绩效度量单位 / 本年权重 / 全年完成值', async () => {
    const sheet = await loadSheet(...HUBEI);
    setCell(sheet, 'E7', '年度指标值');
    setCell(sheet, 'F7', '全年完成值');
    setCell(sheet, 'G7', '本年权重');
    const form = only(sheet);
    expect(form.rangeAddress).toBe('A7:H20');
    expect(form.input.rows.map((r) => r.target)).toContain('≥98%');
    expect(form.input.rows[1].actual).toBe('99.8%');
    expect(form.input.rows[1].weight).toBe(20);
  });

  test('a header without 分值 column is reported, with the header cell', async () => {
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'I7', '备注');
    const form = only(sheet);
    const p = form.problems.find((x) => x.code === 'no-weights');
    expect(p?.address).toBe('A7');
    expect(p?.message).toContain('分值');
    expect(form.input.rows.every((r) => r.weight === null)).toBe(true);
  });
});

describe('the table moved', () => {
  test.each([
    [3, 0],
    [0, 2],
    [3, 2],
  ])('down %i rows and right %i columns', async (rows, cols) => {
    const original = only(await loadSheet(...F01));
    const form = only(shift(await loadSheet(...F01), rows, cols));
    expect(form.rangeAddress).toBe(moveAddress('A7:K16', rows, cols));
    expect(form.headerRows).toEqual([7 + rows, 8 + rows]);
    expect(engineInput(form)).toEqual(engineInput(original));
    expect(form.outputs).toEqual({
      executionRate: moveAddress('H6', rows, cols),
      executionScore: moveAddress('F16', rows, cols),
      subtotal: moveAddress('C16', rows, cols),
      deduction: moveAddress('H16', rows, cols),
      total: moveAddress('K16', rows, cols),
      grade: null,
    });
    expect(form.rowCells.map((c) => c.score)).toEqual(original.rowCells.map((c) => moveAddress(c.score!, rows, cols)));
  });

  test('a Hubei form moved keeps its execution block outputs (under the labels)', async () => {
    const form = only(shift(await loadSheet(...HUBEI), 3, 2));
    expect(form.outputs.executionRate).toBe('H9');
    expect(form.outputs.executionScore).toBe('I9');
    expect(form.outputs.total).toBe('J23');
    expect(form.input.budget).toBe(881.16);
    expect(form.input.executionWeight).toBe(20);
  });
});

describe('an extra column inserted in the middle', () => {
  test('备注 between 全年完成值 and 完成程度 (L1)', async () => {
    const original = only(await loadSheet(...F01));
    const sheet = insertColumn(await loadSheet(...F01), 8);
    setCell(sheet, 'H7', '备注');
    setCell(sheet, 'H9', '按计划完成');
    const form = only(sheet);
    expect(form.rangeAddress).toBe('A7:L16');
    expect(engineInput(form)).toEqual(engineInput(original));
    expect(columnOf(form.rowCells[0].completion)).toBe('I');
    expect(columnOf(form.rowCells[0].score)).toBe('K');
    expect(form.outputs.total).toBe('L16');
    // The inserted column also splits the last row: 减分项's output is the cell right of it.
    expect(form.outputs.deduction).toBe('H16');
  });

  test('备注 between 年度主要任务 amounts and the indicator columns (L2)', async () => {
    const original = only(await loadSheet(...DEPT));
    const sheet = insertColumn(await loadSheet(...DEPT), 4);
    setCell(sheet, 'D12', '指标值确定依据');
    const form = only(sheet);
    expect(form.input.rows.map((r) => [r.level3, r.target, r.weight, r.actual])).toEqual(
      original.input.rows.map((r) => [r.level3, r.target, r.weight, r.actual]),
    );
    expect(form.input.tasks).toEqual(original.input.tasks);
    expect(form.outputs.total).toBe('K37');
  });
});

describe('several forms on one sheet', () => {
  test('two Liaoning project forms stacked: each with its own info cells and outputs', async () => {
    const a = await loadSheet(...F01);
    const b = await loadSheet(...F02);
    const both = stack(a, b, 2);
    const forms = findForms(both, {});
    expect(forms).toHaveLength(2);
    const [first, second] = forms;
    const offset = a.values.length + 2;
    expect(engineInput(first)).toEqual(engineInput(only(a)));
    expect(engineInput(second)).toEqual(engineInput(only(b)));
    expect(first.rangeAddress).toBe('A7:K16');
    expect(second.rangeAddress).toBe(moveAddress('A7:K16', offset, 0));
    expect(second.outputs.executionRate).toBe(moveAddress('H6', offset, 0));
    expect(second.input.budget).toBe(127.35);
  });

  test('two target tables without total rows stacked: the second title ends the first table', async () => {
    const book = await loadBook('targets-001-qinhuangdao-haigang.xlsx');
    const [a, b] = book.sheets;
    const forms = findForms(stack(a, b, 1), {});
    expect(forms).toHaveLength(2);
    expect(forms[0].input.rows).toHaveLength(only(a).input.rows.length);
    expect(forms[1].input.rows.map((r) => r.level3)).toEqual(only(b).input.rows.map((r) => r.level3));
    expect(forms[1].title).toBe(only(b).title);
    expect(forms[1].input.budget).toBe(1);
  });

  test('every sheet of a workbook is read; sheets without a form are skipped', async () => {
    const book = await loadBook('liaoning-projects-F01-F08.xlsx');
    const cover: SheetGrid = {
      name: '封面',
      originRow: 1,
      originCol: 1,
      values: [['2024年度绩效自评材料'], [null], ['丹东市人力资源和社会保障局'], ['说明：各项目自评表见后']],
      merges: [],
    };
    expect(findForms(cover, {})).toEqual([]);
    book.sheets.unshift(cover);
    const score = scoreWorkbook(book, {});
    expect(score.forms.map((f) => f.form.sheet)).toEqual(book.sheets.slice(1).map((s) => s.name));
    expect(score.plan.writes.some((w) => w.sheet === '封面')).toBe(false);
  });
});

describe('rows that are not indicators, and odd rows that are', () => {
  test('a header with no rows under it is a problem, not a crash, and nothing is written', async () => {
    const sheet = truncate(await loadSheet(...F01), 8);
    const form = only(sheet);
    expect(form.input.rows).toEqual([]);
    expect(form.problems.map((p) => [p.address, p.message])).toContainEqual(['A7', '表头（A7）下没有指标行']);
    const score = scoreWorkbook({ sheets: [sheet], prior: {} }, {});
    expect(score.plan.writes).toEqual([]);
  });

  test('blank 一级/二级指标 cells (no merges) continue the label above', async () => {
    const original = only(await loadSheet(...F01));
    const sheet = await loadSheet(...F01);
    sheet.merges = sheet.merges.filter((m) => !(m.left <= 2 && m.top >= 9));
    const form = only(sheet);
    expect(form.input.rows.map((r) => [r.level1, r.level2])).toEqual(original.input.rows.map((r) => [r.level1, r.level2]));
  });

  test('a row with 三级指标 but target — or empty stays (the engine reports it)', async () => {
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'E9', '—');
    setCell(sheet, 'E10', null);
    const form = only(sheet);
    expect(form.input.rows).toHaveLength(7);
    expect(form.input.rows[0].target).toBe('—');
    expect(form.input.rows[1].target).toBeNull();
  });

  test('empty rows inside the table are skipped', async () => {
    const sheet = await loadSheet(...F01);
    for (const c of ['C', 'D', 'E', 'F', 'G', 'I']) setCell(sheet, `${c}12`, null);
    const form = only(sheet);
    expect(form.rowCells.map((c) => c.excelRow)).toEqual([9, 10, 11, 13, 14, 15]);
    expect(form.rangeAddress).toBe('A7:K16');
  });

  test('Hubei overall: block headings and repeated headers are not rows; level carry-over restarts per block', async () => {
    const form = only(await loadSheet('hubei-overall.xlsx', '区人社局整体绩效自评表'));
    const rows = form.rowCells.map((c) => c.excelRow);
    for (const r of [7, 8, 21, 22, 46, 47, 60, 61, 70]) expect(rows).not.toContain(r);
    expect(form.input.rows.find((_, i) => form.rowCells[i].excelRow === 23)?.level1).toBe('成本指标（5分）');
  });

  test('percent-formatted numbers become the percent a person sees', async () => {
    const form = only(await loadSheet(...HUBEI));
    const at = (r: number) => form.input.rows[form.rowCells.findIndex((c) => c.excelRow === r)];
    expect(at(9).actual).toBe('99.8%');
    expect(at(14).target).toBe('100%');
    expect(at(10).target).toBe(300);
  });
});

describe('person entries read as engine input', () => {
  test('a typed 得分, 完成程度, 减分项 and a formula are passed to the engine', async () => {
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'J9', 8);
    setCell(sheet, 'H10', 0.9, '0%');
    setCell(sheet, 'H16', 2);
    setCell(sheet, 'J11', 9);
    sheet.formulas = { J11: 'I11*0.9' };
    const form = only(sheet);
    expect(form.input.rows[0].score).toBe(8);
    expect(form.input.rows[1].completion).toBe('90%');
    expect(form.input.rows[2].score).toBe(9);
    expect(form.input.deduction).toBe(2);
  });

  test('values the product wrote itself (in prior) are not person entries', async () => {
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'J9', 10);
    setCell(sheet, 'H16', 0);
    const form = findForms(sheet, { [`${F01[1]}!J9`]: '10', [`${F01[1]}!H16`]: '0' })[0];
    expect(form.input.rows[0].score ?? null).toBeNull();
    expect(form.input.deduction ?? null).toBeNull();
  });

  test('a Hubei merged 得分 typed by a person applies to the whole scoring unit', async () => {
    const sheet = await loadSheet(...HUBEI);
    setCell(sheet, 'H9', 19);
    const form = only(sheet);
    const unit = form.input.rows.filter((r) => r.scoringUnit === 'G9');
    expect(unit).toHaveLength(8);
    expect(unit[0].score).toBe(19);
    expect(unit.slice(1).every((r) => r.score === null)).toBe(true);
  });
});

describe('自评等级', () => {
  test('a grade row after the total row gets the grade as text', async () => {
    const sheet = await loadSheet(...HUBEI);
    setCell(sheet, 'A21', '自评等级');
    sheet.merges.push({ top: 21, left: 1, bottom: 21, right: 7 });
    const form = only(sheet);
    expect(form.outputs.grade).toBe('H21');
    expect(form.rangeAddress).toBe('A7:H21');
    const score = scoreWorkbook({ sheets: [sheet], prior: {} }, {});
    const w = score.plan.writes.find((x) => x.address === 'H21');
    expect(w).toMatchObject({ kind: 'grade', value: '优' });
    expect(w?.numberFormat).toBeUndefined();
  });
});

describe('grids as hosts deliver them', () => {
  test('a used range that does not start at A1 gives the same addresses', async () => {
    const full = await loadSheet(...F01);
    const original = only(full);
    const cropped: SheetGrid = { ...full, originRow: 3, originCol: 1, values: full.values.slice(2), formats: full.formats!.slice(2) };
    const form = only(cropped);
    expect(form.rangeAddress).toBe(original.rangeAddress);
    expect(form.outputs).toEqual(original.outputs);
    expect(form.rowCells).toEqual(original.rowCells);
    // The title row is outside the used range: the input is the same except the title.
    expect({ ...engineInput(form) as object, title: null }).toEqual({ ...engineInput(original) as object, title: null });
  });

  test('empty cells given as "" (Office.js) read like nulls', async () => {
    const sheet = await loadSheet(...DEPT);
    const original = only(sheet);
    const blanks: SheetGrid = { ...sheet, values: sheet.values.map((row) => row.map((v) => (v === null ? '' : v))) };
    const form = only(blanks);
    expect(engineInput(form)).toEqual(engineInput(original));
    expect(form.outputs).toEqual(original.outputs);
    const score = scoreWorkbook({ sheets: [blanks], prior: {} }, {});
    expect(score.plan.writes.length).toBe(scoreWorkbook({ sheets: [sheet], prior: {} }, {}).plan.writes.length);
  });
});
