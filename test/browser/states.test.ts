import type { Page } from 'playwright-core';
import { PROFILES } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import { chartBars, lostRows } from '../../taskpane/src/explain';
import { gridsFromJson } from '../excel/expected';
import { fixtureBookJson } from '../excel/load-fixture';
import { FakeWorkbook, type FakeBookJson } from '../excel/fake-excel';
import { ExcelSession, type ExcelRunner } from '../../src/hosts/excel';
import { scorerFor } from '../../taskpane/src/scoring';
import { bundleSizes, computeAndWait, expectAccessible, openPane, setUp, shoot, tearDown } from './harness';

/**
 * Each state of the task pane (issue 9) in the built pane against the fake Excel host: what it
 * shows, that it is announced, that axe-core finds nothing, and a screenshot at 320 and 450 px.
 */
beforeAll(setUp, 180_000);
afterAll(tearDown);

const DARK = { bodyBackgroundColor: '#292929', bodyForegroundColor: '#FFFFFF', controlBackgroundColor: '#3D3D3D', controlForegroundColor: '#FFFFFF' };
const CONTRAST = { bodyBackgroundColor: '#000000', bodyForegroundColor: '#FFFFFF', controlBackgroundColor: '#000000', controlForegroundColor: '#FFFFFF' };

function direct(book: FakeBookJson, profile = PROFILES.liaoning) {
  return scoreWorkbook({ sheets: gridsFromJson(book), prior: {} }, { profile });
}

/** Makes the next `n` Excel.run calls fail as Office.js does (an error with a code). */
async function failNextRuns(page: Page, n: number): Promise<void> {
  await page.evaluate((count) => {
    const wb = window.__fakeExcel as unknown as { run: (fn: unknown) => Promise<unknown> };
    const real = wb.run.bind(wb);
    let left = count;
    wb.run = (fn: unknown) => {
      if (left-- > 0) return Promise.reject(Object.assign(new Error('An internal error has occurred.'), { code: 'GeneralException' }));
      return real(fn);
    };
  }, n);
}

test('first run: the empty state says what a recognisable form looks like; settings hold the rare options with the #NAME? warning', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'));
  expect(await page.locator('.empty-state').innerText()).toContain('三级指标');
  await expectAccessible(page);
  await shoot(page, 'first-run');
  expect(await page.isVisible('#settings')).toBe(false);
  await page.click('#settings-toggle');
  expect(await page.getAttribute('#settings-toggle', 'aria-expanded')).toBe('true');
  expect(await page.locator('#formula-warning').innerText()).toContain('#NAME?');
  expect(await page.isVisible('#import-profile')).toBe(true);
  await expectAccessible(page);
  await shoot(page, 'settings');
  await page.close();
});

test('a capped form explains its cap, shows 执行率 beside its score, and charts earned against available points', async () => {
  const book = await fixtureBookJson('liaoning-project-F03.xlsx');
  const want = direct(book).forms[0];
  expect(want.result.total.toFixed(2)).toBe('59.00');
  const page = await openPane(book);
  await computeAndWait(page);
  const card = page.locator('.form-card').first();
  expect(await card.locator('.total-value').innerText()).toBe('59.00');
  expect(await card.locator('.grade').innerText()).toBe('差');
  const rate = `${want.result.executionRate!.times(100).toFixed(1).replace(/\.0$/, '')}%`;
  const explain = await card.locator('.explain').innerText();
  expect(explain).toContain(`执行率 ${rate} 低于 50%，总分按规定不超过 59 分，减分 `);
  expect(await card.locator('.value-row', { hasText: '执行率' }).first().innerText()).toContain(rate);

  // The chart: one bar per 一级指标 plus execution, with the engine's numbers.
  const bars = await card.locator('svg.chart g.bar').evaluateAll((gs) =>
    gs.map((g) => ({ label: g.getAttribute('data-label'), earned: Number(g.getAttribute('data-earned')), available: Number(g.getAttribute('data-available')) })),
  );
  expect(bars).toEqual(chartBars(want));
  expect(bars[0].label).toBe('预算执行');
  expect(bars.length).toBeGreaterThan(2);
  expect(await card.locator('svg.chart').getAttribute('role')).toBe('img');

  // 失分项: every row that lost points, with the points it lost.
  const lost = lostRows(want);
  expect(lost.length).toBeGreaterThan(0);
  await card.locator('details.lost > summary').click();
  const items = await card.locator('.lost-list li').allInnerTexts();
  expect(items.length).toBe(lost.length);
  expect(items[0]).toContain(`−${lost[0].lost} 分`);

  // A summary value selects its cell.
  await card.locator('.total-value').click();
  await page.waitForFunction(() => window.__fakeExcel.selection !== null);
  expect(await page.evaluate(() => window.__fakeExcel.selection)).toEqual({ sheet: want.form.sheet, address: want.form.outputs.total });
  await expectAccessible(page);
  await shoot(page, 'capped');
  await page.close();
});

test('暂定: a form with a missing actual says so on the card and the grade, links to the cell, and the status announces it', async () => {
  const book = await fixtureBookJson('liaoning-project-F04.xlsx');
  const form = direct(book).forms[0];
  const cell = form.form.rowCells.find((c) => c.actual)!.actual!;
  const page = await openPane(book);
  await page.evaluate(([s, a]) => window.__fakeExcel.userEdit(s, a, null), [form.form.sheet, cell] as const);
  await computeAndWait(page);
  const card = page.locator('.form-card').first();
  expect(await card.getAttribute('class')).toContain('provisional');
  expect(await card.locator('.grade').innerText()).toMatch(/（暂定）$/);
  expect(await card.locator('.provisional-msg').innerText()).toContain('1 行尚未计分（待填完成值）');
  expect(await page.locator('#status').innerText()).toContain('1 张表的得分为暂定');
  expect(await page.getAttribute('#status', 'aria-live')).toBe('polite');
  await card.locator('.provisional-msg .cell-link').click();
  await page.waitForFunction(() => window.__fakeExcel.selection !== null);
  expect(await page.evaluate(() => window.__fakeExcel.selection)).toEqual({ sheet: form.form.sheet, address: cell });
  await expectAccessible(page);
  await shoot(page, 'provisional');
  await page.close();
});

test('未更新: a failed recompute keeps the old result marked stale, Chinese first with Excel’s message in a detail, and 重试 recovers', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'));
  await computeAndWait(page);
  await failNextRuns(page, 1);
  await page.click('#compute');
  await page.waitForSelector('#state-bar:not([hidden]) #retry');
  const bar = page.locator('#state-bar');
  expect(await bar.getAttribute('role')).toBe('alert');
  const text = await bar.locator('.msg-text').innerText();
  expect(text).toMatch(/^未更新：重新计算失败，下方仍是上一次的结果。Excel 处理请求时出错/);
  expect(await bar.locator('details code').textContent()).toBe('GeneralException: An internal error has occurred.');
  expect(await page.locator('.form-card').first().getAttribute('class')).toContain('stale');
  expect(await page.locator('.form-card .state-badge.stale').first().innerText()).toBe('未更新');
  expect(await page.isEnabled('#compute')).toBe(true);
  await bar.locator('details summary').click();
  await expectAccessible(page);
  await shoot(page, 'stale');
  await page.click('#retry');
  await page.waitForFunction(() => document.getElementById('state-bar')!.hidden);
  expect(await page.locator('.form-card.stale').count()).toBe(0);
  await page.close();
});

test('a ribbon 计算得分 that fails opens the pane with the error', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'));
  await failNextRuns(page, 1);
  const completed = await page.evaluate(async () => {
    let done = false;
    await window.__actions.computeScores({ completed: () => (done = true) });
    return done;
  });
  expect(completed).toBe(true);
  expect(await page.evaluate(() => window.__paneShown)).toBe(1);
  expect(await page.locator('#state-bar .msg-text').innerText()).toMatch(/^计算失败/);
  await expectAccessible(page);
  await shoot(page, 'ribbon-failed');
  await page.close();
});

test('无法连接 Excel: without office.js the pane says so, names the OFFICE_JS_LOCAL build, and disables its controls', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'), { officeMissing: true, connect: false });
  await page.waitForSelector('#state-bar:not([hidden])');
  const text = await page.locator('#state-bar').innerText();
  expect(text).toContain('无法连接 Excel：未能加载 Office 脚本（office.js）');
  expect(text).toContain('OFFICE_JS_LOCAL=1');
  expect(await page.getAttribute('#state-bar', 'role')).toBe('alert');
  expect(await page.isDisabled('#compute')).toBe(true);
  await expectAccessible(page);
  await shoot(page, 'no-office');
  await page.close();
});

test('several forms: a form list (sheet · project · total) jumps to each card; problems are grouped by form and severity and name sheet and cell', async () => {
  const book = await fixtureBookJson('liaoning-projects-F01-F08.xlsx');
  const want = direct(book);
  const page = await openPane(book);
  await computeAndWait(page);
  const links = page.locator('#form-nav .form-link');
  expect(await links.count()).toBe(want.forms.length);
  const second = want.forms[1];
  const entry = await links.nth(1).innerText();
  expect(entry).toContain(second.form.sheet);
  expect(entry).toContain(second.result.total.toFixed(2));
  await links.nth(1).click();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
  expect(focused).toBe(`${second.form.sheet}!${second.form.rangeAddress}`);
  // Cards lead with the project, not the form's title.
  const names = await page.locator('.form-card .form-name').allInnerTexts();
  expect(new Set(names).size).toBe(names.length);
  const groups = page.locator('#issues details.issue-form');
  if ((await groups.count()) > 0) {
    const summary = await groups.first().locator('summary').first().innerText();
    expect(summary).toMatch(/(错误|警告|提示) \d+/);
    for (const addr of await page.locator('#issues .issue .addr').allInnerTexts()) expect(addr).toMatch(/!|^[^!]+$/);
    const withCell = await page.locator('#issues .issue:not([data-address=""]) .addr').allInnerTexts();
    for (const a of withCell) expect(a).toMatch(/^.+![A-Z]+\d+$/);
  }
  await expectAccessible(page);
  await shoot(page, 'several-forms');
  await page.close();
});

test('after an automatic recompute the pane shows what changed and which cell set it off', async () => {
  const book = await fixtureBookJson('liaoning-project-F01.xlsx');
  const want = direct(book).forms[0];
  const i = want.result.rows.findIndex((r, k) => r.rule === 'forward' && r.score !== null && r.score.greaterThan(0) && want.form.rowCells[k].actual);
  const actual = want.form.rowCells[i].actual!;
  const page = await openPane(book);
  await computeAndWait(page);
  const before = await page.locator('.form-card .total-value').first().innerText();
  await page.click('label.toggle:has(#auto-recompute)');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('自动重算已开启'));
  await page.evaluate(([s, a]) => window.__fakeExcel.userEdit(s, a, 0), [want.form.sheet, actual] as const);
  await page.waitForSelector('#change-bar:not([hidden])');
  const after = await page.locator('.form-card .total-value').first().innerText();
  expect(after).not.toBe(before);
  const text = await page.locator('#change-bar').innerText();
  expect(text).toContain(`总分 ${before} → ${after}`);
  expect(text).toContain(`由 ${want.form.sheet}!${actual} 的修改触发`);
  await expectAccessible(page);
  await shoot(page, 'changed');
  await page.close();
});

test('Office themes: dark and high contrast follow Office.context.officeTheme and its change event, each without an axe violation', async () => {
  const book = await fixtureBookJson('liaoning-project-F05.xlsx');
  const page = await openPane(book, { theme: DARK });
  await computeAndWait(page);
  expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(41, 41, 41)');
  await expectAccessible(page);
  await shoot(page, 'dark');
  await page.evaluate((t) => window.__setOfficeTheme(t), CONTRAST);
  expect(await page.getAttribute('html', 'data-theme')).toBe('contrast');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
  await expectAccessible(page);
  await shoot(page, 'contrast');
  await page.evaluate(() => window.__setOfficeTheme({ bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#242424' }));
  expect(await page.getAttribute('html', 'data-theme')).toBe('light');
  await page.close();
});

test('未更新: with 自动重算 off, an edit to a scored sheet marks the cards stale until the next compute', async () => {
  const book = await fixtureBookJson('liaoning-project-F04.xlsx');
  const form = direct(book).forms[0];
  const cell = form.form.rowCells.find((c) => c.actual)!.actual!;
  const page = await openPane(book);
  await computeAndWait(page);
  // The add-in's own writes did not mark anything.
  await page.waitForTimeout(300);
  expect(await page.locator('.form-card.stale').count()).toBe(0);
  await page.evaluate(([s, a]) => window.__fakeExcel.userEdit(s, a, 1), [form.form.sheet, cell] as const);
  await page.waitForSelector('#state-bar:not([hidden])');
  expect(await page.locator('#state-bar .msg-text').innerText()).toBe(`未更新：${form.form.sheet}!${cell} 在上次计算后被修改，下方结果可能已过时。`);
  expect(await page.locator('.form-card.stale').count()).toBe(1);
  await expectAccessible(page);
  await page.click('#retry');
  await page.waitForFunction(() => document.getElementById('state-bar')!.hidden && !document.querySelector('.form-card.stale'));
  await page.close();
});

test('the pane’s bundle (JS + CSS) stays within 150 KB gzip', () => {
  const sizes = bundleSizes();
  expect(sizes.js + sizes.css).toBeLessThanOrEqual(150 * 1024);
});

test('无法连接 Excel: when Office never initialises the pane says so after its timeout', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'), { officeStuck: true, connect: false });
  expect(await page.isVisible('#state-bar')).toBe(false);
  await page.waitForSelector('#state-bar:not([hidden])', { timeout: 30_000 });
  expect(await page.locator('#state-bar .msg-title').innerText()).toBe('无法连接 Excel：Office 在 15 秒内没有完成初始化。');
  expect(await page.isDisabled('#compute')).toBe(true);
  await expectAccessible(page);
  await page.close();
}, 60_000);

test('while the pane talks to Excel a progress bar shows and the controls are disabled', async () => {
  const page = await openPane(await fixtureBookJson('liaoning-project-F04.xlsx'));
  await page.evaluate(() => {
    const wb = window.__fakeExcel as unknown as { run: (fn: unknown) => Promise<unknown> };
    const real = wb.run.bind(wb);
    wb.run = (fn: unknown) => new Promise((r) => setTimeout(r, 400)).then(() => real(fn));
  });
  await page.click('#compute');
  expect(await page.isVisible('#progress')).toBe(true);
  for (const id of ['#compute', '#profile', '#auto-recompute']) expect(await page.isDisabled(id)).toBe(true);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));
  expect(await page.isVisible('#progress')).toBe(false);
  expect(await page.isEnabled('#compute')).toBe(true);
  await page.close();
});

/** F04 scored by the add-in, then saved by a tool that dropped the record, with its 总分 K15 typed over (issue 10). */
async function staleTotalBook(): Promise<{ book: FakeBookJson; sheet: string; rule: number }> {
  const first = FakeWorkbook.fromJSON(await fixtureBookJson('liaoning-project-F04.xlsx'));
  await new ExcelSession(((fn) => first.run(fn as never)) as ExcelRunner, { triggerSourceSupported: true }).recompute(scorerFor(null));
  const wb = FakeWorkbook.fromJSON({ ...first.toJSON(), customXml: [] });
  const sheet = wb.sheets[0].name;
  const rule = wb.value(sheet, 'K15') as number;
  wb.userEdit(sheet, 'K15', 50);
  return { book: wb.toJSON(), sheet, rule };
}

test('与规则值不一致: a stale total without the record is listed with both values and kept; 采用规则值 writes the rule in one click', async () => {
  const { book, sheet, rule } = await staleTotalBook();
  const page = await openPane(book);
  await computeAndWait(page);
  const box = page.locator('#discrepancies');
  await box.waitFor({ state: 'visible' });
  expect(await box.locator('#discrepancies-title').innerText()).toBe('与规则值不一致（1）');
  const item = box.locator('.disc-item');
  expect(await item.count()).toBe(1);
  const text = await item.innerText();
  expect(text).toContain(`${sheet}!K15`);
  expect(text).toContain('总分');
  expect(text).toContain('单元格 50');
  expect(text).toContain(`规则值 ${Number(rule.toFixed(4))}`);
  expect(await page.locator('#status').innerText()).toContain('1 个单元格与规则值不一致');
  // Not overwritten, and not passed off as a typed value among the problems.
  expect(await page.evaluate(([s]) => window.__fakeExcel.value(s, 'K15'), [sheet] as const)).toBe(50);
  expect(await page.locator('#issues .issue[data-address="K15"]').count()).toBe(0);
  await expectAccessible(page);
  await shoot(page, 'discrepancy');
  // The warning bar holds its contrast in the dark and high-contrast themes too.
  for (const theme of [DARK, CONTRAST]) {
    await page.evaluate((t) => window.__setOfficeTheme(t), theme);
    await expectAccessible(page);
  }
  await shoot(page, 'discrepancy-contrast');
  await page.evaluate(() => window.__setOfficeTheme({ bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#242424', controlBackgroundColor: '#FFFFFF', controlForegroundColor: '#242424' }));

  // 保留现值: the cell stays, the entry stays listed (folded).
  await page.click('#keep-values');
  expect(await box.isVisible()).toBe(true);
  expect(await box.locator('details.disc-details').getAttribute('open')).toBeNull();
  expect(await page.locator('#status').innerText()).toContain('已保留 1 个单元格中的值');
  expect(await page.evaluate(([s]) => window.__fakeExcel.value(s, 'K15'), [sheet] as const)).toBe(50);
  await expectAccessible(page);

  await page.click('#accept-rule');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已采用规则值'));
  expect(await page.locator('#status').innerText()).toContain(`${sheet}!K15`);
  expect(await box.isHidden()).toBe(true);
  const after = (await page.evaluate(([s]) => window.__fakeExcel.value(s, 'K15'), [sheet] as const)) as number;
  expect(after.toFixed(6)).toBe(rule.toFixed(6));
  expect(await page.locator('.form-card .total-value').first().innerText()).toBe(rule.toFixed(2));
  await expectAccessible(page);
  await shoot(page, 'discrepancy-accepted');

  // Resolved for good: the record is back, another compute lists nothing.
  await computeAndWait(page);
  expect(await box.isHidden()).toBe(true);
  await page.close();
});
