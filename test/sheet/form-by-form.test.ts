import { planWrites, scoreWorkbook, type ScoredForm, type WorkbookGrid } from '../../src/sheet';
import { scoreWorkbookChecked, settleDiscrepancies } from '../../src/sheet/discrepancies';
import { WorkbookScorer } from '../../src/sheet/score-workbook';
import { applyPlan, setCell, stack } from './grid-edit';
import { loadBook } from './load-grid';

/**
 * The CLI scores a workbook form by form (`onForm`): each form goes to the caller as soon as its
 * writes are planned and is not kept. Everything it gets, and the plan, must be what the whole
 * workbook scored at once gives.
 */

/** F01–F08 one per sheet, a sheet without a form between them, and a sheet of two stacked forms. */
async function mixedBook(): Promise<WorkbookGrid> {
  const book = await loadBook('liaoning-projects-F01-F08.xlsx');
  const [f1, f2, ...rest] = book.sheets;
  const blank = { name: '说明', originRow: 1, originCol: 1, values: [['本表无指标', null], [null, '仅作说明']], formats: [], formulas: {}, merges: [] };
  return { sheets: [f1, blank, stack(f2, rest[0], 3, '两张表'), ...rest.slice(1)], prior: {} };
}

function streamed(book: WorkbookGrid, options: Parameters<typeof scoreWorkbookChecked>[1] = {}) {
  const forms: ScoredForm[] = [];
  const checked = scoreWorkbookChecked(book, { ...options, onForm: (s) => forms.push(s) });
  return { forms, checked };
}

describe('scoring form by form', () => {
  test('the forms handed over, the plan and the unrecognised sheets are those of the whole workbook scored at once', async () => {
    const book = await mixedBook();
    const whole = scoreWorkbook(book);
    const handed: ScoredForm[] = [];
    const byForm = scoreWorkbook(book, { onForm: (s) => handed.push(s) });

    expect(whole.forms.map((s) => s.form.sheet)).toEqual([
      'F01 人力资源和社会保障综合业务经费',
      '两张表',
      '两张表',
      ...book.sheets.slice(3).map((s) => s.name),
    ]);
    expect(handed).toEqual(whole.forms);
    expect(byForm.forms).toEqual([]);
    expect(byForm.plan).toEqual(whole.plan);
    expect(byForm.plan.writes.length).toBeGreaterThan(100);
    expect(byForm.unrecognised).toEqual(whole.unrecognised);
    // The plan made form by form is the one planWrites makes from all the forms.
    expect(planWrites(whole.forms, book)).toEqual(whole.plan);
  });

  test('a sheet that is one form from its first row to its last is handed over whole', async () => {
    const book = await loadBook('liaoning-project-F01.xlsx');
    const whole = scoreWorkbook(book);
    const { forms, checked } = streamed(book);
    expect(forms).toHaveLength(1);
    expect(forms).toEqual(whole.forms);
    expect(checked.score.plan).toEqual(whole.plan);
  });

  test('discrepancies on a sheet without a record: a typed score is one, an evaluator’s completion is not (decided while planning)', async () => {
    const first = await loadBook('liaoning-dept-1.xlsx');
    const lost: WorkbookGrid = { ...applyPlan(first, scoreWorkbook(first).plan), prior: {} };
    setCell(lost.sheets[0], 'J22', 1); // a score typed over the rule's 1.6, no record to tell whose it is

    const whole = scoreWorkbookChecked(lost);
    const { forms, checked } = streamed(lost);
    expect(whole.discrepancies.map((d) => d.address)).toEqual(['J22', 'J37']); // the score, and the total that moved with it
    expect(checked.discrepancies).toEqual(whole.discrepancies);
    // H27 (the evaluator's completion of a qualitative row) is kept without being asked about.
    expect(checked.score.plan.kept.map((k) => k.address)).toContain('H27');
    expect(checked.score.plan).toEqual(whole.score.plan);
    expect(forms).toEqual(whole.score.forms);
  });

  test('taking the rule’s values rescores, and only the last pass’s forms are handed over', async () => {
    const first = await loadBook('liaoning-dept-1.xlsx');
    const lost: WorkbookGrid = { ...applyPlan(first, scoreWorkbook(first).plan), prior: {} };
    setCell(lost.sheets[0], 'J22', 1);

    const whole = scoreWorkbookChecked(lost, { acceptRule: true });
    const { forms, checked } = streamed(lost, { acceptRule: true });
    expect(whole.accepted.map((d) => d.address)).toEqual(['J22', 'J37']);
    expect(checked.accepted).toEqual(whole.accepted);
    expect(checked.discrepancies).toEqual([]);
    expect(checked.score.plan).toEqual(whole.score.plan);
    expect(checked.score.forms).toEqual([]);
    expect(forms).toEqual(whole.score.forms);
    expect(forms[0].result.rows.find((r) => forms[0].form.rowCells[r.index].score === 'J22')?.score?.toString()).not.toBe('1');
  });

  test('sheet by sheet, each sheet’s values let go once scored (the CLI as it reads): the same forms, plan and discrepancies', async () => {
    const book = await mixedBook();
    const dept = await loadBook('liaoning-dept-1.xlsx');
    const lost: WorkbookGrid = { ...applyPlan(dept, scoreWorkbook(dept).plan), prior: {} };
    setCell(lost.sheets[0], 'J22', 1);
    const all: WorkbookGrid = { sheets: [...book.sheets, ...lost.sheets], prior: {} };
    const whole = scoreWorkbookChecked(all);

    // A copy of each sheet, as the reader would hand it over, emptied of its values after scoring.
    const copies = all.sheets.map((g) => structuredClone(g));
    const handed: ScoredForm[] = [];
    const scorer = new WorkbookScorer({ sheets: [], prior: all.prior }, { onForm: (f) => handed.push(f) });
    for (const sheet of copies) {
      scorer.addSheet(sheet);
      sheet.values = [];
      sheet.formats = undefined;
    }
    const score = scorer.finish();
    const discrepancies = settleDiscrepancies({ sheets: copies, prior: all.prior }, score);

    expect(discrepancies.map((d) => d.address)).toEqual(['J22', 'J37']);
    expect(discrepancies).toEqual(whole.discrepancies);
    expect(score.plan).toEqual(whole.score.plan);
    expect(score.unrecognised).toEqual(whole.score.unrecognised);
    expect(handed.map((f) => [f.form.sheet, f.result.total.toString()])).toEqual(whole.score.forms.map((f) => [f.form.sheet, f.result.total.toString()]));
  });
});
