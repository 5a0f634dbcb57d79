import { ExcelSession, applyPlan, effectiveWrites, newStats, TEXT_FORMAT, type ExcelRunner } from '../../src/hosts/excel';
import * as fn from '../../src/functions/functions';
import { PROFILES, type ProfileId } from '../../src/engine';
import { scoreWorkbook, type CellWrite } from '../../src/sheet';
import { at2, expectedForms, wantedRowScore, wantedTotal, type ExpectedForm } from '../helpers/fixtures';
import { gridsFromJson } from './expected';
import { FakeWorkbook } from './fake-excel';
import { isErrorText } from './formula-eval';
import { fixtureBookJson } from './load-fixture';

const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;
const scorer = (profile: ProfileId, formulas: boolean) => (b: Parameters<typeof scoreWorkbook>[0]) => scoreWorkbook(b, { profile: PROFILES[profile], formulas });

async function formulaSession(wb: FakeWorkbook, profile: ProfileId) {
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: wb.apiMinor >= 14 });
  await session.prepare(newStats());
  const res = await session.recompute(scorer(profile, true));
  return { session, res };
}

/** What the published forms (or, where they deviate, the rules) give each output cell, at 2 decimals. */
function wanted(f: ExpectedForm): Record<string, string> {
  const oc = f.output_cells ?? {};
  const out: Record<string, string> = {};
  for (const er of f.rows) {
    const want = wantedRowScore(f, er);
    if (oc.row_score_column && want != null) out[`${oc.row_score_column}${er.excel_row}`] = at2(want);
  }
  for (const t of f.tasks ?? []) {
    const want = t.reproducible ? t.expected_score : t.rule_score;
    if (oc.task_score_column && want != null) out[`${oc.task_score_column}${t.excel_row}`] = at2(want);
  }
  if (oc.total) out[oc.total] = at2(wantedTotal(f));
  if (oc.execution_score && f.execution_score_reproducible) out[oc.execution_score] = at2(f.expected_execution_score!);
  return out;
}

function shown(wb: FakeWorkbook, sheet: string, address: string): string | null {
  const v = wb.value(sheet, address);
  return typeof v === 'number' ? at2(v) : v === null ? null : String(v);
}

const workbooks = [...new Set(expectedForms((f) => f.layout !== 'L4').map((f) => f.workbook))];

describe.each(workbooks)('以公式写入 %s', (workbook) => {
  const forms = expectedForms((f) => f.workbook === workbook);
  const profile = forms[0].profile;

  test('formulas written in ≤ 2 syncs; Excel’s own calculation of them gives the published values, as value mode does', async () => {
    const json = await fixtureBookJson(workbook);
    const wb = FakeWorkbook.fromJSON(json);
    const { res, session } = await formulaSession(wb, profile);
    expect(res.stats.syncs).toBeLessThanOrEqual(2);
    expect(res.stats).toMatchObject({ readSyncs: 1, writeSyncs: 1 });

    const live = res.written.filter((w) => w.formula);
    expect(live.length).toBeGreaterThan(0);
    for (const w of live) {
      const cell = wb.getCell(w.sheet, w.address)!;
      // The cell holds the formula (not text: a grade cell written as '@' text before must not turn it into text) …
      expect({ cell: w.address, formula: cell.formula, format: cell.numberFormat === '@' }).toEqual({ cell: w.address, formula: w.formula, format: false });
      // … and Excel's result of it is what the engine gave the plan.
      const got = wb.value(w.sheet, w.address);
      expect({ cell: `${w.sheet}!${w.address}`, value: typeof got === 'number' ? at2(got) : got }).toEqual({
        cell: `${w.sheet}!${w.address}`,
        value: typeof w.value === 'number' ? at2(w.value) : w.value,
      });
      if (typeof w.value === 'number') expect(got as number).toBeCloseTo(w.value, 9);
    }

    // Published values (rule values where the publication deviates), read from the calculated workbook.
    for (const f of forms) {
      const want = wanted(f);
      expect(Object.keys(want).length).toBeGreaterThan(0);
      for (const [address, value] of Object.entries(want)) {
        expect({ cell: `${f.sheet}!${address}`, value: shown(wb, f.sheet, address) }).toEqual({ cell: `${f.sheet}!${address}`, value });
      }
    }

    // Exactly what value mode writes, cell for cell.
    const values = FakeWorkbook.fromJSON(json);
    const plain = await formulaSessionValues(values, profile);
    for (const w of plain) {
      expect({ cell: `${w.sheet}!${w.address}`, value: shown(wb, w.sheet, w.address) }).toEqual({ cell: `${w.sheet}!${w.address}`, value: shown(values, w.sheet, w.address) });
    }
    for (const s of wb.sheets) for (const key of s.formulaCells) expect(isErrorText(s.cell(...(key.split(',').map(Number) as [number, number]))!.value)).toBe(false);

    // Steady state: the formulas are there, a recompute reads once and writes nothing.
    const again = await session.recompute(scorer(profile, true));
    expect(again.written).toEqual([]);
    expect(again.stats).toMatchObject({ syncs: 1, readSyncs: 1, writeSyncs: 0 });
  });
});

async function formulaSessionValues(wb: FakeWorkbook, profile: ProfileId): Promise<CellWrite[]> {
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
  const res = await session.recompute(scorer(profile, false));
  expect(res.written.every((w) => !w.formula)).toBe(true);
  return res.score.plan.writes;
}

describe('a live sheet: an edited actual updates the formula cells without the add-in', () => {
  const F04 = 'liaoning-project-F04.xlsx';
  const SHEET = 'F04 事业单位招考工作经费';

  test('F04 G10 789 → 800: row score, subtotal and total recalculate by themselves, to what the engine gives', async () => {
    const json = await fixtureBookJson(F04);
    const wb = FakeWorkbook.fromJSON(json);
    const { session, res } = await formulaSession(wb, 'liaoning');
    const formulaAt = (a: string) => res.written.find((w) => w.address === a)?.formula;
    expect(formulaAt('J10')).toMatch(/^JIXIAO\.SCORE\(/);
    expect(formulaAt('C15')).toMatch(/^SUM\(/);
    expect(formulaAt('K15')).toMatch(/^JIXIAO\.TOTAL\(/);
    expect([wb.value(SHEET, 'J10'), shown(wb, SHEET, 'C15'), shown(wb, SHEET, 'K15')]).toEqual([12.375, '84.88', '94.85']);

    const syncs = wb.syncCount;
    const calcs = wb.calcCount;
    wb.userEdit(SHEET, 'G10', 800);
    expect(wb.syncCount).toBe(syncs); // nobody ran the add-in
    expect(wb.calcCount).toBeGreaterThan(calcs);

    // The reference: the engine on the fixture with the same edit, in value mode.
    const edited: typeof json = JSON.parse(JSON.stringify(json));
    const g10 = edited.sheets[0].cells.find(([r, c]) => r === 10 && c === 7)!;
    expect(g10[2]).toBe(789);
    g10[2] = 800;
    const ref = scoreWorkbook({ sheets: gridsFromJson(edited), prior: {} }, { profile: PROFILES.liaoning });
    const refValue = (a: string) => ref.plan.writes.find((w) => w.address === a)?.value;
    expect(refValue('J10')).toBe(12.5);
    for (const a of ['J10', 'H10', 'C15', 'F15', 'K15']) {
      const want = refValue(a);
      if (typeof want !== 'number') continue;
      expect({ cell: a, value: wb.value(SHEET, a) as number }).toEqual({ cell: a, value: expect.closeTo(want, 9) });
    }
    expect(wb.value(SHEET, 'C15')).toBe(85);
    expect(shown(wb, SHEET, 'K15')).toBe(at2(ref.forms[0].result.total.toNumber()));

    // A bad actual gives an error value in its row (never a wrong number); the total follows it.
    wb.userEdit(SHEET, 'G10', '八百');
    expect(isErrorText(wb.value(SHEET, 'J10'))).toBe(true);
    expect(isErrorText(wb.value(SHEET, 'K15'))).toBe(true);
    wb.userEdit(SHEET, 'G10', 789);
    expect([wb.value(SHEET, 'J10'), shown(wb, SHEET, 'K15')]).toEqual([12.375, '94.85']);

    // And when the add-in does run again, the formulas are already right: nothing to write.
    const again = await session.recompute(scorer('liaoning', true));
    expect(again.written).toEqual([]);
    expect(again.stats.syncs).toBeLessThanOrEqual(2);
  });

  test('switching back to values replaces the add-in’s formulas with their values; a person’s formula is never overwritten', async () => {
    const wb = FakeWorkbook.fromJSON(await fixtureBookJson(F04));
    const { session } = await formulaSession(wb, 'liaoning');
    // A person replaces one row score by a formula of their own.
    wb.userEdit(SHEET, 'J9', '=12.5*1');
    expect(wb.getCell(SHEET, 'J9')!.formula).toBe('12.5*1');
    const back = await session.recompute(scorer('liaoning', false));
    expect(back.stats.syncs).toBeLessThanOrEqual(2);
    expect(back.written.map((w) => w.address)).not.toContain('J9');
    expect(wb.getCell(SHEET, 'J9')!.formula).toBe('12.5*1');
    expect(back.score.plan.kept.map((k) => k.address)).toContain('J9');
    for (const a of ['J10', 'C15', 'K15']) expect(wb.getCell(SHEET, a)!.formula).toBeUndefined();
    expect(wb.value(SHEET, 'J10')).toBe(12.375);
    expect(shown(wb, SHEET, 'K15')).toBe('94.85');
  });
});

describe('the adapter’s formula writes', () => {
  test('a grade cell written as text before gets a live formula, not formula text; values and formulas switch both ways', async () => {
    const wb = new FakeWorkbook();
    wb.apiMinor = 13;
    wb.addSheet('S');
    const stats = newStats();
    const grade = (formula?: string): CellWrite => ({ sheet: 'S', address: 'A1', row: 1, col: 1, value: '优', kind: 'grade', ...(formula ? { formula } : {}) });
    const total: CellWrite = { sheet: 'S', address: 'B1', row: 1, col: 2, value: 95, numberFormat: '0.00', kind: 'total' };
    await wb.run((ctx) => applyPlan(ctx as never, [grade(), total], { prior: {}, changed: false, partId: null }, stats));
    expect(wb.getCell('S', 'A1')).toEqual({ value: '优', numberFormat: TEXT_FORMAT });

    await wb.run((ctx) => applyPlan(ctx as never, [grade('JIXIAO.GRADE(B1,"national")')], { prior: {}, changed: false, partId: null }, stats));
    expect(wb.getCell('S', 'A1')).toEqual({ value: '优', formula: 'JIXIAO.GRADE(B1,"national")', numberFormat: 'General' });
    wb.userEdit('S', 'B1', 70);
    expect(wb.value('S', 'A1')).toBe(gradeOf(70));

    // Before ExcelApi 1.14 the echo of a formula write is recognised whatever Excel calculated.
    const session = new ExcelSession(runner(wb), { triggerSourceSupported: false });
    await session.prepare();
    session.echo.recordWrites([grade('JIXIAO.GRADE(B1,"national")')], (n) => session.sheetIdOf(n));
    expect(session.isOwnChange({ worksheetId: wb.sheets[0].id, address: 'A1', details: { valueAfter: '中' } })).toBe(true);
    expect(stats.syncs).toBe(2);
  });

  test('effectiveWrites: the same formula is not rewritten; a different formula of a person is never overwritten', () => {
    const grid = { name: 'S', originRow: 1, originCol: 1, values: [[95, '优']], formats: [['0.00', 'General']], formulas: { A1: 'SUM(C1:C9)', B1: 'JIXIAO.GRADE(A1,"national")' }, merges: [] };
    const w = (address: string, col: number, extra: Partial<CellWrite>): CellWrite => ({ sheet: 'S', address, row: 1, col, value: 95, kind: 'total', ...extra });
    expect(effectiveWrites([w('B1', 2, { value: '优', kind: 'grade', formula: 'JIXIAO.GRADE(A1,"national")' })], [grid])).toEqual([]);
    expect(effectiveWrites([w('A1', 1, { numberFormat: '0.00', formula: 'JIXIAO.TOTAL(C1:C9,D1,"national")' })], [grid])).toEqual([]);
    const replace = w('A1', 1, { numberFormat: '0.00', formula: 'JIXIAO.TOTAL(C1:C9,D1,"national")', replacesFormula: 'SUM(C1:C9)' });
    expect(effectiveWrites([replace], [grid])).toEqual([replace]);
    const toValue = w('A1', 1, { numberFormat: '0.00', replacesFormula: 'SUM(C1:C9)' });
    expect(effectiveWrites([toValue], [grid])).toEqual([toValue]);
  });
});

function gradeOf(total: number): string {
  return fn.grade(total, 'national');
}
