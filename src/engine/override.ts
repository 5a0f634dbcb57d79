/** SCORING.md 3.8 Manual override: a person's completion or score is kept, flagged `manual`, the rule's value beside it. */
import { type Dec, clamp01 } from './decimal';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { CompletionInput } from './qualitative';
import type { RowNotes } from './row-notes';
import { show, showDec } from './show';
import type { CellInput, RowResult } from './types';

/** A typed completion on a quantitative row that differs from the rule's; null when there is none. */
export function completionOverride(input: CompletionInput, rule: Dec, notes: RowNotes): Dec | null {
  if (input.value === null) return null;
  const user = clamp01(input.value);
  if (user.equals(rule)) return null;
  notes.flag('manual');
  return user;
}

/** The unit's score: a typed 得分 within [0, weight] that differs from the computed one wins; an impossible one is reported. */
export function typedScoreOverride(typedInput: CellInput, score: Dec, weight: Dec, head: RowResult): Dec {
  const typed = readNumber(typedInput);
  if (typed === null) return score;
  if (typed === 'bad') {
    head.problems.push(problem('bad-score', `无法识别得分“${show(typedInput)}”，按规则计算`, 'score'));
    return score;
  }
  if (typed.isNegative() || typed.greaterThan(weight)) {
    head.problems.push(problem('bad-score', `手工得分 ${showDec(typed)} 超出 0–${showDec(weight)} 分，按规则计算`, 'score'));
    return score;
  }
  if (typed.equals(score)) return score;
  if (!head.flags.includes('manual')) head.flags.push('manual');
  return typed;
}
