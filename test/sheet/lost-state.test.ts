import { scoreWorkbook } from '../../src/sheet';
import { applyPlan, getCell, setCell } from './grid-edit';
import { loadBook } from './load-grid';

/**
 * A scored workbook that went through a tool which dropped the product's state part: outputs equal
 * to the rules' values are taken back as the product's own; an evaluator's input never is.
 */
describe('a workbook whose record of earlier writes was lost', () => {
  test('unchanged outputs are adopted, the evaluator’s completion stays an input, an edit is followed', async () => {
    const scored = await loadBook('liaoning-dept-1.xlsx');
    const first = scoreWorkbook(scored, {});
    const lost = { ...applyPlan(scored, first.plan), prior: {} };

    const again = scoreWorkbook(lost, {});
    // Completions of qualitative rows may be the evaluator's judgement: they stay as they are, never adopted.
    const qualitative = again.forms[0].result.rows.filter((r) => r.rule === 'qualitative').map((r) => again.forms[0].form.rowCells[r.index].completion);
    expect(again.plan.kept.map((k) => k.address)).toEqual(qualitative);
    expect(qualitative).toContain('H27');
    expect(again.plan.writes).toEqual([]);
    expect(Object.keys(again.plan.prior).sort()).toEqual(Object.keys(first.plan.prior).filter((k) => !qualitative.includes(k.split('!')[1])).sort());

    // Next run with the healed record: an edited actual moves its score, H27 (0.8) is still the evaluator's.
    const healed = { ...lost, prior: again.plan.prior };
    const sheet = healed.sheets[0];
    setCell(sheet, 'G22', 90); // 预算执行率 = 100 %: 80 → 90
    const third = scoreWorkbook(healed, {});
    expect(third.plan.writes.map((w) => `${w.address}=${w.value}`)).toEqual(expect.arrayContaining(['H22=0.9', 'J22=1.44']));
    expect(third.plan.kept.map((k) => k.address)).toEqual(qualitative);
    expect(getCell(applyPlan(healed, third.plan).sheets[0], 'H27')).toBe(0.8);
  });
});
