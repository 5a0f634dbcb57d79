/// <reference types="office-js" />
import { toPlain, type Profile } from '../../src/engine';
import { newStats, readSheets, type ExcelRunner, type ExcelSession } from '../../src/hosts/excel';
import type { CellValue, WorkbookScore } from '../../src/sheet';
import { isFinding, reviewWorkbook, type FormReview } from '../../src/sheet/review';
import { DETAIL_HEADER_ROWS, DETAIL_SHEET, formsOf, rollupPlan, rollupWorkbook, type SheetRollup } from '../../src/sheet/rollup';
import { excelErrorText } from './pane-state';

/**
 * 汇总 and 审核 in the task pane. The Excel side goes through the Office.js host (the session's
 * read and write path); the DOM side is a section appended to the pane, built with textContent only.
 */

/** 审核 of the open workbook: every sheet read in one pass, nothing written. */
export async function reviewOpenWorkbook(run: ExcelRunner, session: ExcelSession, profile: Profile | null): Promise<FormReview[]> {
  const layout = await session.prepare();
  const read = await run((ctx) => readSheets(ctx, layout.sheets, newStats()));
  return reviewWorkbook({ sheets: read.grids, prior: {} }, { profile });
}

/**
 * 汇总 over forms on several sheets of the open workbook: the form on `summarySheet` is the summary,
 * the form of every other sheet a unit. The summary's actuals, amounts and scores are written
 * through the session (a person's entry kept, as everywhere); the units are read, not changed.
 */
export async function rollupOpenWorkbook(session: ExcelSession, profile: Profile | null, summarySheet: string): Promise<PaneRollup | null> {
  let out: SheetRollup | null = null;
  await session.recompute((book): WorkbookScore => {
    const forms = formsOf(book);
    const summary = forms.find((f) => f.sheet === summarySheet);
    if (!summary) return { forms: [], plan: { writes: [], kept: [], prior: book.prior } };
    const units = forms.filter((f) => f.sheet !== summarySheet).map((form) => ({ name: form.sheet, form }));
    out = rollupWorkbook(book, summary, units, { profile });
    return { forms: out.scored.forms, plan: rollupPlan(out) };
  });
  const done = out as SheetRollup | null;
  if (!done) return null;
  // As the command line does: the detail goes into the workbook too, beside the summary.
  try {
    const detailSheet = await session.writeDetailSheet({ name: DETAIL_SHEET, rows: done.detail, freezeRows: DETAIL_HEADER_ROWS, settingKey: SETTING_DETAIL_SHEET });
    return { ...done, detailSheet, detailError: null };
  } catch (e) {
    // The summary is written by then (e.g. a workbook whose structure is protected refuses a new sheet): say both,
    // without the catalogue's "工作簿未改动" ending, which is not true of the summary.
    return { ...done, detailSheet: null, detailError: excelErrorText(e).zh.replace(/工作簿未改动[^。]*。$/, '').trim() };
  }
}

/** A roll-up done in the pane, with the detail sheet it wrote, or why it could not. */
export type PaneRollup = SheetRollup & { detailSheet: string | null; detailError: string | null };

/** Workbook setting: the id of the 汇总明细 sheet the pane made, so a re-run rewrites it and nothing else. */
export const SETTING_DETAIL_SHEET = 'jixiao.rollupDetailSheet';

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function table(doc: Document, header: string[], rows: CellValue[][]): HTMLTableElement {
  const t = el(doc, 'table', 'rr-table');
  const h = el(doc, 'tr');
  for (const x of header) h.append(el(doc, 'th', undefined, x));
  t.append(h);
  for (const r of rows) {
    const tr = el(doc, 'tr');
    for (const x of r) tr.append(el(doc, 'td', typeof x === 'number' ? 'num' : undefined, x === null ? '' : String(x)));
    t.append(tr);
  }
  return t;
}

export function renderReview(doc: Document, root: HTMLElement, reviews: FormReview[]): void {
  root.replaceChildren();
  if (!reviews.length) {
    root.append(el(doc, 'p', 'empty', '未在工作簿中找到绩效自评表。'));
    return;
  }
  const at2 = (d: { toDecimalPlaces(n: number): { toFixed(n: number): string } } | null) => (d === null ? '' : d.toDecimalPlaces(2).toFixed(2));
  root.append(
    table(
      doc,
      ['工作表', '口径', '填报总分', '规则总分', '等级', '发现'],
      reviews.map((r) => [r.sheet, r.profileName, at2(r.typedTotal), at2(r.ruleTotal), r.ruleGrade, r.findings.filter(isFinding).length]),
    ),
  );
  const list = el(doc, 'ul', 'issues');
  for (const r of reviews) {
    for (const f of r.findings) {
      const li = el(doc, 'li', `issue ${f.severity}`);
      li.append(el(doc, 'span', 'addr', f.cell ? `${r.sheet}!${f.cell}` : r.sheet), el(doc, 'span', 'text', f.message));
      list.append(li);
    }
  }
  root.append(list);
}

export function renderRollup(doc: Document, root: HTMLElement, r: PaneRollup | null, summarySheet: string): void {
  root.replaceChildren();
  if (!r) {
    root.append(el(doc, 'p', 'empty', `工作表“${summarySheet}”中没有找到汇总表。`));
    return;
  }
  const result = r.scored.forms[0]?.result ?? r.rollup.result;
  const detail = r.detailSheet ? `；明细见工作表“${r.detailSheet}”` : `；未能添加“${DETAIL_SHEET}”工作表（${r.detailError ?? '原因不明'}），明细见下表`;
  root.append(el(doc, 'p', r.detailSheet ? 'note' : 'note warning-text', `已写入“${summarySheet}”：总分 ${toPlain(result.total.toDecimalPlaces(2))}（${result.grade}），口径 ${r.profile.name}${detail}`));
  const [head, ...rows] = r.detail.slice(3);
  root.append(table(doc, (head ?? []).map((x) => String(x ?? '')), rows));
  const list = el(doc, 'ul', 'issues');
  for (const p of r.problems) list.append(el(doc, 'li', `issue ${p.severity}`, p.message));
  for (const k of r.keptInputs) list.append(el(doc, 'li', 'issue warning', `${k.sheet}!${k.address} 已有手工填写的值，保留`));
  root.append(list);
}

/**
 * The hook: appends a 汇总 / 审核 section to the pane. `session` is the pane's; `run` its runner;
 * `profileOf` the profile 计算得分 would use now (a custom one included; null: each form's layout decides).
 * Returns the section (tests and the pane rebuild may place it elsewhere).
 */
export function installRollupReview(doc: Document, run: ExcelRunner, session: ExcelSession, profileOf: () => Profile | null): HTMLElement {
  const section = el(doc, 'section', 'card rollup-review');
  section.append(el(doc, 'h2', 'section-title', '汇总与审核'));
  const row = el(doc, 'div', 'row');
  const pick = el(doc, 'select', 'select');
  pick.id = 'rollup-summary-sheet';
  pick.title = '汇总表所在的工作表；其余工作表中的自评表作为各单位';
  const pickLabel = el(doc, 'label', 'field-label', '汇总表');
  pickLabel.htmlFor = pick.id;
  const rollupBtn = el(doc, 'button', 'btn', '汇总');
  const reviewBtn = el(doc, 'button', 'btn', '审核');
  rollupBtn.type = reviewBtn.type = 'button';
  row.append(pickLabel, pick, rollupBtn, reviewBtn);
  const status = el(doc, 'p', 'status');
  status.setAttribute('role', 'status');
  const out = el(doc, 'div', 'rollup-review-out');
  section.append(row, status, out);
  (doc.querySelector('main') ?? doc.body).append(section);

  const refreshSheets = async () => {
    const layout = await session.prepare();
    const current = pick.value;
    pick.replaceChildren(...layout.sheets.map((s) => Object.assign(el(doc, 'option', undefined, s.name), { value: s.name })));
    if (layout.sheets.some((s) => s.name === current)) pick.value = current;
  };
  const busy = async (label: string, fn: () => Promise<void>) => {
    rollupBtn.disabled = reviewBtn.disabled = true;
    status.textContent = `${label}中…`;
    try {
      await fn();
      status.textContent = '';
    } catch (e) {
      status.textContent = `${label}失败：${excelErrorText(e).zh}`;
    } finally {
      rollupBtn.disabled = reviewBtn.disabled = false;
    }
  };
  pick.addEventListener('focus', () => void refreshSheets().catch(() => undefined));
  rollupBtn.addEventListener('click', () =>
    busy('汇总', async () => {
      if (!pick.value) await refreshSheets();
      renderRollup(doc, out, await rollupOpenWorkbook(session, profileOf(), pick.value), pick.value);
    }),
  );
  reviewBtn.addEventListener('click', () => busy('审核', async () => renderReview(doc, out, await reviewOpenWorkbook(run, session, profileOf()))));
  return section;
}
