/**
 * One indicator row by SCORING.md §3: each step is a named function in the module of its section —
 * polarity (3.1), forward/reverse/zero target (3.2–3.4, quantitative.ts), overshoot (3.5),
 * qualitative (3.7), override (3.8); rounding (3.6) happens when rows are combined (form.ts).
 */
import { ONE } from './decimal';
import { alignUnits, type NumberValue, type RangeValue } from './compare-units';
import { splitGroupLabel } from './group-label';
import { checkNegativeActual, reportCellErrors } from './input-checks';
import { completionOverride } from './override';
import { overshoots } from './overshoot';
import { parseValue, type Operator } from './parse';
import { directionOf, inferOperator, parseOperatorCell, statedOperator } from './polarity';
import type { Profile } from './profiles';
import { evaluateQualitative, parseCompletionInput, tierOf, type QualitativeCells } from './qualitative';
import { rangeCompletion, repeatsMetBound, ruleCompletion } from './quantitative';
import { RowNotes, type RowEvaluation } from './row-notes';
import { show } from './show';
import type { FormKind, RowInput } from './types';

export type { RowEvaluation } from './row-notes';
export { parseOperatorCell } from './polarity';
export { splitGroupLabel } from './group-label';

export interface RowContext {
  profile: Profile;
  formKind: FormKind;
}

interface RowCells extends QualitativeCells {
  level1: string;
}

/** Scores the rules of one indicator row (SCORING.md §3). Never throws. */
export function evaluateRow(row: RowInput, ctx: RowContext): RowEvaluation {
  const notes = new RowNotes();
  const column = parseOperatorCell(row.operator);
  if (column === 'bad') return notes.fail('bad-operator', `无法识别运算符号“${show(row.operator)}”：应为 ≥、≤、=、>、< 或“定性”`, 'operator');
  if (reportCellErrors(row, notes)) return notes.done('none', null);
  const cells = readCells(row, notes);
  if (isQualitative(column, cells)) return evaluateQualitative(row, cells, ctx.profile, notes);
  const values = quantities(row, cells, notes);
  if (!('actual' in values)) return values;
  return evaluateQuantitative(row, column === 'qualitative' ? null : column, values, cells, ctx, notes);
}

/** Target, actual and completion as typed, read once; unreadable completions and extra values reported. */
function readCells(row: RowInput, notes: RowNotes): RowCells {
  const unitCol = row.unit == null ? null : String(row.unit);
  const cells: RowCells = {
    target: parseValue(row.target, unitCol),
    actual: parseValue(row.actual, unitCol),
    completion: parseCompletionInput(row.completion),
    level1: splitGroupLabel(row.level1).name,
  };
  if (cells.completion.bad) {
    notes.problem('bad-completion', `无法识别完成程度“${show(row.completion)}”：应为百分比（如 85%）或 达成/部分达成/未达成`, 'completion');
  }
  for (const [field, v] of [['target', cells.target], ['actual', cells.actual]] as const) {
    if ((v.kind === 'number' || v.kind === 'range') && v.extraLines) {
      notes.problem('extra-values', `${field === 'target' ? '指标值' : '完成值'}单元格中有多个数值，只按第一行计算`, field);
    }
  }
  return cells;
}

/** 3.7: 定性 in the operator column, a text target, or a tier written as the actual. */
function isQualitative(column: Operator | 'qualitative' | null, cells: RowCells): boolean {
  const actualTier = cells.actual.kind === 'text' ? tierOf(cells.actual.text) : null;
  return column === 'qualitative' || cells.target.kind === 'text' || (actualTier !== null && cells.target.kind !== 'empty');
}

/** A quantitative row needs a target and a numeric actual; an empty actual leaves it pending. */
function quantities(row: RowInput, cells: RowCells, notes: RowNotes): { target: NumberValue | RangeValue; actual: NumberValue } | RowEvaluation {
  const { target, actual } = cells;
  if (target.kind === 'empty') return notes.fail('missing-target', '缺少指标值（年度目标值），无法计算完成程度', 'target');
  if (actual.kind === 'empty') {
    notes.problem('missing-actual', '尚未填写全年完成值，本行暂不计分', 'actual');
    return notes.done('none', null, { pending: true });
  }
  if (actual.kind !== 'number') return notes.fail('bad-actual', `无法识别完成值“${show(row.actual)}”：定量指标的完成值应为数值`, 'actual');
  return { target: target as NumberValue | RangeValue, actual };
}

/** Polarity, units, a negative actual, then the rule of the row's direction, the overshoot penalty and a typed completion. */
function evaluateQuantitative(
  row: RowInput,
  column: Operator | null,
  values: { target: NumberValue | RangeValue; actual: NumberValue },
  cells: RowCells,
  ctx: RowContext,
  notes: RowNotes,
): RowEvaluation {
  const stated = statedOperator(column, values.target, row, notes);
  const aligned = alignUnits(values.target, values.actual, notes);
  if (!aligned) return notes.done('none', null);
  const { target, b } = aligned;
  if (target.kind === 'range') {
    const usable = checkNegativeActual(values.actual, target, b, true, notes);
    return usable ? notes.done('range', rangeCompletion(target, b)) : notes.done('none', null);
  }
  const op = inferOperator(stated, cells.level1, notes);
  const dir = directionOf(op);
  if (!checkNegativeActual(values.actual, target, b, dir === 'forward' || dir === 'equality', notes)) return notes.done('none', null);
  const a = target.value;
  if (repeatsMetBound(values.actual, dir, a, b)) return notes.done('bound-met', ONE);
  const { rule, completion } = ruleCompletion(op, a, b, ctx.profile);
  const penalty = rule !== 'zero-target' && overshoots(dir, a, b, ctx.profile, ctx.formKind);
  if (penalty) notes.flag('overshoot-penalty');
  return notes.done(rule, completion, { penalty, override: completionOverride(cells.completion, completion, notes) });
}
