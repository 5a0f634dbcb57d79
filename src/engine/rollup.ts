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

export function rollupForms(summary: FormInput, units: RollupUnit[], profile: Profile, options: RollupOptions = {}): RollupResult {
  const problems: RollupProblem[] = [];
  const fundField = options.fundWeight ?? 'spent';
  const fundLabel = fundField === 'spent' ? '全年执行数' : '全年预算数';
  const unitResults = units.map((u) => scoreForm(u.form, profile));

  // Funds weights and the summed amounts.
  const budgets = units.map((u) => readNumber(u.form.budget));
  const spents = units.map((u) => readNumber(u.form.spent));
  const weights = units.map((_, i) => {
    const w = fundField === 'spent' ? spents[i] : budgets[i];
    return w === null || w === 'bad' ? null : w;
  });
  units.forEach((u, i) => {
    if (weights[i] === null) {
      problems.push({ code: 'missing-funds', severity: 'error', row: null, unit: u.name, message: `单位“${u.name}”缺少${fundLabel}，相对值和定性指标无法按资金额度加权汇总` });
    }
  });
  const totalWeight = weights.every((w) => w !== null) ? sum(weights as Dec[]) : null;

  const amount = (values: (Dec | null | 'bad')[], label: string): Dec | null => {
    const missing = units.filter((_, i) => values[i] === null || values[i] === 'bad').map((u) => u.name);
    if (missing.length) {
      problems.push({ code: 'amounts-missing', severity: 'error', row: null, unit: missing.join('、'), message: `单位“${missing.join('、')}”缺少${label}（或无法识别），汇总表的${label}未汇总` });
      return null;
    }
    return sum(values as Dec[]);
  };
  const budget = amount(budgets, '预算数');
  const spent = amount(spents, '执行数');

  const input: FormInput = { ...summary, rows: summary.rows.map((r) => ({ ...r })) };
  const fillAmount = (field: 'budget' | 'spent', total: Dec | null, label: string) => {
    if (total === null) return;
    const typed = readNumber(summary[field]);
    if (typed === null) {
      input[field] = total.toString();
      return;
    }
    if (typed !== 'bad' && !typed.equals(total)) {
      problems.push({ code: 'typed-amount-differs', severity: 'warning', row: null, unit: null, message: `汇总表已填${label} ${typed.toString()}，与各单位合计 ${total.toString()} 不一致；保留已填数` });
    }
  };
  fillAmount('budget', budget, '预算数');
  fillAmount('spent', spent, '执行数');

  const summaryKeys = rowKeys(summary.rows);
  const unitKeys = units.map((u) => rowKeys(u.form.rows));
  const unitIndex = unitKeys.map((keys) => new Map(keys.map((k, i) => [k, i])));

  // Indicators a unit reports that the summary does not have.
  const summarySet = new Set(summaryKeys);
  units.forEach((u, ui) => {
    u.form.rows.forEach((r, i) => {
      if (indicatorKey(r.level3) === '' || summarySet.has(unitKeys[ui][i])) return;
      problems.push({ code: 'indicator-unit-only', severity: 'warning', row: null, unit: u.name, message: `单位“${u.name}”的指标“${r.level3}”在汇总表中没有，未汇总` });
    });
  });

  const rows: RollupRow[] = summary.rows.map((row, index) => {
    const indicator = String(row.level3 ?? '').trim();
    const key = summaryKeys[index];
    const rowProblem = (code: RollupProblemCode, unit: string | null, message: string, severity: RollupProblem['severity'] = 'error') =>
      problems.push({ code, severity, row: index, unit, message });
    const target = parseValue(row.target, row.unit == null ? null : String(row.unit));
    const qualitative = isQualitativeRow(row, target);
    const baseUnit = target.kind === 'number' || target.kind === 'range' ? target.unit.base : '';
    const parts: RollupPart[] = units.map((u, ui) => {
      const at = unitIndex[ui].get(key);
      return { unit: u.name, row: at ?? null, raw: at === undefined ? null : u.form.rows[at].actual, value: null, weight: weights[ui] };
    });
    const out: RollupRow = { index, indicator, method: 'not-combined', baseUnit, parts, combined: null, combinedInTargetUnit: null };
    if (key === '') return out;
    if (key.includes('#')) rowProblem('duplicate-indicator', null, `汇总表中指标“${indicator}”出现多次，按出现顺序与各单位的同名指标对应`, 'info');
    if (units.length === 0) return out;
    if (!isEmpty(row.actual)) {
      rowProblem('summary-typed', null, `汇总表“${indicator}”已填完成值，保留，不汇总`, 'warning');
      out.method = 'summary-typed';
      return out;
    }
    const missing = parts.filter((p) => p.row === null).map((p) => p.unit);
    for (const m of missing) rowProblem('indicator-missing-in-unit', m, `单位“${m}”没有指标“${indicator}”，该指标未汇总`);
    if (missing.length) return out;

    if (qualitative) {
      let ok = true;
      parts.forEach((p, ui) => {
        p.value = scoreFraction(unitResults[ui], p.row!);
        if (p.value === null) {
          ok = false;
          rowProblem('not-judged', p.unit, `单位“${p.unit}”的定性指标“${indicator}”没有得分（尚未评判），该指标未汇总`);
        }
      });
      if (!ok || totalWeight === null) return out;
      if (totalWeight.isZero()) {
        rowProblem('missing-funds', null, `各单位${fundLabel}合计为 0，“${indicator}”无法按资金额度加权`);
        return out;
      }
      const fraction = sum(parts.map((p) => p.value!.times(p.weight!))).dividedBy(totalWeight);
      out.method = 'qualitative-mean';
      out.combined = fraction;
      input.rows[index].actual = TIER_LABEL[tierFor(fraction, profile)];
      input.rows[index].completion = fraction.toString();
      return out;
    }

    if (target.kind !== 'number' && target.kind !== 'range') return out;
    let ok = true;
    parts.forEach((p, ui) => {
      const urow = units[ui].form.rows[p.row!];
      const unitCol = urow.unit == null ? null : String(urow.unit);
      const v = parseValue(urow.actual, unitCol);
      if (v.kind === 'empty') {
        ok = false;
        rowProblem('missing-value', p.unit, `单位“${p.unit}”的“${indicator}”没有完成值，该指标未汇总`);
        return;
      }
      if (v.kind !== 'number') {
        ok = false;
        rowProblem('not-a-number', p.unit, `单位“${p.unit}”的“${indicator}”完成值“${String(urow.actual)}”不是数值，无法汇总`);
        return;
      }
      let base = v.unit.base;
      let value = v.value;
      if (base === '') {
        // A bare number takes the unit of the unit's own target (the form's 度量单位).
        const ut = parseValue(urow.target, unitCol);
        const tb = ut.kind === 'number' || ut.kind === 'range' ? ut.unit : null;
        if (tb && tb.base !== '') {
          base = tb.base;
          value = value.times(tb.factor);
        }
      }
      if (base !== '' && baseUnit !== '' && base !== baseUnit) {
        ok = false;
        rowProblem('unit-mismatch', p.unit, `单位“${p.unit}”的“${indicator}”单位“${v.unit.written || base}”与汇总表指标值单位“${target.unit.written}”无法换算，该指标未汇总`);
        return;
      }
      if (base !== baseUnit && (base === '' || baseUnit === '')) {
        ok = false;
        rowProblem('unit-mismatch', p.unit, `单位“${p.unit}”的“${indicator}”计量单位（“${v.unit.written}”）与汇总表（“${target.unit.written}”）不能确定一致，该指标未汇总`);
        return;
      }
      p.value = value;
    });
    if (!ok) return out;
    const relative = isRelative(baseUnit, indicator);
    let combined: Dec;
    if (relative) {
      if (totalWeight === null) {
        rowProblem('missing-funds', null, `有单位缺少${fundLabel}，相对值指标“${indicator}”未汇总`);
        return out;
      }
      if (totalWeight.isZero()) {
        rowProblem('missing-funds', null, `各单位${fundLabel}合计为 0，“${indicator}”无法按资金额度加权`);
        return out;
      }
      combined = sum(parts.map((p) => p.value!.times(p.weight!))).dividedBy(totalWeight);
      out.method = 'weighted-mean';
    } else {
      combined = sum(parts.map((p) => p.value!));
      out.method = 'sum';
    }
    out.combined = combined;
    const factor = target.unit.factor.isZero() ? ONE : target.unit.factor;
    out.combinedInTargetUnit = baseUnit === '%' ? combined : combined.dividedBy(factor);
    input.rows[index].actual = actualText(combined, factor, target.unit.written, baseUnit, row.unit);
    return out;
  });

  return { input, result: scoreForm(input, profile), rows, budget, spent, weights, unitResults, problems };
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
