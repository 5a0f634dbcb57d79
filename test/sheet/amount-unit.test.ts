import { findForms, type CellValue, type SheetGrid } from '../../src/sheet';
import { expectedForms, isNational } from '../helpers/fixtures';
import { loadSheet } from './load-grid';

/** Each national fixture states the unit of its amounts (`funds.amount_unit`); the reader must find the same one. */
const national = expectedForms().filter(isNational);

function gridOf(values: CellValue[][]): SheetGrid {
  const width = Math.max(...values.map((r) => r.length));
  return { name: 'S', originRow: 1, originCol: 1, values: values.map((r) => [...r, ...Array(width - r.length).fill(null)]), merges: [] };
}

test.each(national.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('%s: amounts read in the unit the form prints', async (_n, f) => {
  const [form] = findForms(await loadSheet(f.workbook, f.sheet), {});
  const unit = (f as unknown as { funds: { amount_unit: string } }).funds.amount_unit;
  expect(form.amountUnit).toBe(unit);
});

test('a 金额单位 line or a bracketed unit on a funds label names the unit; none means 万元', () => {
  const table = [
    ['一级指标', '二级指标', '三级指标', '指标值', '实际完成值', '分值', '得分'],
    ['产出指标', '数量指标', '培训人数', '≥100人', '120人', 90, null],
  ];
  const unitOf = (head: CellValue[][]) => findForms(gridOf([...head, ...table]), {})[0].amountUnit;
  expect(unitOf([['项目支出绩效自评表'], ['金额单位：元']])).toBe('元');
  expect(unitOf([['项目支出绩效自评表'], ['预算执行情况（亿元）', '预算数', 2, '执行数', 1]])).toBe('亿元');
  expect(unitOf([['项目支出绩效自评表'], ['说明：补助标准 500 元（每人）']])).toBe('万元');
  expect(unitOf([['项目支出绩效自评表']])).toBe('万元');
});
