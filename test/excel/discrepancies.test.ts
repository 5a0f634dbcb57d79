import { decodeStateXml } from '../../src/hosts/state-xml';
import { ExcelSession, type ExcelRunner } from '../../src/hosts/excel';
import { STATE_XML_NAMESPACE, type PriorWrites } from '../../src/sheet';
import { UNRESOLVED, type CheckedScore } from '../../src/sheet/discrepancies';
import { JixiaoError } from '../../src/sheet/errors';
import { scorerFor, type ScoringOptions } from '../../taskpane/src/scoring';
import { discrepancyItems, inForm } from '../../taskpane/src/report';
import { at2 } from './expected';
import { FakeRichApiError, FakeWorkbook } from './fake-excel';
import { loadFixture } from './load-fixture';
import { stackedWorkbook } from './stacked';

/**
 * Issue 10 in Excel: when the add-in's record is missing (another tool saved the workbook and
 * dropped it), a derived output cell that differs from the rule is listed for the user — the same
 * checked scoring as the CLI — and is never overwritten until the user takes the rule's value.
 */
const SHEET = 'F04 事业单位招考工作经费';
const runner = (wb: FakeWorkbook): ExcelRunner => (fn) => wb.run(fn as never) as never;

/** What the pane does: the session with the pane's scorer, the checked result kept aside. */
async function paneCompute(session: ExcelSession, options: ScoringOptions = {}) {
  let checked: CheckedScore | null = null;
  const res = await session.recompute(scorerFor(null, { ...options, onChecked: (c) => (checked = c) }));
  return { res, checked: checked! as CheckedScore };
}

function record(wb: FakeWorkbook): PriorWrites {
  const parts = wb.customXml.filter((p) => p.xml.includes(STATE_XML_NAMESPACE));
  expect(parts.length).toBeLessThanOrEqual(1);
  return parts.length ? decodeStateXml(parts[0].xml).prior : {};
}

/** The fixture scored by the add-in, then saved by a tool that drops the record (ExcelJS does). */
async function scoredThenRecordDropped(file = 'liaoning-project-F04.xlsx'): Promise<FakeWorkbook> {
  const first = await loadFixture(file);
  await paneCompute(new ExcelSession(runner(first), { triggerSourceSupported: true }));
  expect(Object.keys(record(first)).length).toBeGreaterThan(0);
  return FakeWorkbook.fromJSON({ ...first.toJSON(), customXml: [] });
}

test('a stale total in a workbook without the record is listed with both values and not overwritten; 采用规则值 writes the rule and saves the record', async () => {
  const wb = await scoredThenRecordDropped();
  const rule = wb.value(SHEET, 'K15') as number;
  wb.userEdit(SHEET, 'K15', 50);
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });

  const { res, checked } = await paneCompute(session);
  expect(checked.discrepancies.map((d) => [d.sheet, d.address, d.kind, d.value, at2(d.ruleValue!)])).toEqual([[SHEET, 'K15', 'total', 50, at2(rule)]]);
  expect(wb.value(SHEET, 'K15')).toBe(50);
  expect(res.written.some((w) => w.address === 'K15')).toBe(false);
  // Remembered as unresolved: the next compute (now with a record) still asks.
  expect(record(wb)[`${SHEET}!K15`]).toBe(`${UNRESOLVED}50`);
  const items = discrepancyItems(checked.discrepancies, res.score.forms);
  expect(items).toEqual([expect.objectContaining({ sheet: SHEET, address: 'K15', label: '总分', value: '50', rule: String(Number(rule.toFixed(4))) })]);

  const again = await paneCompute(session);
  expect(again.checked.discrepancies.map((d) => d.address)).toEqual(['K15']);
  expect(wb.value(SHEET, 'K15')).toBe(50);

  const taken = await paneCompute(session, { acceptRule: (d) => inForm(d, items[0]) });
  expect(taken.checked.accepted.map((d) => d.address)).toEqual(['K15']);
  expect(taken.checked.discrepancies).toEqual([]);
  expect(at2(wb.value(SHEET, 'K15') as number)).toBe(at2(rule));
  expect(at2(record(wb)[`${SHEET}!K15`])).toBe(at2(rule));

  // Resolved: the next compute is clean and writes nothing; the session reads the same record a new one would.
  const next = await paneCompute(session);
  expect(next.checked.discrepancies).toEqual([]);
  expect(next.res.written).toEqual([]);
  const fresh = await paneCompute(new ExcelSession(runner(wb), { triggerSourceSupported: true }));
  expect(fresh.checked.discrepancies).toEqual([]);
});

test('an evaluator’s completion and score on a qualitative row are never discrepancies; the totals they move are', async () => {
  const wb = await scoredThenRecordDropped();
  // Row 13 is qualitative: 全年完成值 G13 is text, H13/J13 take the evaluator's judgement.
  expect(typeof wb.value(SHEET, 'G13')).toBe('string');
  const oldSubtotal = wb.value(SHEET, 'C15');
  wb.userEdit(SHEET, 'H13', 0.6);
  wb.userEdit(SHEET, 'J13', 3);
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
  const { checked } = await paneCompute(session);
  expect(checked.discrepancies.map((d) => [d.address, d.kind])).toEqual([
    ['C15', 'subtotal'],
    ['K15', 'total'],
  ]);
  expect(checked.score.plan.kept.map((k) => k.address)).toEqual(expect.arrayContaining(['H13', 'J13']));
  expect(wb.value(SHEET, 'C15')).toBe(oldSubtotal);

  const taken = await paneCompute(session, { acceptRule: true });
  expect(taken.checked.accepted.map((d) => d.address).sort()).toEqual(['C15', 'K15']);
  // The judgement stays as typed; the subtotal and total follow the rule.
  expect([wb.value(SHEET, 'H13'), wb.value(SHEET, 'J13')]).toEqual([0.6, 3]);
  const form = taken.res.score.forms[0].result;
  expect(at2(wb.value(SHEET, 'C15') as number)).toBe(form.subtotal.toFixed(2));
  expect(at2(wb.value(SHEET, 'K15') as number)).toBe(form.total.toFixed(2));
  expect(wb.value(SHEET, 'C15')).not.toBe(oldSubtotal);
});

test('采用规则值 on one form of a sheet leaves the other form’s discrepancy listed and its cell as it is', async () => {
  const { wb, sheet, height } = await stackedWorkbook(40, 'liaoning-project-F04.xlsx');
  const total2 = `K${15 + height + 1}`;
  await paneCompute(new ExcelSession(runner(wb), { triggerSourceSupported: true }));
  const copy = FakeWorkbook.fromJSON({ ...wb.toJSON(), customXml: [] });
  copy.userEdit(sheet, 'K15', 40);
  copy.userEdit(sheet, total2, 41);
  const session = new ExcelSession(runner(copy), { triggerSourceSupported: true });
  const { res, checked } = await paneCompute(session);
  const items = discrepancyItems(checked.discrepancies, res.score.forms);
  expect(items.map((i) => i.address)).toEqual(['K15', total2]);
  expect(new Set(items.map((i) => i.form)).size).toBe(2);

  const first = items[0];
  const taken = await paneCompute(session, { acceptRule: (d) => inForm(d, first) });
  expect(taken.checked.accepted.map((d) => d.address)).toEqual(['K15']);
  expect(taken.checked.discrepancies.map((d) => d.address)).toEqual([total2]);
  expect(copy.value(sheet, 'K15')).not.toBe(40);
  expect(copy.value(sheet, total2)).toBe(41);
});

test('Excel’s refusals reach the pane as catalogue errors: Chinese first, Excel’s code and words as the detail', async () => {
  const wb = await scoredThenRecordDropped();
  const session = new ExcelSession(runner(wb), { triggerSourceSupported: true });
  await session.prepare();
  const real = wb.run.bind(wb);
  wb.run = (() => Promise.reject(new FakeRichApiError('AccessDenied', 'The operation is not allowed: the sheet is protected.'))) as typeof wb.run;
  const err = await session.recompute(scorerFor(null)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(JixiaoError);
  expect((err as JixiaoError).code).toBe('excel-denied');
  expect((err as JixiaoError).message).toMatch(/^Excel 拒绝了写入/);
  expect((err as JixiaoError).detail).toBe('AccessDenied: The operation is not allowed: the sheet is protected.');

  wb.run = (() => Promise.reject(new FakeRichApiError('ItemNotFound', "The requested resource doesn't exist."))) as typeof wb.run;
  const gone = (await session.select(SHEET, 'K15').catch((e: unknown) => e)) as JixiaoError;
  expect([gone.code, gone.message]).toEqual(['sheet-missing', `找不到工作表 “${SHEET}”：可能已被删除或重命名，请重新计算。`]);
  wb.run = real;
  await expect(session.recompute(scorerFor(null))).resolves.toBeDefined();
});
