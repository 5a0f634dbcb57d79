/** SCORING.md 4.3 年度主要任务 of a department form: score = weight × rate, rounded the profile's way. */
import { D, type Dec, ONE, ZERO, dmax, dmin, roundTo } from './decimal';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { Profile } from './profiles';
import { readAmount, readWeight } from './input-checks';
import type { Problem, RowFlag, TaskInput, TaskResult } from './types';

export function scoreTask(t: TaskInput, index: number, profile: Profile): TaskResult {
  const problems: Problem[] = [];
  const flags: RowFlag[] = [];
  const rate = taskRate(t, problems);
  const weight = readWeight(t.weight, 'weight', problems);
  const w = weight === 'bad' ? null : weight;
  if (rate === null || w === null) return { index, rate, score: null, ruleScore: null, weight: w, flags, problems };
  const ruleScore = roundTo(w.times(dmin(rate, ONE)), profile.taskScore.decimals, profile.taskScore.mode);
  const typed = readNumber(t.score);
  if (typed instanceof D && !typed.equals(ruleScore) && !typed.isNegative() && typed.lessThanOrEqualTo(w)) {
    flags.push('manual');
    return { index, rate, score: typed, ruleScore, weight: w, flags, problems };
  }
  return { index, rate, score: ruleScore, ruleScore: null, weight: w, flags, problems };
}

/** 执行金额 / 下达金额, or the printed 项目执行率 when the amounts are missing. */
function taskRate(t: TaskInput, problems: Problem[]): Dec | null {
  const allocated = readAmount(t.allocated, 'allocated', '下达金额', problems);
  const spent = readAmount(t.spent, 'spent', '执行金额', problems);
  if (allocated !== null && spent !== null) {
    if (!allocated.isZero()) return dmax(ZERO, spent.dividedBy(allocated));
    problems.push(problem('budget-zero', '项目下达金额为 0，执行率按 0 计', 'allocated'));
    return ZERO;
  }
  const printed = readNumber(t.rate, { percent: true });
  if (printed instanceof D) return printed;
  problems.push(problem('task-missing-amounts', '年度主要任务缺少下达金额或执行金额', allocated !== null ? 'spent' : 'allocated'));
  return null;
}

/** Σ task scores and Σ task weights. */
export function taskSums(tasks: TaskResult[]): { taskTotal: Dec; taskWeights: Dec } {
  let taskTotal = ZERO;
  let taskWeights = ZERO;
  for (const t of tasks) {
    taskTotal = taskTotal.plus(t.score ?? ZERO);
    taskWeights = taskWeights.plus(t.weight ?? ZERO);
  }
  return { taskTotal, taskWeights };
}
