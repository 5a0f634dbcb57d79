import { barChart } from './chart';
import type { DiscrepancyItem, FormSummary, IssueItem } from './report';

/** DOM building with textContent only: sheet text never reaches innerHTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export type SelectCell = (sheet: string, address: string) => void;

const GRADE_TONE: Record<string, string> = { 优: 'good', 良: 'fair', 中: 'poor', 差: 'bad' };

function cellButton(cls: string, text: string, sheet: string, address: string | null, onSelect: SelectCell, label?: string): HTMLElement {
  if (!address) return el('span', cls, text);
  const b = el('button', `${cls} cell-link`, text);
  b.type = 'button';
  b.dataset.sheet = sheet;
  b.dataset.address = address;
  b.title = `选中 ${sheet}!${address}`;
  if (label) b.setAttribute('aria-label', `${label} ${text}，选中 ${sheet}!${address}`);
  b.addEventListener('click', () => onSelect(sheet, address));
  return b;
}

/** What a recognisable form looks like: shown before the first compute and when none is found. */
export function emptyState(found: boolean): HTMLElement {
  const box = el('div', 'empty-state');
  box.append(el('p', 'empty-title', found ? '未在工作簿中找到绩效自评表' : '点击“计算得分”开始'));
  const p = el('p', undefined, '助手能识别这样的表：表头一行写有“三级指标”“指标值”（或“年度指标值”）“分值”和“全年完成值”（或“实际完成值”），下方每行一个指标；项目表另有“预算数 / 执行数”或“执行率”，部门整体表另有“年度主要任务”。');
  const tip = el('p', 'note', '一个工作表可以有多张表，合并的一级、二级指标单元格也可以识别。');
  box.append(p, tip);
  return box;
}

function cardHeader(f: FormSummary, onSelect: SelectCell, stale: boolean): HTMLElement {
  const head = el('header', 'card-head');
  const h = el('h3', 'form-name', f.name);
  h.id = `${cardId(f)}-name`;
  head.append(h, el('div', 'form-meta', `${f.sheet} · ${f.kind} · ${f.profile}`));
  const line = el('div', 'headline');
  const total = cellButton('total-value', f.total, f.sheet, f.totalAddress, onSelect, '总分');
  const totalBox = el('div', 'total-box');
  totalBox.append(el('span', 'total-label', '总分'), total);
  const tone = GRADE_TONE[f.grade] ?? 'fair';
  const tentative = f.provisional !== null;
  const grade = el('span', `grade tone-${tone}${tentative ? ' tentative' : ''}`, tentative ? `${f.grade}（暂定）` : f.grade);
  grade.setAttribute('aria-label', `等级 ${f.grade}${tentative ? '，暂定' : ''}`);
  line.append(totalBox, grade);
  if (tentative) line.append(el('span', 'state-badge provisional', '暂定'));
  if (stale) line.append(el('span', 'state-badge stale', '未更新'));
  head.append(line);
  return head;
}

export function cardId(f: FormSummary): string {
  return `form-${Array.from(f.key).reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(36)}`;
}

function provisionalBar(f: FormSummary, onSelect: SelectCell): HTMLElement | null {
  const p = f.provisional;
  if (!p) return null;
  const bar = el('div', 'msg warning provisional-msg');
  bar.append(el('span', 'msg-text', `暂定：${p.rows} 行尚未计分（${p.reasons.join('、')}），总分和等级会随之改变。`));
  if (p.firstCell) {
    const go = cellButton('link', `转到 ${f.sheet}!${p.firstCell}`, f.sheet, p.firstCell, onSelect);
    bar.append(go);
  }
  return bar;
}

function lostList(f: FormSummary, onSelect: SelectCell): HTMLElement | null {
  if (!f.lost.length) return null;
  const d = el('details', 'lost');
  const missing = f.lost.filter((l) => l.reasonEmpty).length;
  d.append(el('summary', undefined, `失分项（${f.lost.length}）${missing ? ` · ${missing} 项未填偏差原因` : ''}`));
  const ul = el('ul', 'lost-list');
  for (const l of f.lost) {
    const li = el('li');
    li.append(cellButton('lost-row', `第 ${l.excelRow} 行 ${l.indicator}`, f.sheet, l.cell, onSelect));
    li.append(el('span', 'lost-points', `−${l.lost} 分（${l.score}/${l.weight}）`));
    if (l.reasonCell) {
      const reason = cellButton('reason-cell', l.reasonEmpty ? `原因 ${l.reasonCell} 未填` : `原因见 ${l.reasonCell}`, f.sheet, l.reasonCell, onSelect);
      if (l.reasonEmpty) reason.classList.add('warning-text');
      li.append(reason);
    }
    ul.append(li);
  }
  d.append(ul);
  return d;
}

export function renderForms(root: HTMLElement, nav: HTMLElement, forms: FormSummary[], onSelect: SelectCell, stale = false): void {
  root.replaceChildren();
  nav.replaceChildren();
  nav.hidden = forms.length < 2;
  if (!forms.length) {
    root.append(emptyState(true));
    return;
  }
  if (forms.length > 1) {
    nav.append(el('h2', 'section-title', `本工作簿的表（${forms.length}）`));
    const ul = el('ul', 'form-list');
    for (const f of forms) {
      const li = el('li');
      const b = el('button', 'form-link');
      b.type = 'button';
      b.append(el('span', 'fl-sheet', f.sheet), el('span', 'fl-name', f.name), el('span', `fl-total tone-${GRADE_TONE[f.grade] ?? 'fair'}`, `${f.total} ${f.grade}${f.provisional ? '（暂定）' : ''}`));
      b.addEventListener('click', () => {
        const card = root.ownerDocument.getElementById(cardId(f));
        card?.scrollIntoView({ block: 'start' });
        card?.focus();
      });
      li.append(b);
      ul.append(li);
    }
    nav.append(ul);
  }
  for (const f of forms) {
    const card = el('article', `form-card${f.provisional ? ' provisional' : ''}${stale ? ' stale' : ''}`);
    card.id = cardId(f);
    card.tabIndex = -1;
    card.setAttribute('aria-labelledby', `${card.id}-name`);
    card.dataset.key = f.key;
    card.append(cardHeader(f, onSelect, stale));
    const pb = provisionalBar(f, onSelect);
    if (pb) card.append(pb);
    const dl = el('dl', 'values');
    for (const v of f.values) {
      const row = el('div', 'value-row');
      row.append(el('dt', undefined, v.label));
      const dd = el('dd');
      dd.append(cellButton('num', v.value, f.sheet, v.address, onSelect, v.label));
      row.append(dd);
      dl.append(row);
    }
    card.append(dl);
    if (f.explanations.length) {
      const ul = el('ul', 'explain');
      for (const line of f.explanations) ul.append(el('li', undefined, line));
      card.append(ul);
    }
    if (f.bars.length) {
      const fig = el('figure', 'chart-box');
      fig.append(barChart(f.bars, `${f.name} 各项得分与满分`));
      fig.append(el('figcaption', 'note', '每条的填充部分为得分，整条为该项满分'));
      card.append(fig);
    }
    const lost = lostList(f, onSelect);
    if (lost) card.append(lost);
    root.append(card);
  }
}

const SEVERITY_TEXT = { error: '错误', warning: '警告', info: '提示' } as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;

/** Problems grouped by form, then by severity; each names its sheet and cell. */
export function renderIssues(root: HTMLElement, count: HTMLElement, items: IssueItem[], forms: FormSummary[], onPick: (item: IssueItem) => void): void {
  root.replaceChildren();
  count.textContent = String(items.length);
  count.setAttribute('aria-label', `${items.length} 项`);
  if (!items.length) {
    root.append(el('p', 'empty', '没有问题。'));
    return;
  }
  const groups = new Map<string, IssueItem[]>();
  for (const it of items) groups.set(it.form, [...(groups.get(it.form) ?? []), it]);
  for (const [key, list] of groups) {
    const f = forms.find((x) => x.key === key);
    const group = el('details', 'issue-form');
    group.open = true;
    const counts = SEVERITIES.map((s) => [s, list.filter((i) => i.severity === s).length] as const).filter(([, n]) => n);
    const sum = el('summary', undefined, `${f ? `${f.sheet} · ${f.name}` : list[0].sheet}`);
    for (const [s, n] of counts) sum.append(el('span', `count ${s}`, `${SEVERITY_TEXT[s]} ${n}`));
    group.append(sum);
    for (const [s, n] of counts) {
      const sev = el('details', `issue-sev ${s}`);
      sev.open = s !== 'info' || n <= 5;
      sev.append(el('summary', undefined, `${SEVERITY_TEXT[s]}（${n}）`));
      const ul = el('ul', 'issues');
      for (const item of list.filter((i) => i.severity === s)) {
        const li = el('li');
        const b = el('button', `issue ${item.severity}`);
        b.type = 'button';
        b.dataset.sheet = item.sheet;
        b.dataset.address = item.address ?? '';
        if (item.code) b.dataset.code = item.code;
        b.append(
          el('span', 'addr', item.address ? `${item.sheet}!${item.address}` : item.sheet),
          el('span', 'sev', item.kind === 'manual' ? '手工' : SEVERITY_TEXT[item.severity]),
          el('span', 'text', item.text),
        );
        b.addEventListener('click', () => onPick(item));
        li.append(b);
        ul.append(li);
      }
      sev.append(ul);
      group.append(sev);
    }
    root.append(group);
  }
}

export interface DiscrepancyActions {
  onSelect: SelectCell;
  /** 采用规则值 for one form (its key) or for all (null). */
  onAccept: (form: string | null) => void;
  /** 保留现值: the cells are kept, the list stays (folded). */
  onKeep: () => void;
}

/**
 * 与规则值不一致: output cells without the add-in's record whose value differs from the rule. Each
 * is listed with both values; one click takes the rule's value (per form or all), or they are
 * left as they are and stay listed.
 */
export function renderDiscrepancies(root: HTMLElement, items: DiscrepancyItem[], actions: DiscrepancyActions, kept: boolean): void {
  root.replaceChildren();
  root.hidden = items.length === 0;
  if (!items.length) return;
  const title = el('h2', 'msg-title', `与规则值不一致（${items.length}）`);
  title.id = 'discrepancies-title';
  root.append(title);
  root.append(
    el(
      'p',
      'msg-text',
      '这些输出单元格没有助手的写入记录（工作簿可能被其他工具另存过），其值与按规则计算的结果不同：可能是手工填写，也可能是过时的结果。助手没有改动它们；“采用规则值”写入规则值，“保留现值”不改动单元格（仍在此列出）。',
    ),
  );
  const details = el('details', 'disc-details');
  details.open = !kept;
  details.append(el('summary', undefined, kept ? `已保留现值（${items.length} 个单元格），展开查看` : `逐项查看（${items.length} 个单元格）`));
  const groups = new Map<string, DiscrepancyItem[]>();
  for (const it of items) groups.set(it.form, [...(groups.get(it.form) ?? []), it]);
  for (const [form, list] of groups) {
    const box = el('section', 'disc-form');
    const h = el('h3', 'disc-form-name', `${list[0].sheet} · ${list[0].formName}`);
    h.id = `disc-${Array.from(form).reduce((x, c) => (x * 31 + c.charCodeAt(0)) >>> 0, 7).toString(36)}`;
    box.setAttribute('aria-labelledby', h.id);
    box.append(h);
    const ul = el('ul', 'disc-list');
    for (const it of list) {
      const li = el('li', 'disc-item');
      li.dataset.sheet = it.sheet;
      li.dataset.address = it.address;
      const go = el('button', 'cell-link disc-addr', `${it.sheet}!${it.address}`);
      go.type = 'button';
      go.setAttribute('aria-label', `${it.label}，选中 ${it.sheet}!${it.address}`);
      go.addEventListener('click', () => actions.onSelect(it.sheet, it.address));
      li.append(go, el('span', 'disc-label', it.label));
      const vals = el('span', 'disc-values');
      vals.append(el('span', 'disc-value', `单元格 ${it.value}`), el('span', 'disc-rule', `规则值 ${it.rule}`));
      li.append(vals);
      ul.append(li);
    }
    box.append(ul);
    if (groups.size > 1) {
      const one = el('button', 'btn disc-accept', '采用规则值');
      one.type = 'button';
      one.dataset.form = form;
      one.setAttribute('aria-label', `采用规则值：${list[0].sheet} · ${list[0].formName}（${list.length} 个单元格）`);
      one.addEventListener('click', () => actions.onAccept(form));
      box.append(one);
    }
    details.append(box);
  }
  root.append(details);
  const bar = el('div', 'disc-actions');
  const all = el('button', 'btn btn-primary', groups.size > 1 ? '全部采用规则值' : '采用规则值');
  all.type = 'button';
  all.id = 'accept-rule';
  all.setAttribute('aria-label', `采用规则值：写入 ${items.length} 个单元格的规则值`);
  all.addEventListener('click', () => actions.onAccept(null));
  bar.append(all);
  if (!kept) {
    const keep = el('button', 'btn', '保留现值');
    keep.type = 'button';
    keep.id = 'keep-values';
    keep.addEventListener('click', () => actions.onKeep());
    bar.append(keep);
  }
  root.append(bar);
}
