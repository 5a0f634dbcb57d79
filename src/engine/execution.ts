/** SCORING.md 4.1 Execution: 执行率 = 执行数 / 预算数 (a printed rate only without amounts); score = weight × min(rate, 1). */
import { D, type Dec, ONE, ZERO, dmax, dmin } from './decimal';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { Profile } from './profiles';
import { roundScore } from './rounding';
import { readAmount, readWeight } from './input-checks';
import type { FormInput, FormKind, Problem } from './types';

export interface Execution {
  rate: Dec | null;
  weight: Dec;
  score: Dec | null;
}

/** The execution part of a form: none on department forms. */
export function scoreExecution(form: FormInput, kind: FormKind, profile: Profile, problems: Problem[]): Execution {
  if (kind === 'department') return { rate: null, weight: ZERO, score: null };
  const weight = executionWeightOf(form, profile, problems);
  const rate = readExecutionRate(form, problems);
  return { rate, weight, score: rate === null ? null : executionScoreOf(rate, weight, profile) };
}

/** The weight printed in the form (`得分（20分*执行率）`), else the profile's; an impossible printed one is reported. */
export function executionWeightOf(form: Pick<FormInput, 'executionWeight'>, profile: Profile, problems: Problem[]): Dec {
  const printed = readWeight(form.executionWeight, 'executionWeight', problems);
  return printed === 'bad' || printed === null ? new D(profile.executionWeight) : printed;
}

/** weight × min(rate, 1), rounded as row scores are (3.6). */
export function executionScoreOf(rate: Dec, weight: Dec, profile: Profile): Dec {
  return roundScore(weight.times(dmin(rate, ONE)), profile);
}

/** 执行数 / 预算数; budget 0 → 0 with a problem; the printed rate only when the amounts are missing. */
export function readExecutionRate(form: Pick<FormInput, 'budget' | 'spent' | 'executionRate'>, problems: Problem[]): Dec | null {
  const budget = readAmount(form.budget, 'budget', '预算数', problems);
  const spent = readAmount(form.spent, 'spent', '执行数', problems);
  if (budget !== null && spent !== null) {
    if (!budget.isZero()) return dmax(ZERO, spent.dividedBy(budget));
    problems.push(problem('budget-zero', '预算数为 0，执行率按 0 计', 'budget'));
    return ZERO;
  }
  const printed = readNumber(form.executionRate, { percent: true });
  if (printed instanceof D) return dmax(ZERO, printed);
  problems.push(problem('missing-budget', '缺少预算数或执行数，无法计算预算执行率得分', budget !== null ? 'spent' : 'budget'));
  return null;
}
