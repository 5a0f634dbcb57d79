import { D, type Dec, ONE, ZERO, clamp01, dmax } from './decimal';
import { memo } from './memo';
import { parseValue, type Operator, type ParsedValue } from './parse';
import { problem } from './problems';
import type { Profile } from './profiles';
import { autoJudge, inBand, parseCompletionInput, tierBand, tierOf, TIER_LABEL, type Tier } from './qualitative';
import type { FormKind, Problem, RowFlag, RowInput, RowRule } from './types';

/** What the rules say about one row before it is combined into a scoring unit. */
export interface RowEvaluation {
  rule: RowRule;
  /** Exact completion by the rules in [0, 1]; null when the row cannot be scored (yet). */
  completion: Dec | null;
  /** The over-achievement penalty applies (SCORING.md 3.5). */
  penalty: boolean;
  /** A person's completion that overrides the rule (quantitative rows); null when none. */
  override: Dec | null;
  /** The actual is missing: not scored yet. */
  pending: boolean;
  flags: RowFlag[];
  problems: Problem[];
}

const OPERATOR_WORDS: [RegExp, Operator | 'qualitative'][] = [
  [/^(≥|>=|=>|≧|\\geq?|大于等于|大于或等于|不低于|不少于)$/, '>='],
  [/^(≤|<=|=<|≦|≪|\\leq?|小于等于|小于或等于|不高于|不超过|不多于)$/, '<='],
  [/^(=|==|＝|等于)$/, '='],
  [/^(>|大于|高于)$/, '>'],
  [/^(<|小于|低于)$/, '<'],
  [/^(≠|!=|<>|不等于)$/, '!='],
  [/^(定性|定性指标)$/, 'qualitative'],
];

/** The 运算符号 column: an operator, 定性, nothing, or something unreadable. */
export function parseOperatorCell(raw: string | null | undefined): Operator | 'qualitative' | null | 'bad' {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).normalize('NFKC').replace(/\s+/g, '');
  if (!s || /^[-—–/]+$/.test(s)) return null;
  for (const [re, op] of OPERATOR_WORDS) if (re.test(s)) return op;
  return 'bad';
}

/** `成本指标（20分）` → name 成本指标, group weight 20. */
export function splitGroupLabel(label: string | null | undefined): { name: string; weight: Dec | null } {
  return splitGroupLabelCached(label ?? '');
}

const splitGroupLabelCached = memo((label: string) => {
  const s = label.normalize('NFKC').trim();
  const m = /^(.*?)\s*\(\s*(\d+(?:\.\d+)?)\s*分\s*\)\s*$/.exec(s);
  if (m) return { name: m[1].trim(), weight: new D(m[2]) as Dec | null };
  return { name: s, weight: null as Dec | null };
});

function isCostGroup(level1: string): boolean {
  return /成本/.test(level1);
}

type Direction = 'forward' | 'reverse' | 'equality' | 'not-equal';

function directionOf(op: Operator): Direction {
  if (op === '>=' || op === '>') return 'forward';
  if (op === '<=' || op === '<') return 'reverse';
  if (op === '!=') return 'not-equal';
  return 'equality';
}

export interface RowContext {
  profile: Profile;
  formKind: FormKind;
}

/** Scores the rules of one indicator row (SCORING.md §3). Never throws. */
export function evaluateRow(row: RowInput, ctx: RowContext): RowEvaluation {
  const flags: RowFlag[] = [];
  const problems: Problem[] = [];
  const done = (rule: RowRule, completion: Dec | null, extra: Partial<RowEvaluation> = {}): RowEvaluation => ({
    rule,
    completion,
    penalty: false,
    override: null,
    pending: false,
    flags,
    problems,
    ...extra,
  });

  const opCell = parseOperatorCell(row.operator);
  if (opCell === 'bad') {
    problems.push(problem('bad-operator', `无法识别运算符号“${row.operator}”：应为 ≥、≤、=、>、< 或“定性”`, 'operator'));
    return done('none', null);
  }
  const unitCol = row.unit == null ? null : String(row.unit);
  const target = parseValue(row.target, unitCol);
  const actual = parseValue(row.actual, unitCol);
  const level1 = splitGroupLabel(row.level1).name;
  const completionInput = parseCompletionInput(row.completion);
  if (completionInput.bad) {
    problems.push(problem('bad-completion', `无法识别完成程度“${row.completion}”：应为百分比（如 85%）或 达成/部分达成/未达成`, 'completion'));
  }
  for (const [field, v] of [['target', target], ['actual', actual]] as const) {
    if ((v.kind === 'number' || v.kind === 'range') && v.extraLines) {
      problems.push(problem('extra-values', `${field === 'target' ? '指标值' : '完成值'}单元格中有多个数值，只按第一行计算`, field));
    }
  }

  const actualTier = actual.kind === 'text' ? tierOf(actual.text) : null;
  const qualitative = opCell === 'qualitative' || target.kind === 'text' || (actualTier !== null && target.kind !== 'empty');
  if (qualitative) return evaluateQualitative(row, target, actual, completionInput, ctx, done, flags, problems);

  if (target.kind === 'empty') {
    problems.push(problem('missing-target', '缺少指标值（年度目标值），无法计算完成程度', 'target'));
    return done('none', null);
  }
  if (actual.kind === 'empty') {
    problems.push(problem('missing-actual', '尚未填写全年完成值，本行暂不计分', 'actual'));
    return done('none', null, { pending: true });
  }
  if (actual.kind !== 'number') {
    problems.push(problem('bad-actual', `无法识别完成值“${String(row.actual)}”：定量指标的完成值应为数值`, 'actual'));
    return done('none', null);
  }

  const embedded = target.kind === 'number' ? target.op : null;
  let op: Operator | null = opCell === null ? embedded : opCell;
  if (opCell !== null && embedded !== null && directionOf(opCell) !== directionOf(embedded)) {
    problems.push(problem('operator-conflict', `运算符号“${row.operator}”与指标值“${row.target}”中的符号不一致，按运算符号列计算`, 'operator'));
  }

  // Units: compare in one base unit; a bare number takes the other side's unit.
  const tUnit = target.unit;
  let b = actual.value;
  if (tUnit.base && actual.unit.base && tUnit.base !== actual.unit.base) {
    problems.push(problem('unit-mismatch', `指标值单位“${tUnit.written}”与完成值单位“${actual.unit.written}”无法换算`, 'actual'));
    return done('none', null);
  }
  if (tUnit.written !== actual.unit.written && tUnit.base && actual.unit.base) flags.push('unit-converted');
  if (tUnit.base === '%' && !actual.unit.base) b = bareInPercentContext(b, target, flags);
  let targetBare = target;
  if (!tUnit.base && actual.unit.base === '%' && target.kind === 'number') {
    targetBare = { ...target, value: bareInPercentContext(target.value, actual, flags) };
  }

  if (targetBare.kind === 'range') {
    const { low, high } = targetBare;
    if (b.greaterThanOrEqualTo(low) && b.lessThanOrEqualTo(high)) return done('range', ONE);
    if (b.lessThan(low)) return done('range', low.isZero() ? ZERO : clamp01(dmax(b, ZERO).dividedBy(low)));
    return done('range', b.isZero() ? ZERO : clamp01(high.dividedBy(b)));
  }

  const a = targetBare.value;
  if (op === null) {
    op = isCostGroup(level1) ? '<=' : '>=';
    flags.push('operator-inferred');
  }
  const dir = directionOf(op);

  // An actual that repeats a bound (`≥95%` against `≥95%`) says the target was met.
  if (actual.op !== null && actual.op !== '=' && actual.op !== '!=') {
    const adir = directionOf(actual.op);
    if (adir === dir && ((dir === 'forward' && b.greaterThanOrEqualTo(a)) || (dir === 'reverse' && b.lessThanOrEqualTo(a)))) {
      return done('bound-met', ONE);
    }
  }

  let rule: RowRule;
  let c: Dec;
  if (dir === 'not-equal') {
    rule = 'equality';
    c = b.equals(a) ? ZERO : ONE;
  } else if (a.isZero() || a.isNegative()) {
    // Zero (and negative) targets: met or not, never a division (SCORING.md 3.4).
    rule = 'zero-target';
    if (dir === 'forward') c = b.greaterThanOrEqualTo(a) && !(op === '>' && b.equals(a)) ? ONE : ZERO;
    else if (dir === 'reverse') c = b.lessThanOrEqualTo(a) ? ONE : ZERO;
    else c = a.isZero() ? (b.lessThanOrEqualTo(0) ? ONE : ZERO) : b.equals(a) ? ONE : ZERO;
  } else if (dir === 'forward' || dir === 'equality') {
    rule = dir === 'forward' ? 'forward' : 'equality';
    c = b.greaterThanOrEqualTo(a) ? ONE : clamp01(dmax(b, ZERO).dividedBy(a));
  } else if (ctx.profile.reverse === 'ratio') {
    rule = 'reverse-ratio';
    c = b.lessThanOrEqualTo(a) ? ONE : clamp01(a.dividedBy(b));
  } else {
    rule = 'reverse-linear';
    c = b.lessThanOrEqualTo(a) ? ONE : clamp01(ONE.minus(b.minus(a).dividedBy(a)));
  }

  const penalty = rule !== 'zero-target' && overshoots(dir, a, b, ctx);
  if (penalty) flags.push('overshoot-penalty');

  const result = done(rule, c, { penalty });
  if (completionInput.value !== null) {
    const user = clamp01(completionInput.value);
    if (!user.equals(c)) {
      result.override = user;
      flags.push('manual');
    }
  }
  return result;
}

/**
 * A bare number against a percentage is read in percent points (98 → 98 %) or as a fraction (an
 * unformatted Excel percentage: 0.95, or 1.44 for 144 %), whichever lies closer in magnitude to the
 * other side; reading it as a fraction is flagged. With nothing to compare (a zero target) it is points.
 */
function bareInPercentContext(v: Dec, other: ParsedValue, flags: RowFlag[]): Dec {
  const ref = other.kind === 'number' ? other.value.abs() : other.kind === 'range' ? other.high : null;
  const points = v.dividedBy(100);
  if (ref === null || ref.isZero() || v.isZero()) return points;
  const spread = (x: Dec): Dec => {
    const a = x.abs();
    return a.greaterThan(ref) ? a.dividedBy(ref) : ref.dividedBy(a);
  };
  if (spread(v).lessThan(spread(points))) {
    flags.push('unit-converted');
    return v;
  }
  return points;
}

function overshoots(dir: Direction, a: Dec, b: Dec, ctx: RowContext): boolean {
  const o = ctx.profile.overshoot;
  if (!o || !o.formKinds.includes(ctx.formKind)) return false;
  const t = new D(o.threshold);
  if (dir === 'forward' || dir === 'equality') return b.greaterThan(a.times(ONE.plus(t)));
  if (dir === 'reverse') return b.lessThan(a.times(ONE.minus(t)));
  return false;
}

function evaluateQualitative(
  row: RowInput,
  target: ParsedValue,
  actual: ParsedValue,
  completionInput: ReturnType<typeof parseCompletionInput>,
  ctx: RowContext,
  done: (rule: RowRule, c: Dec | null, extra?: Partial<RowEvaluation>) => RowEvaluation,
  flags: RowFlag[],
  problems: Problem[],
): RowEvaluation {
  const { profile } = ctx;
  // The tier and an explicit completion can come from the completion cell or the actual cell.
  const fromActual = actual.kind === 'text' ? parseCompletionInput(actual.text) : null;
  let tier: Tier | null = completionInput.tier ?? (fromActual && !fromActual.bad ? fromActual.tier : null);
  const explicit = completionInput.value ?? (fromActual && fromActual.tier ? fromActual.value : null);

  if (tier === null && explicit === null) {
    if (actual.kind === 'empty') {
      problems.push(problem('missing-actual', '尚未填写完成情况，本行暂不计分', 'actual'));
      return done('qualitative', null, { pending: true });
    }
    const targetText = target.kind === 'text' ? target.text : String(row.target ?? '');
    const actualText = actual.kind === 'text' ? actual.text : null;
    const j = autoJudge(targetText, actualText);
    if (j.tier === null) {
      flags.push('judgement-needed');
      problems.push(problem('judgement-needed', '定性指标需要评价人判断：请在完成程度中选择 达成 / 部分达成 / 未达成', 'completion'));
      return done('qualitative', null);
    }
    tier = j.tier;
    if (j.auto) flags.push('auto-judged');
  }

  if (explicit !== null) {
    const c = explicit;
    if (c.isNegative() || c.greaterThan(1)) {
      problems.push(problem('bad-completion', `完成程度 ${c.times(100).toFixed()}% 超出 0%–100%`, 'completion'));
      return done('qualitative', null);
    }
    if (tier !== null && !inBand(c, tier, profile)) {
      const band = tierBand(tier, profile);
      problems.push(
        problem(
          'completion-out-of-band',
          `完成程度 ${c.times(100).toFixed()}% 不在“${TIER_LABEL[tier]}”的区间 [${band.low.times(100).toFixed()}%, ${band.high.times(100).toFixed()}%${tier === 'met' ? ']' : ')'} 内`,
          'completion',
        ),
      );
      return done('qualitative', null);
    }
    return done('qualitative', c);
  }

  if (tier === 'met') return done('qualitative', ONE);
  if (tier === 'unmet') return done('qualitative', ZERO);
  // 部分达成 without a number: the lower bound, and the evaluator should decide.
  if (!flags.includes('judgement-needed')) flags.push('judgement-needed');
  problems.push(problem('judgement-needed', `部分达成：暂按区间下限 ${tierBand('partial', profile).low.times(100).toFixed()}% 计分，请评价人填写具体完成程度`, 'completion'));
  return done('qualitative', tierBand('partial', profile).low);
}

