/** SCORING.md 4.1 weights: indicator weights add up to 100 − execution weight; printed group weights match their rows. */
import { D, type Dec, ZERO } from './decimal';
import { splitGroupLabel } from './group-label';
import { problem } from './problems';
import { show, showDec } from './show';
import type { Unit } from './scoring-units';
import type { FormInput, FormKind, Problem } from './types';

/**
 * `weights-sum` when Σ indicator weights + execution weight (department: + task weights) is not 100:
 * a warning when short (a form still being drawn up), an error when over — the total could pass
 * 100 and its grade would mean nothing.
 */
export function checkWeightsSum(kind: FormKind, weightsSum: Dec, executionWeight: Dec, taskWeights: Dec, problems: Problem[]): void {
  const expected = kind === 'department' ? new D(100).minus(taskWeights) : new D(100).minus(executionWeight);
  if (weightsSum.equals(expected)) return;
  const over = weightsSum.greaterThan(expected);
  const message =
    kind === 'department'
      ? `指标分值合计 ${showDec(weightsSum)}，加上年度主要任务分值 ${showDec(taskWeights)} 应为 100`
      : `指标分值合计 ${showDec(weightsSum)}，应为 ${showDec(expected)}（100 − 预算执行率 ${showDec(executionWeight)} 分）`;
  problems.push(problem('weights-sum', over ? `${message}；超出后总分可能超过 100 分，等级不可信` : message, undefined, over ? 'error' : 'warning'));
}

/** Group weights printed in a 一级指标 label (`成本指标（20分）`) must equal the weights under it. */
export function checkGroupWeights(form: FormInput, units: Unit[], problems: Problem[]): void {
  const unitWeightAt = new Map<number, Dec>();
  for (const u of units) if (u.weight !== null) unitWeightAt.set(u.rows[0], u.weight);
  let current: { label: string; name: string; weight: Dec | null; sum: Dec } | null = null;
  const close = (): void => {
    if (current && current.weight !== null && !current.sum.equals(current.weight)) {
      problems.push(problem('group-weight', `一级指标“${show(current.name)}”标注 ${showDec(current.weight)} 分，下属指标分值合计 ${showDec(current.sum)} 分`));
    }
  };
  form.rows.forEach((row, i) => {
    const label = (row.level1 ?? '').trim();
    if (label && (!current || label !== current.label)) {
      close();
      const g = splitGroupLabel(label);
      current = { label, name: g.name, weight: g.weight, sum: ZERO };
    }
    const w = unitWeightAt.get(i);
    if (current && w) current.sum = current.sum.plus(w);
  });
  close();
}
