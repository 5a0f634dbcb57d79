/** SCORING.md 4.1 Execution: 执行率 = 执行数 / 预算数 (a printed rate only without amounts); score = weight × min(rate, 1). */
import { D, type Dec, ONE, ZERO, dmax, dmin } from './decimal';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { Profile } from './profiles';
import { roundScore } from './rounding';
import { show } from './show';
import type { FormInput, FormKind, Problem } from './types';

export interface Execution {
  rate: Dec | null;
  weight: Dec;
  score: Dec | null;
}

/** The execution part of a form: none on department forms. */
export function scoreExecution(form: FormInput, kind: FormKind, profile: Profile, problems: Problem[]): Execution {
  if (kind === 'department') return { rate: null, weight: ZERO, score: null };
  const weight = executionWeightOf(form, profile);
  const rate = readExecutionRate(form, problems);
  return { rate, weight, score: rate === null ? null : executionScoreOf(rate, weight, profile) };
}

/** The weight printed in the form (`得分（20分*执行率）`), else the profile's. */
export function executionWeightOf(form: Pick<FormInput, 'executionWeight'>, profile: Profile): Dec {
  const printed = readNumber(form.executionWeight);
  return printed instanceof D ? printed : new D(profile.executionWeight);
}

/** weight × min(rate, 1), rounded as row scores are (3.6). */
export function executionScoreOf(rate: Dec, weight: Dec, profile: Profile): Dec {
  return roundScore(weight.times(dmin(rate, ONE)), profile);
}

/** 执行数 / 预算数; budget 0 → 0 with a problem; the printed rate only when the amounts are missing. */
export function readExecutionRate(form: Pick<FormInput, 'budget' | 'spent' | 'executionRate'>, problems: Problem[]): Dec | null {
  const budget = readNumber(form.budget);
  const spent = readNumber(form.spent);
  if (budget === 'bad') problems.push(problem('bad-number', `无法识别预算数“${show(form.budget)}”`, 'budget'));
  if (spent === 'bad') problems.push(problem('bad-number', `无法识别执行数“${show(form.spent)}”`, 'spent'));
  if (budget instanceof D && spent instanceof D) {
    if (!budget.isZero()) return dmax(ZERO, spent.dividedBy(budget));
    problems.push(problem('budget-zero', '预算数为 0，执行率按 0 计', 'budget'));
    return ZERO;
  }
  const printed = readNumber(form.executionRate, { percent: true });
  if (printed instanceof D) return dmax(ZERO, printed);
  problems.push(problem('missing-budget', '缺少预算数或执行数，无法计算预算执行率得分', budget instanceof D ? 'spent' : 'budget'));
  return null;
}
