import type { FormSummary, IssueItem } from './report';

/** DOM building with textContent only: sheet text never reaches innerHTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderForms(root: HTMLElement, forms: FormSummary[]): void {
  root.replaceChildren();
  if (!forms.length) {
    root.append(el('p', 'empty', '未在工作簿中找到绩效自评表。'));
    return;
  }
  for (const f of forms) {
    const card = el('article', 'form-card');
    const h = el('h3', undefined, f.title);
    h.append(el('span', 'grade', f.grade));
    card.append(h);
    const meta = `${f.sheet} · ${f.kind} · ${f.profile}${f.pending ? ` · ${f.pending} 行待填完成值` : ''}`;
    card.append(el('div', 'form-meta', meta));
    const table = el('table');
    for (const r of f.rows) {
      const tr = el('tr', r.label === '总分' ? 'total' : undefined);
      tr.append(el('td', undefined, r.label), el('td', 'num', r.value));
      table.append(tr);
    }
    const tr = el('tr');
    tr.append(el('td', undefined, '等级'), el('td', 'num', f.grade));
    table.append(tr);
    card.append(table);
    root.append(card);
  }
}

const SEVERITY_TEXT = { error: '错误', warning: '警告', info: '提示' } as const;

export function renderIssues(root: HTMLElement, count: HTMLElement, items: IssueItem[], onPick: (item: IssueItem) => void): void {
  root.replaceChildren();
  count.textContent = String(items.length);
  if (!items.length) {
    root.append(el('li', 'empty', '没有问题。'));
    return;
  }
  for (const item of items) {
    const li = el('li');
    const b = el('button', `issue ${item.severity}`);
    b.type = 'button';
    b.dataset.sheet = item.sheet;
    b.dataset.address = item.address ?? '';
    b.append(
      el('span', 'addr', item.address ? `${item.address}` : item.sheet),
      el('span', 'sev', item.kind === 'manual' ? '手工' : SEVERITY_TEXT[item.severity]),
      el('span', 'text', item.text),
    );
    b.title = `${item.sheet}!${item.address ?? ''}`;
    b.addEventListener('click', () => onPick(item));
    li.append(b);
    root.append(li);
  }
}
