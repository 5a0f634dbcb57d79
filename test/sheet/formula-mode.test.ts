import { scoreWorkbook, type WorkbookGrid, type WritePlan } from '../../src/sheet';
import { setCell } from './grid-edit';
import { loadBook } from './load-grid';

/** Applies a plan as Excel would in formula mode: a formula goes into the cell, its value is the result. */
function applyFormulas(book: WorkbookGrid, plan: WritePlan): WorkbookGrid {
  for (const w of plan.writes) {
    const sheet = book.sheets.find((s) => s.name === w.sheet)!;
    setCell(sheet, w.address, w.value, w.numberFormat);
    sheet.formulas = { ...(sheet.formulas ?? {}) };
    if (w.formula) sheet.formulas[w.address] = w.formula;
    else delete sheet.formulas[w.address];
  }
  return { sheets: book.sheets, prior: plan.prior };
}

describe('formula mode (以公式写入)', () => {
  test('a Liaoning project form gets live formulas over its own cells', async () => {
    const book = await loadBook('liaoning-project-F04.xlsx');
    const plan = scoreWorkbook(book, { formulas: true }).plan;
    const f = Object.fromEntries(plan.writes.map((w) => [w.address, w.formula ?? null]));
    expect(f).toMatchObject({
      H10: 'JIXIAO.COMPLETION(D10,E10,G10,F10,"liaoning")',
      J10: 'JIXIAO.SCORE(D10,E10,G10,I10,F10,"liaoning","project")',
      J13: 'JIXIAO.SCORE(D13,E13,G13,I13,F13,"liaoning","project")',
      H6: 'IF(C6=0,0,MAX(0,F6/C6))',
      F15: 'JIXIAO.EXECSCORE(C6,F6,10,"liaoning")',
      C15: 'SUM(J9:J14)',
      K15: 'JIXIAO.TOTAL(J9:J14,F15,"liaoning",C6,F6)',
      H15: 'MAX(0,ROUND(C15+F15-K15,10))',
    });
    expect(plan.prior['F04 事业单位招考工作经费!J10']).toBe('=JIXIAO.SCORE(D10,E10,G10,I10,F10,"liaoning","project")');
  });

  test('rows the functions cannot compute alone keep values: merged units, evaluator completions, cost rows say their operator', async () => {
    const hubei = await loadBook('hubei-project-1.xlsx');
    const w = Object.fromEntries(scoreWorkbook(hubei, { formulas: true }).plan.writes.map((x) => [x.address, x]));
    expect(w.H9.formula).toBeUndefined(); // rows 9–10 share one merged score
    expect(w.H9.value).toBe(20);
    expect(w.H8.formula).toBe('JIXIAO.SCORE("<=",E8,F8,G8,"","hubei","project")');
    expect(w.G6.formula).toBe('JIXIAO.EXECSCORE(D6,E6,20,"hubei")');
    const dept = await loadBook('liaoning-dept-1.xlsx');
    const d = scoreWorkbook(dept, { formulas: true }).plan;
    expect(d.kept.map((k) => k.address)).toEqual(['H27']);
    expect(d.writes.find((x) => x.address === 'J27')!.formula).toBeUndefined();
    expect(d.writes.find((x) => x.address === 'J37')!.formula).toBe('SUM(J7:J11)+SUM(J14:J36)');
  });

  test('a second run keeps nothing; switching back to values replaces exactly the product’s own formulas', async () => {
    const book = await loadBook('liaoning-project-F01.xlsx');
    const first = scoreWorkbook(book, { formulas: true });
    const live = applyFormulas(book, first.plan);
    const again = scoreWorkbook(live, { formulas: true });
    expect(again.plan.kept).toEqual([]);
    expect(again.plan.writes.map((w) => [w.address, w.formula])).toEqual(first.plan.writes.map((w) => [w.address, w.formula]));
    const values = scoreWorkbook(live, {});
    expect(values.plan.kept).toEqual([]);
    for (const w of values.plan.writes) {
      expect(w.formula).toBeUndefined();
      expect(w.replacesFormula).toBe(first.plan.writes.find((x) => x.address === w.address)!.formula);
    }
  });

  test('a formula a person wrote in an output cell is kept', async () => {
    const book = await loadBook('liaoning-project-F02.xlsx');
    const first = applyFormulas(book, scoreWorkbook(book, { formulas: true }).plan);
    const sheet = first.sheets[0];
    sheet.formulas = { ...sheet.formulas, J9: 'I9*0.9' };
    const plan = scoreWorkbook(first, { formulas: true }).plan;
    expect(plan.kept.map((k) => k.address)).toEqual(['J9']);
    expect(plan.writes.find((w) => w.address === 'J9')).toBeUndefined();
  });
});
