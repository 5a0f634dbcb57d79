/**
 * One form by SCORING.md §4, in its order: rows (§3, row.ts) combined into scoring units
 * (scoring-units.ts), execution (execution.ts), weights (weights.ts), department tasks (tasks.ts),
 * caps and total (caps.ts, total.ts), grade (grade.ts).
 */
import { gradeOf } from './grade';
import { scoreExecution } from './execution';
import { evaluateRow } from './row';
import type { Profile } from './profiles';
import { groupUnits, indicatorSums, initialResult, readUnitWeights, scoreUnit } from './scoring-units';
import { scoreTask, taskSums } from './tasks';
import { totalOf } from './total';
import { problem } from './problems';
import { checkGroupWeights, checkWeightsSum } from './weights';
import type { FormInput, FormKind, FormResult, Problem, RowResult } from './types';

export { readNumber } from './numbers';
export { capDeduction } from './caps';

/** Scores a whole form (SCORING.md §4). Never throws on user input. */
export function scoreForm(form: FormInput, profile: Profile): FormResult {
  const kind: FormKind = form.kind === 'department' || form.kind === 'overall' ? form.kind : 'project';
  const problems: Problem[] = [];
  const indicators = scoreIndicators(form, kind, profile, problems);
  const tasks = (form.tasks ?? []).map((t, i) => scoreTask(t, i, profile));
  const { taskTotal, taskWeights } = taskSums(tasks);
  const execution = scoreExecution(form, kind, profile, problems);
  if (indicators.anyWeight) checkWeightsSum(kind, indicators.weightsSum, execution.weight, taskWeights, problems);
  const parts = { kind, subtotal: indicators.subtotal, taskTotal, executionScore: execution.score, executionRate: execution.rate, manualDeduction: form.deduction };
  const { deduction, total } = totalOf(parts, profile, problems);
  return {
    title: form.title ?? null,
    kind,
    profile: profile.id,
    rows: indicators.rows,
    tasks,
    executionRate: execution.rate,
    executionWeight: execution.weight,
    executionScore: execution.score,
    subtotal: indicators.subtotal,
    taskTotal,
    deduction,
    total,
    grade: gradeOf(total, profile),
    pending: indicators.pending,
    weightsSum: indicators.weightsSum,
    problems,
  };
}

/** The indicator rows: each by its rules, then combined into scoring units with weights. */
function scoreIndicators(form: FormInput, kind: FormKind, profile: Profile, problems: Problem[]) {
  const evals = form.rows.map((row) => evaluateRow(row, { profile, formKind: kind }));
  const rows: RowResult[] = evals.map(initialResult);
  const units = groupUnits(form);
  readUnitWeights(form, units, rows);
  const anyWeight = units.some((u) => u.weight !== null);
  if (!anyWeight && form.rows.length > 0) problems.push(problem('no-weights', '表中没有分值（权重）列或分值全部为空，无法计算得分'));
  let pending = 0;
  for (const u of units) if (scoreUnit(u, form, evals, rows, profile, anyWeight)) pending += 1;
  const { subtotal, weightsSum } = indicatorSums(rows, units);
  checkGroupWeights(form, units, problems);
  return { rows, pending, subtotal, weightsSum, anyWeight };
}
