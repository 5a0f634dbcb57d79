import { PROFILES } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import { chartBars, explanations, lostRows, provisional } from '../../taskpane/src/explain';
import { changeLines, excelErrorText } from '../../taskpane/src/pane-state';
import { parseCustomProfile } from '../../taskpane/src/profile-choice';
import { themeOf } from '../../taskpane/src/theme';
import { gridsFromJson } from '../excel/expected';
import { fixtureBookJson } from '../excel/load-fixture';

/** The pane's pure readings of a scored form (no browser): explanations, 失分项, chart, states, theme. */
async function scored(file: string) {
  const book = await fixtureBookJson(file);
  return scoreWorkbook({ sheets: gridsFromJson(book), prior: {} }, { profile: PROFILES.liaoning }).forms[0];
}

test('F05 (执行率 47.2 %) explains the cap at 59 with the deduction the engine made', async () => {
  const f = await scored('liaoning-project-F05.xlsx');
  const lines = explanations(f);
  const rate = f.result.executionRate!.times(100).toFixed(1);
  const gross = f.result.subtotal.plus(f.result.executionScore!);
  expect(f.result.total.toNumber()).toBe(59);
  expect(lines).toContain(`执行率 ${rate}% 低于 50%，总分按规定不超过 59 分，减分 ${gross.minus(59).toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}。`);
  expect(lines.filter((l) => l.includes('超额完成超过 30%')).length).toBe(f.result.rows.filter((r) => r.flags.includes('overshoot-penalty')).length);
  expect(provisional(f)).toBeNull();
});

test('chart bars add up to the form: execution plus every 一级指标 earns the total before the cap', async () => {
  const f = await scored('liaoning-project-F04.xlsx');
  const bars = chartBars(f);
  const earned = bars.reduce((s, b) => s + b.earned, 0);
  const available = bars.reduce((s, b) => s + b.available, 0);
  // Each bar is shown to 2 decimals, so their sum may differ from the exact total by a few hundredths.
  expect(Math.abs(earned - f.result.subtotal.plus(f.result.executionScore!).toNumber())).toBeLessThan(0.01 * bars.length);
  expect(available).toBeCloseTo(100, 6);
});

test('失分项: derived from score against weight, or taken from the sheet layer when it lists them with reason cells', async () => {
  const f = await scored('liaoning-project-F04.xlsx');
  const derived = lostRows(f);
  const lostTotal = derived.reduce((s, l) => s + Number(l.lost), 0);
  const want = f.result.rows.filter((r, i) => r.unitStart === i && r.weight && r.score).reduce((s, r) => s + r.weight!.minus(r.score!).toNumber(), 0);
  expect(lostTotal).toBeCloseTo(want, 2);
  const given = { ...f, lost: [{ index: 3, excelRow: 12, indicator: '某指标', weight: '12.5', score: '7.5', lost: '5', reasonCell: 'L12', reason: null }] };
  expect(lostRows(given)).toEqual([expect.objectContaining({ excelRow: 12, lost: '5', reasonCell: 'L12', reasonEmpty: true })]);
});

test('a missing actual makes the form provisional, pointing at that cell', async () => {
  const book = await fixtureBookJson('liaoning-project-F04.xlsx');
  const grids = gridsFromJson(book);
  const first = scoreWorkbook({ sheets: grids, prior: {} }, { profile: PROFILES.liaoning }).forms[0];
  const cell = first.form.rowCells[0].actual!;
  const g = grids[0];
  const col = cell.charCodeAt(0) - 64;
  const row = Number(cell.slice(1));
  g.values[row - g.originRow][col - g.originCol] = null;
  const f = scoreWorkbook({ sheets: grids, prior: {} }, { profile: PROFILES.liaoning }).forms[0];
  expect(provisional(f)).toEqual({ rows: 1, firstCell: cell, reasons: ['待填完成值'] });
});

test('Excel errors read Chinese first, with Excel’s words kept; change lines name the edit', () => {
  expect(excelErrorText(Object.assign(new Error('The requested resource doesn\'t exist.'), { code: 'ItemNotFound' }))).toEqual({
    zh: '找不到工作表或单元格：可能已被删除或重命名，请重新计算。',
    excel: "ItemNotFound: The requested resource doesn't exist.",
  });
  expect(excelErrorText(new Error('socket hang up')).zh).toMatch(/^与 Excel 通信时出错/);
  // One catalogue (src/sheet/errors.ts): a payload over Excel's limit, a custom profile that is not JSON or not a profile.
  expect(excelErrorText(Object.assign(new Error('Request payload size exceeded'), { code: 'RequestPayloadSizeLimitExceeded' }))).toEqual({
    zh: '一次与 Excel 交换的数据超过上限（约 5 MB），请重试（助手会分批读写）。',
    excel: 'RequestPayloadSizeLimitExceeded: Request payload size exceeded',
  });
  expect(parseCustomProfile('{', '口径.json').error).toMatch(/^“口径\.json” 不是有效的 JSON：/);
  expect(parseCustomProfile('{"base": "nowhere"}', '口径.json').error).toMatch(/^评分口径 “口径\.json” 有误：/);
  const base = { key: 'S!A1:K9', name: '项目', total: '94.49', grade: '优' } as never;
  expect(changeLines([base], [{ ...(base as object), total: '91.59' } as never], { sheet: 'S', address: 'G10' })).toEqual(['项目：总分 94.49 → 91.59', '由 S!G10 的修改触发。']);
});

test('Office themes map to light, dark and high contrast', () => {
  expect(themeOf({ bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#242424' })).toBe('light');
  expect(themeOf({ bodyBackgroundColor: '#292929', bodyForegroundColor: '#FFFFFF' })).toBe('dark');
  expect(themeOf({ bodyBackgroundColor: '#000000', bodyForegroundColor: '#FFFFFF' })).toBe('contrast');
  expect(themeOf(undefined)).toBe('light');
});
