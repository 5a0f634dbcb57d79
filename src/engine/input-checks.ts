/**
 * Input sanity (issue 10): values that parse but make no sense — an Excel error value, a negative
 * count or amount, a weight beyond the form's 100 points — are located problems, never a silent 0,
 * a qualitative row or a grade built on them.
 */
import { type Dec, ZERO } from './decimal';
import type { RangeValue, NumberValue } from './compare-units';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { RowNotes } from './row-notes';
import { show, showDec } from './show';
import type { CellInput, Problem } from './types';

/** A form is scored out of 100: no single weight can be more. */
export const MAX_WEIGHT = 100;

const EXCEL_ERROR = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)$/i;

/** The Excel error value a cell holds (`#DIV/0!`), if it holds one. */
export function excelError(v: CellInput): string | null {
  if (typeof v !== 'string' || !v.includes('#')) return null;
  const t = v.trim();
  return EXCEL_ERROR.test(t) ? t.toUpperCase() : null;
}

/**
 * A number no cell can hold: Infinity or NaN (a file's `<v>1e400</v>` reads as Infinity), or
 * numeric text beyond the largest double. Such a value is damage, never a quantity or a qualitative word.
 */
export function outOfRangeNumber(v: CellInput): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v !== 'string' || v.length > 64) return false;
  const t = v.trim();
  return /^[-+]?(?:(?:\d+\.?\d*|\.\d+)e[-+]?\d+|infinity)$/i.test(t) && !Number.isFinite(Number(t.replace(/^([-+]?)infinity$/i, '$1Infinity')));
}

/** Error values (or numbers out of any range) in the target or actual: reported by cell; the row is not scored. */
export function reportCellErrors(row: { target?: CellInput; actual?: CellInput }, notes: RowNotes): boolean {
  let found = false;
  for (const [field, label] of [['target', '指标值'], ['actual', '完成值']] as const) {
    if (outOfRangeNumber(row[field])) {
      notes.problem('bad-number', `${label}超出数值范围（如 1e400，超过 Excel 能表示的最大数）：请核对该单元格，本行暂不计分`, field);
      found = true;
      continue;
    }
    const e = excelError(row[field]);
    if (e === null) continue;
    notes.problem('cell-error', `${label}单元格是错误值 ${e}：请先修正该单元格（公式或引用），本行暂不计分`, field);
    found = true;
  }
  return found;
}

/**
 * A negative actual: impossible for a count, amount, time or length (an error, not scored); for a
 * percentage or a bare number it may be a real change rate, and where the rules count it as 0
 * (forward, SCORING.md 3.2) a warning says so. Returns false when the row cannot be scored.
 */
export function checkNegativeActual(actual: NumberValue, target: NumberValue | RangeValue, b: Dec, forwardLike: boolean, notes: RowNotes): boolean {
  if (!b.isNegative()) return true;
  const base = actual.unit.base || target.unit.base;
  if (base && base !== '%') {
    notes.problem('negative-actual', `完成值 ${showDec(actual.value)} ${show(base)} 为负数：以“${show(base)}”计的数量、金额或时长不能为负，请核对`, 'actual');
    return false;
  }
  const positiveTarget = target.kind === 'range' ? target.low.greaterThan(ZERO) : target.value.greaterThan(ZERO);
  if (forwardLike && positiveTarget) notes.problem('negative-actual', `完成值 ${showDec(b.times(base === '%' ? 100 : 1))}${base === '%' ? '%' : ''} 为负数，按 0 计`, 'actual', 'warning');
  return true;
}

/** An amount (预算数, 执行数, 下达金额): a number, not negative; null when missing or unusable (reported). */
export function readAmount(input: CellInput, field: string, label: string, problems: Problem[]): Dec | null {
  const n = readNumber(input);
  if (n === 'bad') {
    problems.push(problem('bad-number', `无法识别${label}“${show(input)}”`, field));
    return null;
  }
  if (n !== null && n.isNegative()) {
    problems.push(problem('negative-amount', `${label} ${showDec(n)} 为负数：金额不能为负，请核对`, field));
    return null;
  }
  return n;
}

/** A weight (分值): a number in [0, 100]; 'bad' (reported) otherwise, null when empty. */
export function readWeight(input: CellInput, field: string, problems: Problem[]): Dec | null | 'bad' {
  const w = readNumber(input);
  if (w === 'bad' || (w !== null && w.isNegative())) {
    problems.push(problem('bad-weight', `无法识别分值“${show(input)}”`, field));
    return 'bad';
  }
  if (w !== null && w.greaterThan(MAX_WEIGHT)) {
    problems.push(problem('bad-weight', `分值 ${showDec(w)} 超过 ${MAX_WEIGHT}：一张表满分 100 分，请核对`, field));
    return 'bad';
  }
  return w;
}
