import Decimal from 'decimal.js';
import { findForms, type WorkbookGrid } from '../../src/sheet';
import { rollupWorkbook } from '../../src/sheet/rollup';
import { loadBook } from '../sheet/load-grid';

/**
 * The same project (F02) filed by one unit on the Liaoning form in 万元 and by another on a
 * national variant in 元 (`项目资金（元）`, 1,273,500.00): the summary, in 万元, sums them in 万元.
 */
test('units printing 元 and 万元 are summed in the summary’s unit', async () => {
  const wan = await loadBook('liaoning-project-F02.xlsx');
  const yuan = await loadBook('national/national-n5-liaoning-F02.xlsx');
  const unitForm = (book: WorkbookGrid) => findForms(book.sheets[0], {})[0];
  const [a, b] = [unitForm(wan), unitForm(yuan)];
  expect([a.amountUnit, b.amountUnit]).toEqual(['万元', '元']);

  // The summary: the 万元 form with its amounts and actuals cleared.
  const summaryBook: WorkbookGrid = structuredClone(wan);
  const summarySheet = summaryBook.sheets[0];
  const clear = (address: string | null | undefined) => {
    const m = /^([A-Z]+)(\d+)$/.exec(address ?? '');
    if (!m) return;
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    summarySheet.values[Number(m[2]) - summarySheet.originRow][col - summarySheet.originCol] = null;
  };
  const form = unitForm(summaryBook);
  clear(form.inputCells?.budget);
  clear(form.inputCells?.spent);
  const summary = findForms(summarySheet, {})[0];

  const res = rollupWorkbook(summaryBook, summary, [
    { name: '甲单位', form: a },
    { name: '乙单位', form: b },
  ]);
  const budget = new Decimal(String(a.input.budget)).plus(new Decimal(1273500).times('0.0001'));
  const spent = new Decimal(String(a.input.spent)).plus(new Decimal(String(b.input.spent).replace(/,/g, '')).times('0.0001'));
  expect(res.rollup.budget?.toString()).toBe(budget.toString());
  expect(res.rollup.spent?.toString()).toBe(spent.toString());
});
