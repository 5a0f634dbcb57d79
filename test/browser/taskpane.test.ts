import { PROFILES } from '../../src/engine';
import * as fn from '../../src/functions/functions';
import { scoreWorkbook } from '../../src/sheet';
import { gridsFromJson } from '../excel/expected';
import { fixtureBookJson } from '../excel/load-fixture';
import { openPane, setUp, tearDown } from './harness';

/** Fits Excel's 31-character sheet names and uses none of the characters they forbid. */
const XSS = '<img src=x onerror=__xss=1>';

beforeAll(setUp, 180_000);
afterAll(tearDown);

test('计算得分 in the built task pane scores the fake workbook, lists problems that select their cell, and shows sheet text as text', async () => {
  const book = await fixtureBookJson('hubei-project-1.xlsx');
  const sheet = book.sheets[0];
  // The sheet's name is markup: it must reach the pane as text.
  sheet.name = XSS;

  const page = await openPane(book);
  await page.selectOption('#profile', 'hubei');
  await page.click('#compute');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));

  // The fake workbook holds what the pipeline gives on the same grid.
  const direct = scoreWorkbook({ sheets: gridsFromJson(book), prior: {} }, { profile: PROFILES.hubei });
  expect(direct.plan.writes.length).toBeGreaterThan(3);
  const written = await page.evaluate(
    (ws) => ws.map((w) => window.__fakeExcel.value(w.sheet, w.address)),
    direct.plan.writes.map((w) => ({ sheet: w.sheet, address: w.address })),
  );
  expect(written).toEqual(direct.plan.writes.map((w) => w.value));
  expect(await page.evaluate(() => window.__fakeExcel.settings.get('jixiao.profile'))).toBe('hubei');

  // Summary card: total and grade as the engine gives them.
  const total = direct.forms[0].result.total.toFixed(2);
  const card = await page.locator('.form-card').first().innerText();
  expect(card).toContain('总分');
  expect(card).toContain(total);
  expect(card).toContain(direct.forms[0].result.grade);

  // Markup in a cell is shown as text, never parsed.
  expect(await page.locator('.form-card .form-meta').first().textContent()).toContain(XSS);
  expect(await page.locator('#forms img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // A problem or flag with an address: clicking it selects that cell in the workbook.
  const item = page.locator('#issues button.issue:not([data-address=""])').first();
  const address = await item.getAttribute('data-address');
  expect(address).toMatch(/^[A-Z]+\d+$/);
  if (process.env.JIXIAO_SCREENSHOT) await page.screenshot({ path: process.env.JIXIAO_SCREENSHOT, fullPage: true });
  await item.click();
  await page.waitForFunction(() => window.__fakeExcel.selection !== null);
  expect(await page.evaluate(() => window.__fakeExcel.selection)).toEqual({ sheet: sheet.name, address });
  await page.close();
});

test('自动重算 recomputes after a person edits an actual, and the add-in’s own writes do not loop', async () => {
  const book = await fixtureBookJson('liaoning-project-F01.xlsx');
  const page = await openPane(book);
  await page.click('#compute');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));
  await page.click('label.toggle:has(#auto-recompute)');
  expect(await page.isChecked('#auto-recompute')).toBe(true);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('自动重算已开启'));

  const direct = scoreWorkbook({ sheets: gridsFromJson(book), prior: {} }, { profile: PROFILES.liaoning });
  const form = direct.forms[0];
  const i = form.result.rows.findIndex((r, k) => r.rule === 'forward' && r.score !== null && form.form.rowCells[k].actual);
  const cells = form.form.rowCells[i];
  const syncsBefore = await page.evaluate(() => window.__fakeExcel.syncCount);
  await page.evaluate(([s, a]) => window.__fakeExcel.userEdit(s, a, 0), [form.form.sheet, cells.actual!] as const);
  await page.waitForFunction(([s, a]) => window.__fakeExcel.value(s, a) === 0, [form.form.sheet, cells.score!] as const);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));
  // One read and one write for the edit; let the echoes of those writes arrive, then nothing more happens.
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.__fakeExcel.syncCount)).toBe(syncsBefore + 2);
  await page.close();
});

test('以公式写入 and the shared runtime: the page registers the JIXIAO functions, their default profile follows the pane, and written formulas stay live', async () => {
  const book = await fixtureBookJson('liaoning-project-F04.xlsx');
  const sheet = book.sheets[0].name;
  const page = await openPane(book);
  // Registered on load, in the pane's own page (the manifest's shared runtime).
  expect(await page.evaluate(() => [...new Set(window.__associated)])).toEqual(['SCORE', 'COMPLETION', 'EXECSCORE', 'TOTAL', 'GRADE', 'PARSE']);

  // A formula a person types without a profile: 自动识别 means the national rules …
  await page.evaluate((s) => window.__fakeExcel.userEdit(s, 'M1', '=JIXIAO.SCORE(">=",800,789,12.5)'), sheet);
  const national = fn.score('>=', 800, 789, 12.5, '', 'national');
  const liaoning = fn.score('>=', 800, 789, 12.5, '', 'liaoning');
  expect(national).not.toBe(liaoning);
  expect(await page.evaluate((s) => window.__fakeExcel.value(s, 'M1'), sheet)).toBe(national);
  // … and after picking 辽宁 in the pane, the Liaoning rules, recalculated by Excel.
  await page.selectOption('#profile', 'liaoning');
  await page.waitForFunction(([s, want]) => window.__fakeExcel.value(s, 'M1') === want, [sheet, liaoning] as const);

  await page.click('#settings-toggle');
  await page.click('label.toggle:has(#formula-mode)');
  expect(await page.isChecked('#formula-mode')).toBe(true);
  await page.waitForFunction(() => window.__fakeExcel.settings.get('jixiao.formulas') === '1');
  await page.click('#compute');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已计算'));
  expect(await page.textContent('#status')).toMatch(/其中 \d+ 个为公式/);
  const cell = (a: string) => page.evaluate(([s, x]) => window.__fakeExcel.getCell(s, x), [sheet, a] as const);
  expect((await cell('J10'))!.formula).toMatch(/^JIXIAO\.SCORE\(/);
  expect((await cell('J10'))!.value).toBe(12.375);
  expect((await cell('K15'))!.formula).toMatch(/^JIXIAO\.TOTAL\(/);
  expect(((await cell('K15'))!.value as number).toFixed(2)).toBe('94.85');
  expect(await page.locator('.form-card').first().innerText()).toContain('94.85');

  // With automatic recompute off, an edit is recalculated by Excel alone: no round trip with the add-in.
  const syncs = await page.evaluate(() => window.__fakeExcel.syncCount);
  await page.evaluate((s) => window.__fakeExcel.userEdit(s, 'G10', 800), sheet);
  expect((await cell('J10'))!.value).toBe(12.5);
  expect(((await cell('K15'))!.value as number).toFixed(2)).toBe('94.98');
  expect(await page.evaluate(() => window.__fakeExcel.syncCount)).toBe(syncs);

  // The choice travels with the workbook: reopened, the pane has it on.
  const saved = await page.evaluate(() => window.__fakeExcel.toJSON());
  await page.close();
  const again = await openPane(saved);
  expect(await again.isChecked('#formula-mode')).toBe(true);
  expect(await again.inputValue('#profile')).toBe('liaoning');
  await again.close();
});

test('审核 in the pane applies the imported custom profile, as 计算得分 does', async () => {
  const book = await fixtureBookJson('liaoning-project-F01.xlsx');
  const name = '某市口径（两位小数）';
  book.settings = { 'jixiao.profile': 'custom', 'jixiao.customProfile': JSON.stringify({ base: 'liaoning', name, scoreDecimals: 2 }) };
  const page = await openPane(book);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已连接工作簿'));
  expect(await page.inputValue('#profile')).toBe('custom');
  await page.click('.rollup-review button:has-text("审核")');
  await page.waitForSelector('.rollup-review-out table');
  const firstRow = await page.locator('.rollup-review-out table tr').nth(1).locator('td').allInnerTexts();
  // 工作表, 口径, …: the custom profile's own name, not the one the layout would suggest (辽宁口径).
  expect(firstRow[0]).toBe(book.sheets[0].name);
  expect(firstRow[1]).toBe(name);
  await page.close();
});
