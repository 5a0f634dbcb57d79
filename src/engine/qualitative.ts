import { D, type Dec, ONE, ZERO } from './decimal';
import { normalizeValueText } from './parse';
import type { Profile } from './profiles';
import type { ParsedValue } from './parse';
import { showDec } from './show';
import type { RowEvaluation, RowNotes } from './row-notes';
import type { CellInput, RowInput } from './types';

export type Tier = 'met' | 'partial' | 'unmet';

export const TIER_LABEL: Record<Tier, string> = {
  met: '达成预期指标',
  partial: '部分达成预期指标并具有一定效果',
  unmet: '未达成预期指标且效果较差',
};

/** [low, high] completion band of a tier; `high` is exclusive except for 达成. */
export function tierBand(tier: Tier, profile: Profile): { low: Dec; high: Dec } {
  const met = new D(profile.qualitativeBands.met);
  const partial = new D(profile.qualitativeBands.partial);
  if (tier === 'met') return { low: met, high: ONE };
  if (tier === 'partial') return { low: partial, high: met };
  return { low: ZERO, high: partial };
}

export function inBand(c: Dec, tier: Tier, profile: Profile): boolean {
  const { low, high } = tierBand(tier, profile);
  if (c.lessThan(low)) return false;
  return tier === 'met' ? c.lessThanOrEqualTo(high) : c.lessThan(high);
}

/** The tier a text names, if it names one (`全部或基本达成预期指标100%-80%（含）`, `部分达成`, `未达成`). */
export function tierOf(text: string): Tier | null {
  const t = text.replace(/\s+/g, '');
  if (/未达成|未达到|没有达成|尚未达成/.test(t)) return 'unmet';
  if (/部分达成|部分完成|部分达到/.test(t)) return 'partial';
  if (/^(全部或基本达成|全部达成|基本达成|达成)/.test(t) || /^达成预期/.test(t)) return 'met';
  return null;
}

export interface CompletionInput {
  tier: Tier | null;
  value: Dec | null;
  bad: boolean;
}

/** A completion written by a person: a fraction, a percent, or a tier word with an optional percent. */
export function parseCompletionInput(input: CellInput): CompletionInput {
  if (input === null || input === undefined || input === '') return { tier: null, value: null, bad: false };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { tier: null, value: null, bad: true };
    return { tier: null, value: fractionFromNumber(new D(String(input))), bad: false };
  }
  const text = normalizeValueText(String(input)).replace(/\s+/g, '');
  if (!text) return { tier: null, value: null, bad: false };
  const tier = tierOf(text);
  // A band description ("100%-80%（含）") names the tier's range, not a completion.
  const withoutBand = text.replace(/\d+(?:\.\d+)?%?-\d+(?:\.\d+)?%(?:\(含\))?/g, '');
  const m = /(-?\d+(?:\.\d+)?)(%?)/.exec(withoutBand);
  if (!m) return { tier, value: null, bad: tier === null };
  const n = new D(m[1]);
  const value = m[2] ? n.dividedBy(100) : fractionFromNumber(n);
  if (tier === null && withoutBand.replace(m[0], '') !== '') return { tier: null, value: null, bad: true };
  return { tier, value, bad: false };
}

/** 0.8 and 80 both mean 80 % in a completion cell. */
function fractionFromNumber(n: Dec): Dec {
  return n.abs().greaterThan(1) ? n.dividedBy(100) : n;
}

const NEGATION = /未|没有|尚未|无法|不达标|不合格|不到位|滞后/;
const PARTIAL = /部分/;
const ACHIEVED =
  /达成|完成|明显|显著|良好|提升|提高|有效|保障|按时|及时|合规|规范|到位|正常|稳定|按标准|按规|足额|达到|实现|落实|健全|改善|增强|满意|公开|顺利|平稳/;

/** Strips spaces and punctuation so `按标准发放。` equals `按标准 发放`. */
function bare(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
}

export type Judgement =
  | { tier: Tier; auto: boolean }
  | { tier: null };

/**
 * Automatic judgement of a qualitative row (SCORING.md 3.7): the actual equals the target, or an
 * achievement phrase with no negation → 达成; 部分 → 部分达成; a negation → 未达成; else none.
 * `actualText` is null when the actual is a reported number against a text target; the target's
 * own phrase is judged then (`完成市级下达任务` against `11301 人`).
 */
export function autoJudge(targetText: string, actualText: string | null): Judgement {
  if (actualText !== null && bare(actualText) !== '' && bare(actualText) === bare(targetText)) return { tier: 'met', auto: true };
  const text = actualText ?? targetText;
  const named = tierOf(text);
  if (named) return { tier: named, auto: false };
  if (NEGATION.test(text)) return { tier: 'unmet', auto: true };
  if (PARTIAL.test(text)) return { tier: 'partial', auto: true };
  if (ACHIEVED.test(text)) return { tier: 'met', auto: true };
  return { tier: null };
}

/** What a qualitative row is judged on: its parsed target and actual and the completion cell. */
export interface QualitativeCells {
  target: ParsedValue;
  actual: ParsedValue;
  completion: CompletionInput;
}

/**
 * SCORING.md 3.7: the tier and an optional completion inside it, from the completion cell or the
 * actual cell (Liaoning forms write the tier there), else judged automatically.
 */
export function evaluateQualitative(row: RowInput, cells: QualitativeCells, profile: Profile, notes: RowNotes): RowEvaluation {
  const fromActual = cells.actual.kind === 'text' ? parseCompletionInput(cells.actual.text) : null;
  let tier: Tier | null = cells.completion.tier ?? (fromActual && !fromActual.bad ? fromActual.tier : null);
  const explicit = cells.completion.value ?? (fromActual && fromActual.tier ? fromActual.value : null);
  if (tier === null && explicit === null) {
    const judged = judgeRow(row, cells, notes);
    if (typeof judged !== 'string') return judged;
    tier = judged;
  }
  if (explicit !== null) return explicitCompletion(explicit, tier, profile, notes);
  return tierCompletion(tier as Tier, profile, notes);
}

/** No tier given: pending without an actual, else the automatic judgement, else the evaluator must judge. */
function judgeRow(row: RowInput, cells: QualitativeCells, notes: RowNotes): Tier | RowEvaluation {
  const { target, actual } = cells;
  if (actual.kind === 'empty') {
    notes.problem('missing-actual', '尚未填写完成情况，本行暂不计分', 'actual');
    return notes.done('qualitative', null, { pending: true });
  }
  const targetText = target.kind === 'text' ? target.text : String(row.target ?? '');
  const j = autoJudge(targetText, actual.kind === 'text' ? actual.text : null);
  if (j.tier === null) {
    notes.flag('judgement-needed');
    notes.problem('judgement-needed', '定性指标需要评价人判断：请在完成程度中选择 达成 / 部分达成 / 未达成', 'completion');
    return notes.done('qualitative', null);
  }
  if (j.auto) notes.flag('auto-judged');
  return j.tier;
}

const percent = (c: Dec): string => `${showDec(c.times(100))}%`;

/** An evaluator's completion: within 0–100 % and inside its tier's band (the platform rejects it otherwise). */
function explicitCompletion(c: Dec, tier: Tier | null, profile: Profile, notes: RowNotes): RowEvaluation {
  if (c.isNegative() || c.greaterThan(1)) {
    notes.problem('bad-completion', `完成程度 ${percent(c)} 超出 0%–100%`, 'completion');
    return notes.done('qualitative', null);
  }
  if (tier !== null && !inBand(c, tier, profile)) {
    const band = tierBand(tier, profile);
    const close = tier === 'met' ? ']' : ')';
    notes.problem('completion-out-of-band', `完成程度 ${percent(c)} 不在“${TIER_LABEL[tier]}”的区间 [${percent(band.low)}, ${percent(band.high)}${close} 内`, 'completion');
    return notes.done('qualitative', null);
  }
  return notes.done('qualitative', c);
}

/** A tier without a number: 达成 100 %, 未达成 0 %, 部分达成 its lower bound, and the evaluator should decide. */
function tierCompletion(tier: Tier, profile: Profile, notes: RowNotes): RowEvaluation {
  if (tier === 'met') return notes.done('qualitative', ONE);
  if (tier === 'unmet') return notes.done('qualitative', ZERO);
  const low = tierBand('partial', profile).low;
  notes.flag('judgement-needed');
  notes.problem('judgement-needed', `部分达成：暂按区间下限 ${percent(low)} 计分，请评价人填写具体完成程度`, 'completion');
  return notes.done('qualitative', low);
}
