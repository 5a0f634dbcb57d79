import type { FormResult, RowFlag } from '../../src/engine/types';
import type { ScoredForm, WorkbookScore } from '../../src/sheet/contract';
import { locateProblems } from '../../src/sheet/locate-problems';
import { parseA1, type CellValue, type KeptCell, type MergeArea, type WriteKind } from '../../src/sheet/grid';
import { formOfDiscrepancy, type Discrepancy } from '../../src/sheet/discrepancies';
import { chartBars, explanations, lostRows, percent, provisional, type ChartBar, type LostRow, type Provisional } from './explain';

/** A summary value on the card; clicking it selects its cell. */
export interface SummaryValue {
  label: string;
  value: string;
  address: string | null;
}

/** What the pane shows of one form; every field is plain text for textContent. */
export interface FormSummary {
  key: string;
  sheet: string;
  /** The project (or unit) the form is about, else its title. */
  name: string;
  title: string;
  profile: string;
  kind: string;
  total: string;
  totalAddress: string | null;
  grade: string;
  gradeAddress: string | null;
  values: SummaryValue[];
  pending: number;
  provisional: Provisional | null;
  explanations: string[];
  lost: LostRow[];
  bars: ChartBar[];
}

export interface IssueItem {
  kind: 'problem' | 'flag' | 'manual';
  severity: 'error' | 'warning' | 'info';
  sheet: string;
  address: string | null;
  text: string;
  /** The form it belongs to (FormSummary.key); '' for a sheet without a form. */
  form: string;
  code?: string;
}

const FLAG_TEXT: Record<RowFlag, string> = {
  'operator-inferred': '未填运算符号，已按规则推定计分方向',
  'overshoot-penalty': '超额完成超过阈值，按偏差扣分',
  'auto-judged': '定性指标已自动判定为达成',
  'judgement-needed': '定性指标需要评价人判断档次',
  manual: '手工填写的数值，已保留',
  'unit-converted': '已换算单位后比较',
};

const KIND_TEXT: Record<string, string> = { project: '项目', department: '部门整体', overall: '部门整体' };

function fmt(x: { toFixed(dp: number): string } | null | undefined): string {
  return x === null || x === undefined ? '—' : x.toFixed(2);
}

export function formKey(f: ScoredForm): string {
  return `${f.form.sheet}!${f.form.rangeAddress}`;
}

export function summarize(f: ScoredForm): FormSummary {
  const r: FormResult = f.result;
  const o = f.form.outputs;
  const values: SummaryValue[] = [];
  if (r.tasks.length) values.push({ label: '任务得分合计', value: fmt(r.taskTotal), address: null });
  values.push({ label: '指标得分小计', value: fmt(r.subtotal), address: o.subtotal });
  if (!r.tasks.length) {
    values.push({ label: '执行率', value: percent(r.executionRate), address: o.executionRate });
    values.push({ label: '执行率得分', value: fmt(r.executionScore), address: o.executionScore });
  }
  values.push({ label: '减分项', value: fmt(r.deduction), address: o.deduction });
  const name = (f.form.name ?? '').trim() || f.form.title || r.title || f.form.sheet;
  return {
    key: formKey(f),
    sheet: f.form.sheet,
    name,
    title: f.form.title ?? r.title ?? '',
    profile: f.profile.name,
    kind: KIND_TEXT[r.kind] ?? r.kind,
    total: fmt(r.total),
    totalAddress: o.total,
    grade: r.grade,
    gradeAddress: o.grade ?? o.total,
    values,
    pending: r.pending,
    provisional: provisional(f),
    explanations: explanations(f),
    lost: lostRows(f),
    bars: chartBars(f),
  };
}

/** Maps an engine field name to the cell of that row. */
function rowField(form: ScoredForm, index: number, field: string | undefined): string | null {
  const cells = form.form.rowCells[index];
  if (!cells) return null;
  const byField: Record<string, string | null> = {
    target: cells.target,
    actual: cells.actual,
    weight: cells.weight,
    completion: cells.completion,
    score: cells.score,
    operator: cells.operator ?? cells.target,
    unit: cells.unit ?? cells.target,
  };
  return (field && byField[field]) || cells.score || cells.completion || cells.actual || null;
}

function rowLabel(form: ScoredForm, index: number): string {
  // RowCells hold addresses, not text: the row number is what the user finds in the sheet.
  const cells = form.form.rowCells[index];
  return `第 ${cells?.excelRow ?? index + 1} 行`;
}

/**
 * A missing actual leaves the total provisional: the pane lists it with the warnings, not among
 * the blue hints, so it is not overlooked (the engine's severity stays as it is for the CLI).
 */
function paneSeverity(code: string, severity: IssueItem['severity']): IssueItem['severity'] {
  return code === 'missing-actual' && severity === 'info' ? 'warning' : severity;
}

export function issues(score: WorkbookScore): IssueItem[] {
  const out: IssueItem[] = [];
  for (const f of score.forms) {
    const sheet = f.form.sheet;
    const form = formKey(f);
    // Problems located by the sheet layer, the same cells the CLI reports.
    for (const p of locateProblems(f)) out.push({ kind: 'problem', severity: paneSeverity(p.code, p.severity), sheet: p.sheet, address: p.address, text: p.message, form, code: p.code });
    f.result.rows.forEach((row, i) => {
      for (const flag of row.flags) {
        if (flag === 'manual') continue;
        out.push({ kind: 'flag', severity: 'info', sheet, address: rowField(f, i, 'score'), text: `${rowLabel(f, i)}：${FLAG_TEXT[flag] ?? flag}`, form });
      }
    });
  }
  for (const k of score.plan.kept) out.push(keptItem(k, score.forms.find((f) => f.form.sheet === k.sheet)));
  const order = { error: 0, warning: 1, info: 2 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
}

function keptItem(k: KeptCell, f: ScoredForm | undefined): IssueItem {
  const current = k.current === null ? '空' : String(k.current);
  const rule = k.ruleValue === null ? '' : `，按规则应为 ${k.ruleValue}`;
  return { kind: 'manual', severity: 'info', sheet: k.sheet, address: k.address, text: `手工填写（已保留）：${current}${rule}`, form: f ? formKey(f) : '' };
}

/** Cells where a qualitative row takes the evaluator's tier: the drop-down goes there. */
export function qualitativeCells(score: WorkbookScore): { sheet: string; address: string }[] {
  const out: { sheet: string; address: string }[] = [];
  for (const f of score.forms) {
    f.result.rows.forEach((row, i) => {
      const cell = f.form.rowCells[i]?.actual;
      if (row.rule === 'qualitative' && cell) out.push({ sheet: f.form.sheet, address: cell });
    });
  }
  return out;
}

const OUTPUT_TEXT: Record<WriteKind, string> = {
  'row-completion': '完成率',
  'row-score': '得分',
  'task-rate': '任务完成率',
  'task-score': '任务得分',
  'execution-rate': '执行率',
  'execution-score': '执行率得分',
  subtotal: '指标得分小计',
  deduction: '减分项',
  total: '总分',
  grade: '等级',
};

/** An output cell whose value differs from the rule on a sheet without the add-in's record (src/sheet/discrepancies.ts). */
export interface DiscrepancyItem {
  sheet: string;
  address: string;
  /** What the cell is (总分, 得分 …). */
  label: string;
  value: string;
  rule: string;
  /** The form it belongs to (FormSummary.key), its name and its range, for 采用规则值 on that form. */
  form: string;
  formName: string;
  range: MergeArea | null;
}

/** A value as the pane shows it: numbers to at most 4 decimals (the rule's text may carry 15 digits). */
function shownValue(v: CellValue | string | null): string {
  if (v === null || v === '') return '空';
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v.trim()))) {
    const n = Number(v);
    if (Number.isFinite(n)) return String(Number(n.toFixed(4)));
  }
  return String(v);
}

export function discrepancyItems(list: Discrepancy[], forms: ScoredForm[]): DiscrepancyItem[] {
  return list.map((d) => {
    const f = formOfDiscrepancy(d, forms);
    return {
      sheet: d.sheet,
      address: d.address,
      label: OUTPUT_TEXT[d.kind] ?? d.kind,
      value: shownValue(d.value),
      rule: d.ruleValue === null ? '（无）' : shownValue(d.ruleValue),
      form: f ? formKey(f) : d.sheet,
      formName: f ? (f.form.name ?? '').trim() || f.form.title || f.result.title || f.form.sheet : d.sheet,
      range: f ? f.form.range : null,
    };
  });
}

/** Whether a discrepancy found while accepting lies in the form of `item` (a row score accepted may reveal its subtotal). */
export function inForm(d: Pick<Discrepancy, 'sheet' | 'address'>, item: Pick<DiscrepancyItem, 'sheet' | 'range'>): boolean {
  if (d.sheet !== item.sheet) return false;
  if (!item.range) return true;
  const at = parseA1(d.address);
  const r = item.range;
  return !!at && at.row >= r.top && at.row <= r.bottom && at.col >= r.left && at.col <= r.right;
}
