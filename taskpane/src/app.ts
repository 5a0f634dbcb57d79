/// <reference types="office-js" />
import { AutoRecompute, ExcelSession, type ExcelRunner, type RecomputeResult } from '../../src/hosts/excel';
import type { Profile } from '../../src/engine';
import { setDefaultProfile } from '../../src/functions/functions';
import {
  SETTING_AUTO,
  SETTING_CUSTOM_PROFILE,
  SETTING_FORMULAS,
  SETTING_KEYS,
  SETTING_PROFILE,
  functionsDefaultProfile,
  isChoice,
  parseCustomProfile,
  profileFor,
  type ProfileChoice,
} from './profile-choice';
import { discrepancyItems, inForm, issues, qualitativeCells, summarize, type DiscrepancyItem, type FormSummary, type IssueItem } from './report';
import type { CheckedScore } from '../../src/sheet/discrepancies';
import type { ScoreWorkbook } from '../../src/hosts/excel';
import type { ScoringOptions } from './scoring';
import { emptyState, renderDiscrepancies, renderForms, renderIssues } from './view';
import { changeLines, excelErrorText } from './pane-state';

export interface AppDeps {
  run: ExcelRunner;
  runInContext?: (ctx: Excel.RequestContext, fn: (ctx: Excel.RequestContext) => Promise<void>) => Promise<void>;
  triggerSourceSupported: boolean;
  scorerFor: (profile: Profile | null, options: ScoringOptions) => ScoreWorkbook;
  doc?: Document;
}

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const e = doc.getElementById(id);
  if (!e) throw new Error(`task pane markup lacks #${id}`);
  return e as T;
}

/** The task pane: wires the markup to the Excel session. */
export class App {
  readonly session: ExcelSession;
  readonly auto: AutoRecompute;
  private choice: ProfileChoice = 'auto';
  private customJson: string | null = null;
  private formulas = false;
  private last: RecomputeResult | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ui;
  private readonly doc: Document;
  /** What the cards show, per form; a partial recompute replaces only its sheets' entries. */
  private summaries: FormSummary[] = [];
  private items: IssueItem[] = [];
  /** 与规则值不一致: cells without the add-in's record that differ from the rule, until resolved. */
  private discrepancies: DiscrepancyItem[] = [];
  /** 保留现值 was chosen: the list stays, folded, until it changes. */
  private keptDiscrepancies = false;
  private stale = false;
  private lastSheets: string[] | undefined;
  /** The last edit a person made (for “which cell triggered it”). */
  private lastEdit: { sheet: string; address: string } | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: AppDeps) {
    const doc = deps.doc ?? document;
    this.doc = doc;
    this.ui = {
      profile: byId<HTMLSelectElement>(doc, 'profile'),
      importBtn: byId<HTMLButtonElement>(doc, 'import-profile'),
      file: byId<HTMLInputElement>(doc, 'profile-file'),
      profileNote: byId<HTMLElement>(doc, 'profile-note'),
      compute: byId<HTMLButtonElement>(doc, 'compute'),
      autoToggle: byId<HTMLInputElement>(doc, 'auto-recompute'),
      formulaToggle: byId<HTMLInputElement>(doc, 'formula-mode'),
      status: byId<HTMLElement>(doc, 'status'),
      forms: byId<HTMLElement>(doc, 'forms'),
      issues: byId<HTMLElement>(doc, 'issues'),
      issueCount: byId<HTMLElement>(doc, 'issue-count'),
      dropdowns: byId<HTMLButtonElement>(doc, 'add-dropdowns'),
      nav: byId<HTMLElement>(doc, 'form-nav'),
      stateBar: byId<HTMLElement>(doc, 'state-bar'),
      changeBar: byId<HTMLElement>(doc, 'change-bar'),
      progress: byId<HTMLElement>(doc, 'progress'),
      settingsBtn: byId<HTMLButtonElement>(doc, 'settings-toggle'),
      settings: byId<HTMLElement>(doc, 'settings'),
      discrepancies: byId<HTMLElement>(doc, 'discrepancies'),
    };
    this.session = new ExcelSession(deps.run, { settingKeys: SETTING_KEYS, triggerSourceSupported: deps.triggerSourceSupported });
    this.auto = new AutoRecompute({
      run: deps.run,
      isOwnChange: (ev) => {
        const own = this.session.isOwnChange(ev);
        const sheet = this.session.sheetNameOf(ev.worksheetId);
        if (!own && sheet) this.lastEdit = { sheet, address: ev.address };
        return own;
      },
      sheetNameOf: (id) => this.session.sheetNameOf(id),
      recompute: async (sheets) => {
        await this.compute(sheets, true);
      },
      runInContext: deps.runInContext,
      // While 自动重算 listens, the session trusts its cache: a recompute reads only what changed.
      tracker: this.session,
    });
  }

  /** Wires the pane and reads the workbook's settings; a compute asked for meanwhile (ribbon) waits for it. */
  start(): Promise<void> {
    const run = this.queue.then(() => this.startNow());
    this.queue = run;
    return run;
  }

  private async startNow(): Promise<void> {
    const u = this.ui;
    u.compute.addEventListener('click', () => void this.compute());
    u.profile.addEventListener('change', () => void this.onProfileChange());
    u.importBtn.addEventListener('click', () => u.file.click());
    u.file.addEventListener('change', () => void this.onImport());
    u.autoToggle.addEventListener('change', () => void this.onToggleAuto());
    u.formulaToggle.addEventListener('change', () => void this.onToggleFormulas());
    u.dropdowns.addEventListener('click', () => void this.onDropdowns());
    u.settingsBtn.addEventListener('click', () => this.toggleSettings());
    u.forms.replaceChildren(emptyState(false));
    try {
      const layout = await this.session.prepare();
      const saved = layout.settings[SETTING_PROFILE];
      this.customJson = typeof layout.settings[SETTING_CUSTOM_PROFILE] === 'string' ? (layout.settings[SETTING_CUSTOM_PROFILE] as string) : null;
      if (this.customJson) u.profile.querySelector<HTMLOptionElement>('option[value=custom]')!.disabled = false;
      if (isChoice(saved)) this.choice = saved;
      u.profile.value = this.choice;
      this.formulas = layout.settings[SETTING_FORMULAS] === '1';
      u.formulaToggle.checked = this.formulas;
      // Excel may have calculated formulas that name no profile before the saved one was known.
      if (functionsDefaultProfile(this.currentProfile()) !== functionsDefaultProfile(null)) await this.session.recalculate();
      for (const n of layout.notes) this.note(n);
      if (layout.settings[SETTING_AUTO] === '1') {
        u.autoToggle.checked = true;
        await this.auto.enable();
      }
      await this.watchChanges();
      this.status(`已连接工作簿（${layout.sheets.length} 个工作表）。点击“计算得分”。`);
    } catch (e) {
      this.fail('读取工作簿失败', e);
    }
  }

  private status(text: string, error = false): void {
    this.ui.status.textContent = text;
    this.ui.status.classList.toggle('error', error);
  }

  private note(text: string): void {
    this.ui.profileNote.textContent = text;
  }

  private fail(what: string, e: unknown): void {
    const { zh } = excelErrorText(e);
    this.status(`${what}：${zh}`, true);
  }

  /**
   * With 自动重算 off, a person's edit to a scored sheet makes the cards out of date: they are
   * marked 未更新 until the next compute. (With it on, the edit is recomputed instead.)
   */
  private async watchChanges(): Promise<void> {
    try {
      await this.deps.run(async (ctx) => {
        ctx.workbook.worksheets.onChanged.add(async (ev) => this.onSheetChanged(ev));
        await ctx.sync();
      });
    } catch {
      // Without change events the pane cannot tell; results are still marked after a failure.
    }
  }

  private onSheetChanged(ev: { worksheetId: string; address: string; triggerSource?: string }): void {
    if (this.auto.enabled || this.stale || !this.summaries.length) return;
    if (ev.triggerSource === 'ThisLocalAddin') return;
    const sheet = this.session.sheetNameOf(ev.worksheetId);
    if (!sheet || !this.summaries.some((f) => f.sheet === sheet)) return;
    if (this.session.isOwnChange(ev)) return;
    this.stale = true;
    this.renderCards();
    const bar = this.ui.stateBar;
    bar.replaceChildren();
    bar.hidden = false;
    bar.className = 'msg warning';
    const text = this.doc.createElement('p');
    text.className = 'msg-text';
    text.textContent = `未更新：${sheet}!${ev.address} 在上次计算后被修改，下方结果可能已过时。`;
    const retry = this.doc.createElement('button');
    retry.type = 'button';
    retry.className = 'btn';
    retry.id = 'retry';
    retry.textContent = '重新计算';
    retry.addEventListener('click', () => void this.compute());
    bar.append(text, retry);
  }

  private toggleSettings(): void {
    const open = this.ui.settings.hidden;
    this.ui.settings.hidden = !open;
    this.ui.settingsBtn.setAttribute('aria-expanded', String(open));
  }

  /** Long work: a progress bar, the controls disabled so nothing is asked twice. */
  private busy(on: boolean): void {
    const u = this.ui;
    u.progress.hidden = !on;
    u.forms.setAttribute('aria-busy', String(on));
    for (const c of [u.compute, u.profile, u.importBtn, u.autoToggle, u.formulaToggle, u.dropdowns, ...Array.from(u.discrepancies.querySelectorAll('button'))]) c.disabled = on;
  }

  /** The 未更新 state: the last recompute failed, the cards show the result before it. */
  private showStale(e: unknown): void {
    const bar = this.ui.stateBar;
    const { zh, excel } = excelErrorText(e);
    bar.replaceChildren();
    bar.hidden = false;
    bar.className = 'msg error';
    const text = this.doc.createElement('p');
    text.className = 'msg-text';
    text.textContent = this.summaries.length
      ? `未更新：重新计算失败，下方仍是上一次的结果。${zh}`
      : `计算失败：${zh}`;
    const retry = this.doc.createElement('button');
    retry.type = 'button';
    retry.className = 'btn';
    retry.id = 'retry';
    retry.textContent = '重试';
    retry.addEventListener('click', () => void this.compute(this.lastSheets));
    bar.append(text, retry);
    if (excel) {
      const d = this.doc.createElement('details');
      const s = this.doc.createElement('summary');
      s.textContent = 'Excel 返回的信息';
      const code = this.doc.createElement('code');
      code.textContent = excel;
      d.append(s, code);
      bar.append(d);
    }
  }

  private clearStale(): void {
    this.ui.stateBar.hidden = true;
    this.ui.stateBar.replaceChildren();
  }

  private selectCell = (sheet: string, address: string): void => {
    void this.pick({ kind: 'problem', severity: 'info', sheet, address, text: '', form: '' });
  };

  /** The profile to score with; also made the worksheet functions' default, so formulas follow the pane. */
  /** The profile the picker stands for now (the imported custom one included), for 汇总 and 审核. */
  chosenProfile(): Profile | null {
    return profileFor(this.choice, this.customJson).profile;
  }

  private currentProfile(): Profile | null {
    const { profile, error } = profileFor(this.choice, this.customJson);
    this.note(error ?? '');
    setDefaultProfile(functionsDefaultProfile(profile));
    return profile;
  }

  /**
   * Scores the workbook (or the touched sheets) and writes the outputs; runs one at a time, in order.
   * Resolves false when it failed (the pane then shows the 未更新 state).
   */
  compute(sheets?: string[], auto = false, accept?: (d: { sheet: string; address: string }) => boolean): Promise<boolean> {
    const run = this.queue.then(() => this.computeNow(sheets, auto, accept));
    this.queue = run;
    return run;
  }

  private async computeNow(sheets: string[] | undefined, auto: boolean, accept?: (d: { sheet: string; address: string }) => boolean): Promise<boolean> {
    this.busy(true);
    this.lastSheets = sheets;
    this.status(sheets ? `正在重算：${sheets.join('、')}…` : '正在计算…');
    const before = this.summaries;
    const edit = this.lastEdit;
    try {
      let checked: CheckedScore | null = null;
      const scorer = this.deps.scorerFor(this.currentProfile(), { formulas: this.formulas, acceptRule: accept, onChecked: (c) => (checked = c) });
      const res = await this.session.recompute(scorer, sheets);
      this.last = res;
      this.stale = false;
      this.clearStale();
      const found: CheckedScore = checked ?? { score: res.score, discrepancies: [], accepted: [] };
      this.render(res, sheets, found);
      const s = res.stats;
      const live = res.written.filter((w) => w.formula).length;
      const mode = live ? `，其中 ${live} 个为公式` : '';
      const open = this.summaries.filter((f) => f.provisional).length;
      const tentative = open ? `；${open} 张表的得分为暂定` : '';
      const open_ = this.discrepancies.length ? `；${this.discrepancies.length} 个单元格与规则值不一致，见上方` : '';
      const taken = found.accepted.length ? `已采用规则值 ${found.accepted.length} 个单元格（${found.accepted.map((d) => `${d.sheet}!${d.address}`).join('、')}）。` : '';
      this.status(`${taken}已计算 ${res.score.forms.length} 张表，写入 ${res.written.length} 个单元格${mode}（与 Excel 往返 ${s.syncs} 次）${tentative}${open_}。`);
      if (auto) this.showChanges(before, edit);
      return true;
    } catch (e) {
      this.stale = this.summaries.length > 0;
      if (this.stale) this.renderCards();
      this.showStale(e);
      this.status(this.stale ? '未更新：重新计算失败，见下方提示。' : '计算失败，见下方提示。', true);
      return false;
    } finally {
      this.busy(false);
    }
  }

  private render(res: RecomputeResult, sheets: string[] | undefined, checked: CheckedScore): void {
    const fresh = res.score.forms.map(summarize);
    const keep = (sheet: string) => sheets !== undefined && !sheets.includes(sheet);
    const freshDisc = discrepancyItems(checked.discrepancies, res.score.forms);
    // A discrepancy is listed for the user to resolve, not among the cells kept as typed.
    const isDisc = (i: IssueItem) => i.kind === 'manual' && freshDisc.some((d) => d.sheet === i.sheet && d.address === i.address);
    const freshItems = issues(res.score).filter((i) => !isDisc(i));
    this.summaries = [...this.summaries.filter((f) => keep(f.sheet)), ...fresh];
    this.items = [...this.items.filter((i) => keep(i.sheet)), ...freshItems];
    const before = this.discrepancies.map((d) => `${d.sheet}!${d.address}`).join('|');
    this.discrepancies = [...this.discrepancies.filter((d) => keep(d.sheet)), ...freshDisc];
    if (this.discrepancies.map((d) => `${d.sheet}!${d.address}`).join('|') !== before) this.keptDiscrepancies = false;
    this.renderCards();
    this.ui.dropdowns.hidden = qualitativeCells(res.score).length === 0;
  }

  private renderCards(): void {
    renderForms(this.ui.forms, this.ui.nav, this.summaries, this.selectCell, this.stale);
    renderIssues(this.ui.issues, this.ui.issueCount, this.items, this.summaries, (item) => void this.pick(item));
    renderDiscrepancies(
      this.ui.discrepancies,
      this.discrepancies,
      { onSelect: this.selectCell, onAccept: (form) => void this.acceptRule(form), onKeep: () => this.keepDiscrepancies() },
      this.keptDiscrepancies,
    );
  }

  /**
   * 采用规则值: scores again taking the rule's value for the listed cells of one form (or all);
   * the write and the record go in as for any compute. A cell changed since it was listed is not
   * a discrepancy any more and is left alone.
   */
  private async acceptRule(form: string | null): Promise<void> {
    const chosen = this.discrepancies.filter((d) => form === null || d.form === form);
    if (!chosen.length) return;
    await this.compute(undefined, false, (d) => chosen.some((c) => inForm(d, c)));
  }

  /** 保留现值: the cells keep their values (the scores already use them); the list stays, folded. */
  private keepDiscrepancies(): void {
    this.keptDiscrepancies = true;
    this.renderCards();
    this.status(`已保留 ${this.discrepancies.length} 个单元格中的值（得分按这些值计算）；它们仍列在“与规则值不一致”中，可随时采用规则值。`);
  }

  /** After an automatic recompute: what changed and which edit caused it, for a few seconds. */
  private showChanges(before: FormSummary[], edit: { sheet: string; address: string } | null): void {
    const lines = changeLines(before, this.summaries, edit);
    const bar = this.ui.changeBar;
    if (!lines.length) return;
    bar.replaceChildren();
    for (const l of lines) {
      const p = this.doc.createElement('p');
      p.textContent = l;
      bar.append(p);
    }
    bar.hidden = false;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      bar.hidden = true;
      this.changeTimer = null;
    }, 8000);
  }

  private async pick(item: IssueItem): Promise<void> {
    if (!item.address) return;
    try {
      await this.session.select(item.sheet, item.address);
    } catch (e) {
      this.fail(`无法选中 ${item.sheet}!${item.address}`, e);
    }
  }

  private async onProfileChange(): Promise<void> {
    const v = this.ui.profile.value;
    if (!isChoice(v)) return;
    this.choice = v;
    this.currentProfile();
    try {
      await this.session.saveSetting(SETTING_PROFILE, v);
      // Formulas that name no profile now mean the new one.
      await this.session.recalculate();
      if (this.last) await this.compute();
    } catch (e) {
      this.fail('保存评分口径失败', e);
    }
  }

  private async onImport(): Promise<void> {
    const f = this.ui.file.files?.[0];
    if (!f) return;
    const text = await f.text();
    this.ui.file.value = '';
    const { profile, error } = parseCustomProfile(text, f.name);
    if (!profile) {
      this.note(error ?? '自定义口径有误。');
      return;
    }
    this.customJson = text;
    const opt = this.ui.profile.querySelector<HTMLOptionElement>('option[value=custom]')!;
    opt.disabled = false;
    opt.textContent = `自定义：${profile.name}`;
    this.ui.profile.value = 'custom';
    this.choice = 'custom';
    this.currentProfile();
    try {
      await this.session.saveSetting(SETTING_CUSTOM_PROFILE, text);
      await this.session.saveSetting(SETTING_PROFILE, 'custom');
      await this.session.recalculate();
      this.note(`已导入自定义口径“${profile.name}”。`);
    } catch (e) {
      this.fail('保存自定义口径失败', e);
    }
  }

  private async onToggleAuto(): Promise<void> {
    const on = this.ui.autoToggle.checked;
    try {
      if (on) await this.auto.enable();
      else await this.auto.disable();
      await this.session.saveSetting(SETTING_AUTO, on ? '1' : '0');
      this.status(on ? '自动重算已开启：修改完成值、目标值或分值后自动更新得分。' : '自动重算已关闭。');
    } catch (e) {
      this.fail('切换自动重算失败', e);
    }
  }

  private async onToggleFormulas(): Promise<void> {
    this.formulas = this.ui.formulaToggle.checked;
    try {
      await this.session.saveSetting(SETTING_FORMULAS, this.formulas ? '1' : '0');
      this.status(
        this.formulas
          ? '以公式写入已开启：得分、小计、总分等写成 JIXIAO 公式，修改完成值后 Excel 自动重算（无需打开助手）。'
          : '以公式写入已关闭：计算结果写成数值。',
      );
      // Cells already scored are rewritten in the new mode.
      if (this.last) await this.compute();
    } catch (e) {
      this.fail('切换以公式写入失败', e);
    }
  }

  private async onDropdowns(): Promise<void> {
    if (!this.last) return;
    try {
      const n = await this.session.addDropdowns(qualitativeCells(this.last.score));
      this.status(`已为 ${n} 个定性指标添加下拉选项。`);
    } catch (e) {
      this.fail('添加下拉选项失败', e);
    }
  }
}
