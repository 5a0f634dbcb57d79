/**
 * The words forms use for their columns and labelled cells. Labels are compared after
 * normalisation, so `实际完成值（B）`, `实际完成值(B)` and `实际完成\n值 (B)` are the same label.
 */

import { memo } from '../engine';

/**
 * A pure function of a cell text, remembered: a big sheet repeats the same few label words and
 * indicator names in every form, and every cell is looked at by several recognisers. The engine's
 * bounded memo (emptied when full).
 */
const memoText = <T>(fn: (s: string) => T): ((s: string) => T) => memo(fn, 1 << 14);

/** Full-width → half-width (brackets, colon, digits), no whitespace or line breaks. */
export const normalizeLabel: (s: string) => string = memoText(normalizeLabelNow);

function normalizeLabelNow(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[【\[]/g, '(')
    .replace(/[】\]]/g, ')')
    .replace(/×/g, '*');
}

/** A label with its parenthesised qualifiers removed: `实际完成值(B)` → 实际完成值, `项目预算金额(万元)` → 项目预算金额. */
export const labelStem: (s: string) => string = memoText((s) => {
  return normalizeLabel(s).replace(/\([^()]*\)/g, '');
});

export type ColumnRole =
  | 'level1'
  | 'level2'
  | 'level3'
  /** 运算符号, or a 指标性质 column holding ≥ ≤ = 定性 (or 正向/反向: see operator-words.ts). */
  | 'operator'
  /** 指标方向: 大于等于 / 小于等于 / 等于. */
  | 'direction'
  /** 指标类型: 正向/反向 or 定量/定性 (polarity or kind, never a bad operator). */
  | 'nature'
  | 'target'
  /** 年初指标值: the target where no 调整后指标值 is written. */
  | 'targetInitial'
  /** 调整后指标值: the target wherever it is written. */
  | 'targetAdjusted'
  | 'unit'
  | 'weight'
  | 'actual'
  | 'completion'
  | 'score'
  /** 偏差原因分析及改进措施: where a row that lost points says why. */
  | 'reason';

/** Header words per column role (LAYOUTS.md 2), compared on the label stem (qualifiers in brackets dropped). */
const COLUMN_SYNONYMS: Record<ColumnRole, string[]> = {
  level1: ['一级指标', '一级指标名称'],
  level2: ['二级指标', '二级指标名称'],
  level3: ['三级指标', '指标名称', '三级指标名称', '绩效指标名称'],
  operator: ['运算符号', '运算符', '绩效指标性质', '指标性质', '计算符号'],
  direction: ['指标方向', '绩效指标方向'],
  nature: ['指标类型', '绩效指标类型'],
  target: ['指标值', '年度指标值', '年度目标值', '本年绩效指标值', '绩效指标值', '目标值', '内容', '本年指标值'],
  targetInitial: ['年初目标值', '年初指标值'],
  targetAdjusted: ['调整后指标值', '调整后目标值'],
  unit: ['度量单位', '绩效度量单位', '计量单位', '单位'],
  weight: ['分值', '权重', '本年权重', '指标分值', '指标权重', '参考分值'],
  actual: ['全年完成值', '实际完成值', '完成值', '全年实际完成值', '实际值', '全年实际值'],
  completion: ['完成程度', '完成率', '完成比例', '得分系数'],
  score: ['得分', '自评得分', '评分', '指标得分'],
  reason: ['偏差原因分析及改进措施', '未完成原因分析', '偏差原因分析', '偏差原因', '备注', '偏差原因及改进措施'],
};

const ROLE_BY_STEM = new Map<string, ColumnRole>();
for (const [role, words] of Object.entries(COLUMN_SYNONYMS) as [ColumnRole, string[]][]) {
  for (const w of words) ROLE_BY_STEM.set(w, role);
}

/** The column role a header label names, or null for columns the product ignores (备注, 完成时限 …). */
export const columnRole: (label: string) => ColumnRole | null = memoText((label) => {
  const stem = labelStem(label);
  return stem ? (ROLE_BY_STEM.get(stem) ?? null) : null;
});

export type InfoKey =
  | 'budget'
  | 'spent'
  | 'executionRate'
  | 'executionScore'
  | 'executionWeight'
  | 'subtotal'
  | 'deduction'
  | 'total'
  | 'grade'
  | 'name';

/** Labelled cells around the table; order inside a key is priority (the first label found wins). */
const INFO_LABELS: [InfoKey, RegExp][] = [
  ['budget', /^(项目预算金额|预算数|年度财政资金总额|批复数|预算资金情况|项目预算数|年度预算数|全年预算数|预算金额)(\(.*\))?$/],
  ['spent', /^(全年执行数|执行数|实际执行数|全年实际执行数|执行金额)(\(.*\))?$/],
  ['executionRate', /^(执行率|预算执行率)(\(.*\))?$/],
  ['executionScore', /^(预算执行率得分|执行率得分|得分\(\d+(\.\d+)?分\*执行率\))$/],
  ['executionWeight', /^(预算执行率权重|执行率权重)(\(%\))?$/],
  ['subtotal', /^(指标自评得分小计|指标得分小计|得分小计|小计|合计)$/],
  ['deduction', /^(减分项|扣分项|扣分)$/],
  ['total', /^(绩效自评总得分|总分|总计|总评价得分|总得分|自评总得分|自评总分|自评得分|综合得分)$/],
  ['grade', /^(自评等级|评价等级|绩效等级|评定等级|等级)$/],
  ['name', /^(项目\(政策\)名称|项目名称|部门\(单位\)名称|预算\(单位\)名称|单位名称|主管部门|实施单位|项目实施单位|项目编码)$/],
];

/** How well a 'name' label names the form: the project (0) before the unit (1); null for 主管部门 and the like. */
export const nameRank: (label: string) => number | null = memoText((label) => {
  const n = normalizeLabel(label);
  if (/^(项目\(政策\)名称|项目名称)$/.test(n)) return 0;
  if (/^(部门\(单位\)名称|预算\(单位\)名称|单位名称)$/.test(n)) return 1;
  return null;
});

export const infoKey: (label: string) => InfoKey | null = memoText((label) => {
  // `自评总分：` — a label may end with its colon.
  const n = normalizeLabel(label).replace(/:$/, '');
  if (!n) return null;
  for (const [key, re] of INFO_LABELS) if (re.test(n)) return key;
  return null;
});

/**
 * Words that name a funds-block column only on the row that also names the budget and the spent
 * amount (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分): there 分值 is the execution
 * weight (an input) and 得分 the execution score (an output).
 */
const FUNDS_ROW_LABELS: [InfoKey, RegExp][] = [
  ['executionWeight', /^(分值|权重|执行率分值)$/],
  ['executionScore', /^(得分|执行率得分)$/],
];

export const fundsRowKey: (label: string) => InfoKey | null = memoText((label) => {
  const n = normalizeLabel(label);
  for (const [key, re] of FUNDS_ROW_LABELS) if (re.test(n)) return key;
  return null;
});

/** Labels of the form's last row(s): they end the indicator rows. */
export const FOOTER_KEYS: ReadonlySet<InfoKey> = new Set(['subtotal', 'executionScore', 'deduction', 'total', 'grade']);

/** `得分（20分*执行率）` or `预算执行情况（万元）（20分）`: the execution weight printed in the form. */
export const printedExecutionWeight: (label: string) => number | null = memoText((label) => {
  const n = normalizeLabel(label);
  const m = /^得分\((\d+(?:\.\d+)?)分\*执行率\)$/.exec(n) ?? /^预算执行情况(?:\([^()]*\))*\((\d+(?:\.\d+)?)分\)$/.exec(n);
  return m ? Number(m[1]) : null;
});

/**
 * What titles carry besides the title itself (LAYOUTS.md 1): the year in brackets on the same
 * row, 公开NN表 tags, 附表/表N numbering. Removed before a title is recognised or compared.
 */
const TITLE_NOISE: RegExp[] = [
  /\(\s*\d{4}\s*年度?\s*\)/g,
  /公开\d+-?\d*表/g,
  /^(附表\d*|附件\d*|表\d+)(-\d+)*[:：.、]?/,
  /^\d{4}年度?(?=.*绩效.*表)/,
];

/** `预算项目(政策)绩效自评表(2024年度)公开08表` → `预算项目(政策)绩效自评表`. */
export const titleStem: (label: string) => string = memoText((label) => {
  let n = normalizeLabel(label);
  for (const re of TITLE_NOISE) n = n.replace(re, '');
  return n;
});

/** A form title: `预算项目(政策)绩效自评表`, `2024年度XX项目绩效自评表`, `…绩效目标表`. */
export const isTitle: (label: string) => boolean = memoText((label) => {
  const n = titleStem(label);
  return n.length >= 4 && /绩效/.test(n) && /表$/.test(n);
});

/** `单位名称：区人社局`, `填报日期：…`: a label and its value in one cell, above a form. */
export const isInlineInfo: (label: string) => boolean = memoText((label) => {
  return /^(单位名称|填报日期|填报单位|项目名称|部门名称)[:：]/.test(normalizeLabel(label));
});

/** `年度绩效目标2（20分）`: the heading of one goal block inside a form. */
export const isBlockHeading: (label: string) => boolean = memoText((label) => {
  return /^(年度)?(绩效)?目标\d+(\(.*\))?$/.test(normalizeLabel(label));
});

/** Rows after the table that are notes, not indicators. */
export const isNoteLabel: (label: string) => boolean = memoText((label) => {
  return /^(其他说明|说明|备注|注[:：]|填表人|审核人|单位负责人|联系人|联系电话)/.test(normalizeLabel(label));
});

export type TaskRole = 'name' | 'allocated' | 'spent' | 'rate' | 'weight' | 'score';

const TASK_SYNONYMS: [TaskRole, RegExp][] = [
  ['name', /^(对应项目|项目名称|任务名称)$/],
  ['allocated', /^(项目下达金额|下达金额|预算资金情况|预算数|年初预算数)(\(.*\))?$/],
  ['spent', /^(项目执行金额|执行金额|执行数)(\(.*\))?$/],
  ['rate', /^(项目执行率|执行率)(\(.*\))?$/],
  ['weight', /^(分值|权重)$/],
  ['score', /^得分$/],
];

export const taskRole: (label: string) => TaskRole | null = memoText((label) => {
  const n = normalizeLabel(label);
  for (const [role, re] of TASK_SYNONYMS) if (re.test(n)) return role;
  return null;
});

export const isTaskBlockLabel: (label: string) => boolean = memoText((label) => {
  return /^年度主要任务$/.test(normalizeLabel(label));
});

/** Marks before an indicator name that are not part of it (LAYOUTS.md 4): ★ ☆ （核心） （重点）. */
const NAME_MARKS = /^(?:[★☆※*▲△●○◆◇]|[(（]\s*(?:核心|重点|关键|核心指标)\s*[)）])+\s*/;

/** `★经费足额发放率` → `经费足额发放率`. */
export const stripMarks: (name: string) => string = memoText((name) => {
  let s = name.trim();
  let prev = '';
  while (s !== prev) {
    prev = s;
    s = s.replace(NAME_MARKS, '').trim();
  }
  return s;
});

/**
 * Rows of the indicator table that are not indicators, by their 三级指标 text (LAYOUTS.md 4):
 * template placeholders (`指标1：`), ellipsis rows (`……`), detail rows (`其中：…`).
 */
const NON_INDICATOR_NAMES: ['placeholder' | 'ellipsis' | 'detail', RegExp][] = [
  ['placeholder', /^(?:(?:三级)?指标|指标名称|XX|××)\d*[:：]?$/i],
  ['ellipsis', /^[.…。·⋯]+$/],
  ['detail', /^其中[:：]?/],
];

export type NonIndicatorKind = 'placeholder' | 'ellipsis' | 'detail';

export const nonIndicatorKind: (name: string) => NonIndicatorKind | null = memoText((name) => {
  const n = normalizeLabel(stripMarks(name));
  for (const [kind, re] of NON_INDICATOR_NAMES) if (re.test(n)) return kind;
  return null;
});
