import { type Dec, ONE, sum } from './decimal';
import { readNumber, scoreForm } from './form';
import { parseValue, type ParsedValue } from './parse';
import type { Profile } from './profiles';
import { TIER_LABEL, type Tier } from './qualitative';
import { parseOperatorCell } from './row';
import type { CellInput, FormInput, FormResult, RowInput } from './types';

/**
 * 汇总 (SCORING.md 4.5): several units' forms combined into one summary form. Quantities first,
 * scores after: absolute quantities are summed, relative ones averaged with the units' funds as
 * weights, qualitative rows take the funds-weighted mean of the units' score fractions; the
 * summary form is then scored like any other. Nothing is guessed: a value that cannot be combined
 * leaves the summary row empty and says why.
 */

export type RollupMethod = 'sum' | 'weighted-mean' | 'qualitative-mean' | 'summary-typed' | 'not-combined';

export type RollupProblemCode =
  | 'indicator-missing-in-unit'
  | 'indicator-unit-only'
  | 'unit-mismatch'
  | 'not-a-number'
  | 'missing-value'
  | 'not-judged'
  | 'missing-funds'
  | 'amounts-missing'
  | 'typed-amount-differs'
  | 'summary-typed'
  | 'duplicate-indicator';

export interface RollupProblem {
  code: RollupProblemCode;
  severity: 'error' | 'warning' | 'info';
  /** zh-CN, names the unit and the indicator. */
  message: string;
  /** Index of the summary row concerned (null for form-level problems and unit-only indicators). */
  row: number | null;
  /** Name of the unit concerned, when one. */
  unit: string | null;
}

export interface RollupUnit {
  /** How the unit is named in messages and in the 汇总明细 sheet (its file or sheet). */
  name: string;
  form: FormInput;
}

export interface RollupOptions {
  /** Funds weight of a unit: 全年执行数 (default) or 全年预算数. */
  fundWeight?: 'spent' | 'budget';
}

export interface RollupPart {
  unit: string;
  /** Index of the matched row in the unit's form; null when the unit has no such indicator. */
  row: number | null;
  /** What the unit typed. */
  raw: CellInput;
  /** The value in the summary's base unit (quantitative), or the score fraction (qualitative). */
  value: Dec | null;
  /** The unit's funds weight. */
  weight: Dec | null;
}

export interface RollupRow {
  /** Index in the summary form's rows. */
  index: number;
  indicator: string;
  method: RollupMethod;
  /** Base unit of the combined value ('%' holds fractions); '' when none. */
  baseUnit: string;
  parts: RollupPart[];
  /** Combined value in the base unit, or the combined score fraction of a qualitative row. */
  combined: Dec | null;
  /** The combined value in the summary target's own unit (`万人` → divided by 10000). */
  combinedInTargetUnit: Dec | null;
}

export interface RollupResult {
  /** The summary form with the combined actuals (and amounts) filled in: what was scored. */
  input: FormInput;
  result: FormResult;
  rows: RollupRow[];
  /** Summed amounts (null when a unit lacks them). */
  budget: Dec | null;
  spent: Dec | null;
  /** Funds weight of each unit, in unit order (null when the unit lacks the amount). */
  weights: (Dec | null)[];
  /** Each unit's own result under the profile (the qualitative scores come from these). */
  unitResults: FormResult[];
  problems: RollupProblem[];
}

/** 三级指标 text compared without spaces, width differences or ★ marks. */
export function indicatorKey(text: string | null | undefined): string {
  return String(text ?? '')
    .normalize('NFKC')
    .replace(/[★☆※*＊▲△●◆]/g, '')
    .replace(/[\s\u3000\u200b-\u200d\ufeff]/g, '')
    .replace(/[。．.，,；;：:]+$/, '');
}

/** Keys for a form's rows, numbered when an indicator repeats (the n-th 满意度 matches the n-th). */
function rowKeys(rows: RowInput[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const k = indicatorKey(r.level3);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  });
}

const RATE_NAME = /率|度|比例|比重|占比/;
const PER_UNIT_NAME = /人均|户均|平均|均值|单价|单位成本|每/;
const DURATION_UNITS = new Set(['秒', '工作日']);

/**
 * Relative quantities are averaged, absolute ones summed (SCORING.md 4.5): percentages, per-unit
 * values (元/人, 人均培训次数) and durations (办结时限 15 个工作日) are relative; a bare number is
 * relative when the indicator names a rate (率, 度, 比例 …).
 */
export function isRelative(baseUnit: string, indicator: string): boolean {
  if (baseUnit === '%' || baseUnit.includes('/') || DURATION_UNITS.has(baseUnit)) return true;
  if (PER_UNIT_NAME.test(indicator)) return true;
  return baseUnit === '' && RATE_NAME.test(indicator);
}

function isQualitativeRow(row: RowInput, target: ParsedValue): boolean {
  return parseOperatorCell(row.operator) === 'qualitative' || target.kind === 'text';
}

function isEmpty(v: CellInput): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function tierFor(fraction: Dec, profile: Profile): Tier {
  if (fraction.greaterThanOrEqualTo(profile.qualitativeBands.met)) return 'met';
  if (fraction.greaterThanOrEqualTo(profile.qualitativeBands.partial)) return 'partial';
  return 'unmet';
}

/** A unit's score on one row as a fraction of the row's weight (its completion when the row shares a merged score). */
function scoreFraction(result: FormResult, i: number): Dec | null {
  const r = result.rows[i];
  if (!r) return null;
  if (r.unitRows.length === 1 && r.score !== null && r.weight !== null && r.weight.greaterThan(0)) return r.score.dividedBy(r.weight);
  return r.completion;
}

/** What every step of one roll-up shares: the units, their scores and funds, the problems said so far. */
interface RollupContext {
  units: RollupUnit[];
  profile: Profile;
  fundLabel: string;
  unitResults: FormResult[];
  weights: (Dec | null)[];
  /** Null when a unit lacks its funds (each such unit is reported once, at form level). */
  totalWeight: Dec | null;
  problems: RollupProblem[];
}

type Quantity = Extract<ParsedValue, { kind: 'number' | 'range' }>;
type ReportRow = (code: RollupProblemCode, unit: string | null, message: string, severity?: RollupProblem['severity']) => void;

export function rollupForms(summary: FormInput, units: RollupUnit[], profile: Profile, options: RollupOptions = {}): RollupResult {
  const problems: RollupProblem[] = [];
  const fundField = options.fundWeight ?? 'spent';
  const fundLabel = fundField === 'spent' ? '全年执行数' : '全年预算数';
  const budgets = units.map((u) => readNumber(u.form.budget));
  const spents = units.map((u) => readNumber(u.form.spent));
  const weights = fundWeights(units, fundField === 'spent' ? spents : budgets, fundLabel, problems);
  const ctx: RollupContext = {
    units,
    profile,
    fundLabel,
    unitResults: units.map((u) => scoreForm(u.form, profile)),
    weights,
    totalWeight: weights.every((w) => w !== null) ? sum(weights as Dec[]) : null,
    problems,
  };

  const budget = executionSum(units, budgets, '预算数', problems);
  const spent = executionSum(units, spents, '执行数', problems);
  const input: FormInput = { ...summary, rows: summary.rows.map((r) => ({ ...r })) };
  fillAmount(input, summary, 'budget', budget, '预算数', problems);
  fillAmount(input, summary, 'spent', spent, '执行数', problems);

  const summaryKeys = rowKeys(summary.rows);
  const unitIndex = matchIndicators(summaryKeys, units, problems);
  const rows = summary.rows.map((row, index) => rollupRow(ctx, input, row, index, summaryKeys[index], unitIndex));
  return { input, result: scoreForm(input, profile), rows, budget, spent, weights, unitResults: ctx.unitResults, problems };
}

/** Each unit's funds weight; a unit without one is said once here rather than on every row. */
function fundWeights(units: RollupUnit[], amounts: (Dec | null | 'bad')[], fundLabel: string, problems: RollupProblem[]): (Dec | null)[] {
  const weights = amounts.map((w) => (w === null || w === 'bad' ? null : w));
  units.forEach((u, i) => {
    if (weights[i] === null) {
      problems.push({ code: 'missing-funds', severity: 'error', row: null, unit: u.name, message: `单位“${u.name}”缺少${fundLabel}，相对值和定性指标无法按资金额度加权汇总` });
    }
  });
  return weights;
}

/** Execution sums (4.5 → 4.1): one missing amount leaves the total out rather than understating it. */
function executionSum(units: RollupUnit[], values: (Dec | null | 'bad')[], label: string, problems: RollupProblem[]): Dec | null {
  const missing = units.filter((_, i) => values[i] === null || values[i] === 'bad').map((u) => u.name);
  if (missing.length) {
    problems.push({ code: 'amounts-missing', severity: 'error', row: null, unit: missing.join('、'), message: `单位“${missing.join('、')}”缺少${label}（或无法识别），汇总表的${label}未汇总` });
    return null;
  }
  return sum(values as Dec[]);
}

/** An amount the summary already holds is a person's entry: kept, and a differing total is said. */
function fillAmount(input: FormInput, summary: FormInput, field: 'budget' | 'spent', total: Dec | null, label: string, problems: RollupProblem[]): void {
  if (total === null) return;
  const typed = readNumber(summary[field]);
  if (typed === null) {
    input[field] = total.toString();
    return;
  }
  if (typed !== 'bad' && !typed.equals(total)) {
    problems.push({ code: 'typed-amount-differs', severity: 'warning', row: null, unit: null, message: `汇总表已填${label} ${typed.toString()}，与各单位合计 ${total.toString()} 不一致；保留已填数` });
  }
}

/** Match indicators: per unit, summary key → row index; indicators only a unit has are said, not dropped silently. */
function matchIndicators(summaryKeys: string[], units: RollupUnit[], problems: RollupProblem[]): Map<string, number>[] {
  const summarySet = new Set(summaryKeys);
  return units.map((u) => {
    const keys = rowKeys(u.form.rows);
    u.form.rows.forEach((r, i) => {
      if (indicatorKey(r.level3) === '' || summarySet.has(keys[i])) return;
      problems.push({ code: 'indicator-unit-only', severity: 'warning', row: null, unit: u.name, message: `单位“${u.name}”的指标“${r.level3}”在汇总表中没有，未汇总` });
    });
    return new Map(keys.map((k, i) => [k, i]));
  });
}

/** One summary row: matched, classified, combined — or left empty with the reason. */
function rollupRow(ctx: RollupContext, input: FormInput, row: RowInput, index: number, key: string, unitIndex: Map<string, number>[]): RollupRow {
  const indicator = String(row.level3 ?? '').trim();
  const report: ReportRow = (code, unit, message, severity = 'error') => ctx.problems.push({ code, severity, row: index, unit, message });
  const target = parseValue(row.target, row.unit == null ? null : String(row.unit));
  const baseUnit = target.kind === 'number' || target.kind === 'range' ? target.unit.base : '';
  const parts: RollupPart[] = ctx.units.map((u, ui) => {
    const at = unitIndex[ui].get(key);
    return { unit: u.name, row: at ?? null, raw: at === undefined ? null : u.form.rows[at].actual, value: null, weight: ctx.weights[ui] };
  });
  const out: RollupRow = { index, indicator, method: 'not-combined', baseUnit, parts, combined: null, combinedInTargetUnit: null };
  if (key === '') return out;
  if (key.includes('#')) report('duplicate-indicator', null, `汇总表中指标“${indicator}”出现多次，按出现顺序与各单位的同名指标对应`, 'info');
  if (ctx.units.length === 0) return out;
  if (!isEmpty(row.actual)) {
    report('summary-typed', null, `汇总表“${indicator}”已填完成值，保留，不汇总`, 'warning');
    out.method = 'summary-typed';
    return out;
  }
  const missing = parts.filter((p) => p.row === null).map((p) => p.unit);
  for (const m of missing) report('indicator-missing-in-unit', m, `单位“${m}”没有指标“${indicator}”，该指标未汇总`);
  if (missing.length) return out;

  if (isQualitativeRow(row, target)) return qualitativeScoreMean(ctx, out, input.rows[index], report);
  if (target.kind !== 'number' && target.kind !== 'range') return out;
  // Every unit is read before giving up, so each unit's problem is said at once.
  parts.forEach((p, ui) => {
    p.value = unitQuantity(ctx.units[ui].form.rows[p.row!], p.unit, target, indicator, report);
  });
  if (parts.some((p) => p.value === null)) return out;
  return combineQuantity(ctx, out, target, input.rows[index], report);
}

/** Qualitative score mean: the funds-weighted mean of the units' score fractions, shown as the tier it reaches. */
function qualitativeScoreMean(ctx: RollupContext, out: RollupRow, summaryRow: RowInput, report: ReportRow): RollupRow {
  let ok = true;
  out.parts.forEach((p, ui) => {
    p.value = scoreFraction(ctx.unitResults[ui], p.row!);
    if (p.value === null) {
      ok = false;
      report('not-judged', p.unit, `单位“${p.unit}”的定性指标“${out.indicator}”没有得分（尚未评判），该指标未汇总`);
    }
  });
  if (!ok || ctx.totalWeight === null) return out;
  const fraction = fundWeightedMean(out.parts, ctx.totalWeight, ctx.fundLabel, out.indicator, report);
  if (fraction === null) return out;
  out.method = 'qualitative-mean';
  out.combined = fraction;
  summaryRow.actual = TIER_LABEL[tierFor(fraction, ctx.profile)];
  summaryRow.completion = fraction.toString();
  return out;
}

/** One unit's actual in the summary's base unit; null (and said) when it cannot be combined. */
function unitQuantity(urow: RowInput, unit: string, target: Quantity, indicator: string, report: ReportRow): Dec | null {
  const unitCol = urow.unit == null ? null : String(urow.unit);
  const v = parseValue(urow.actual, unitCol);
  if (v.kind === 'empty') {
    report('missing-value', unit, `单位“${unit}”的“${indicator}”没有完成值，该指标未汇总`);
    return null;
  }
  if (v.kind !== 'number') {
    report('not-a-number', unit, `单位“${unit}”的“${indicator}”完成值“${String(urow.actual)}”不是数值，无法汇总`);
    return null;
  }
  const { base, value } = v.unit.base === '' ? inOwnTargetUnit(v.value, urow, unitCol) : { base: v.unit.base, value: v.value };
  const baseUnit = target.unit.base;
  if (base !== '' && baseUnit !== '' && base !== baseUnit) {
    report('unit-mismatch', unit, `单位“${unit}”的“${indicator}”单位“${v.unit.written || base}”与汇总表指标值单位“${target.unit.written}”无法换算，该指标未汇总`);
    return null;
  }
  // One side without a unit: they may agree, but nothing is guessed.
  if (base !== baseUnit && (base === '' || baseUnit === '')) {
    report('unit-mismatch', unit, `单位“${unit}”的“${indicator}”计量单位（“${v.unit.written}”）与汇总表（“${target.unit.written}”）不能确定一致，该指标未汇总`);
    return null;
  }
  return value;
}

/** A bare number takes the unit of the unit's own target (the form's 度量单位). */
function inOwnTargetUnit(value: Dec, urow: RowInput, unitCol: string | null): { base: string; value: Dec } {
  const ut = parseValue(urow.target, unitCol);
  const tb = ut.kind === 'number' || ut.kind === 'range' ? ut.unit : null;
  return tb && tb.base !== '' ? { base: tb.base, value: value.times(tb.factor) } : { base: '', value };
}

/** Classify absolute/relative, then sum or take the fund-weighted mean; the summary actual is written in the target's unit. */
function combineQuantity(ctx: RollupContext, out: RollupRow, target: Quantity, summaryRow: RowInput, report: ReportRow): RollupRow {
  let combined: Dec | null;
  if (isRelative(out.baseUnit, out.indicator)) {
    if (ctx.totalWeight === null) {
      report('missing-funds', null, `有单位缺少${ctx.fundLabel}，相对值指标“${out.indicator}”未汇总`);
      return out;
    }
    combined = fundWeightedMean(out.parts, ctx.totalWeight, ctx.fundLabel, out.indicator, report);
    if (combined === null) return out;
    out.method = 'weighted-mean';
  } else {
    combined = sum(out.parts.map((p) => p.value!));
    out.method = 'sum';
  }
  out.combined = combined;
  const factor = target.unit.factor.isZero() ? ONE : target.unit.factor;
  out.combinedInTargetUnit = out.baseUnit === '%' ? combined : combined.dividedBy(factor);
  summaryRow.actual = actualText(combined, factor, target.unit.written, out.baseUnit, summaryRow.unit);
  return out;
}

/** Fund-weighted mean Σ valueᵢ·fundsᵢ / Σ fundsᵢ; null (and said) when the funds add up to 0. */
function fundWeightedMean(parts: RollupPart[], totalWeight: Dec, fundLabel: string, indicator: string, report: ReportRow): Dec | null {
  if (totalWeight.isZero()) {
    report('missing-funds', null, `各单位${fundLabel}合计为 0，“${indicator}”无法按资金额度加权`);
    return null;
  }
  return sum(parts.map((p) => p.value!.times(p.weight!))).dividedBy(totalWeight);
}

/**
 * The combined value as the summary form should hold it: percentages as percent text, other
 * values in the target's own unit (the 度量单位 column supplies it when the form has one).
 * Quotients are cut at 10 places, as everywhere in the product.
 */
function actualText(combined: Dec, factor: Dec, written: string, baseUnit: string, unitColumn: CellInput): string {
  if (baseUnit === '%') return `${plain(combined.times(100))}%`;
  const inUnit = plain(combined.dividedBy(factor));
  const hasUnitColumn = !isEmpty(unitColumn);
  return hasUnitColumn || written === '' ? inUnit : `${inUnit}${written}`;
}

function plain(d: Dec): string {
  const s = d.toDecimalPlaces(10).toFixed();
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
