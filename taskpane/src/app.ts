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
import { issues, qualitativeCells, summarize, type IssueItem } from './report';
import type { ScoreWorkbook } from '../../src/hosts/excel';
import type { ScoringOptions } from './scoring';
import { renderForms, renderIssues } from './view';

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
  private queue: Promise<void> = Promise.resolve();
  private readonly ui;

  constructor(private readonly deps: AppDeps) {
    const doc = deps.doc ?? document;
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
    };
    this.session = new ExcelSession(deps.run, { settingKeys: SETTING_KEYS, triggerSourceSupported: deps.triggerSourceSupported });
    this.auto = new AutoRecompute({
      run: deps.run,
      isOwnChange: (ev) => this.session.isOwnChange(ev),
      sheetNameOf: (id) => this.session.sheetNameOf(id),
      recompute: (sheets) => this.compute(sheets),
      runInContext: deps.runInContext,
      // While 自动重算 listens, the session trusts its cache: a recompute reads only what changed.
      tracker: this.session,
    });
  }

  /** Wires the pane and reads the workbook's settings; a compute asked for meanwhile (ribbon) waits for it. */
  start(): Promise<void> {
    this.queue = this.queue.then(() => this.startNow());
    return this.queue;
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
    const msg = e instanceof Error ? e.message : String(e);
    this.status(`${what}：${msg}`, true);
  }

  /** The profile to score with; also made the worksheet functions' default, so formulas follow the pane. */
  private currentProfile(): Profile | null {
    const { profile, error } = profileFor(this.choice, this.customJson);
    this.note(error ?? '');
    setDefaultProfile(functionsDefaultProfile(profile));
    return profile;
  }

  /** Scores the workbook (or the touched sheets) and writes the outputs; runs one at a time, in order. */
  compute(sheets?: string[]): Promise<void> {
    this.queue = this.queue.then(() => this.computeNow(sheets));
    return this.queue;
  }

  private async computeNow(sheets?: string[]): Promise<void> {
    this.ui.compute.disabled = true;
    this.status(sheets ? `正在重算：${sheets.join('、')}…` : '正在计算…');
    try {
      const res = await this.session.recompute(this.deps.scorerFor(this.currentProfile(), { formulas: this.formulas }), sheets);
      this.last = res;
      this.render(res);
      const s = res.stats;
      const live = res.written.filter((w) => w.formula).length;
      const mode = live ? `，其中 ${live} 个为公式` : '';
      this.status(`已计算 ${res.score.forms.length} 张表，写入 ${res.written.length} 个单元格${mode}（与 Excel 往返 ${s.syncs} 次）。`);
    } catch (e) {
      this.fail('计算失败，工作簿未改动或只写入了完整的一批', e);
    } finally {
      this.ui.compute.disabled = false;
    }
  }

  private render(res: RecomputeResult): void {
    renderForms(this.ui.forms, res.score.forms.map(summarize));
    renderIssues(this.ui.issues, this.ui.issueCount, issues(res.score), (item) => void this.pick(item));
    this.ui.dropdowns.hidden = qualitativeCells(res.score).length === 0;
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
    const { profile, error } = parseCustomProfile(text);
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
