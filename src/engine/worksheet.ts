/**
 * What the worksheet functions (=JIXIAO.*) compute, each from the cells of one formula: the same
 * steps scoreForm takes, so a formula gives exactly what the task pane and the CLI give.
 */
import { D, type Dec, ZERO } from './decimal';
import { capBoundWithin } from './caps';
import { executionScoreOf, executionWeightOf, readExecutionRate } from './execution';
import { scoreForm } from './form';
import { gradeOf } from './grade';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { Profile } from './profiles';
import { show, showDec } from './show';
import { totalOf, sumScoreCells } from './total';
import type { CellInput, FormKind, Grade, Problem, RowInput, RowResult } from './types';

/** One row scored alone, as SCORE and COMPLETION see it. */
export function scoreSingleRow(row: RowInput, kind: FormKind, profile: Profile): RowResult {
  return scoreForm({ kind, rows: [row] }, profile).rows[0];
}

/** EXECSCORE: the execution score of budget and spent (or a printed rate), with the printed weight or the profile's. */
export function executionScoreFromCells(cells: { budget: CellInput; spent: CellInput; weight?: CellInput; rate?: CellInput }, profile: Profile): { score: Dec | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const rate = readExecutionRate({ budget: cells.budget, spent: cells.spent, executionRate: cells.rate }, problems);
  const weight = executionWeightOf({ executionWeight: cells.weight }, profile, problems);
  const usable = rate !== null && !problems.some((p) => p.code === 'bad-weight');
  return { score: usable ? executionScoreOf(rate, weight, profile) : null, problems };
}

export interface TotalCells {
  /** The 得分 range, as SUM takes it. */
  scores: Iterable<unknown>;
  executionScore: CellInput;
  /** 预算数 and 执行数: the execution rate the caps are stated on. */
  budget?: CellInput;
  spent?: CellInput;
}

/**
 * TOTAL: subtotal + execution score, capped by the profile's execution caps (4.2). The rate comes
 * from budget and spent; without them it is read back from the execution score (score ÷ weight),
 * which a rounded score cannot always give: near a cap's bound that is a problem, not a guess.
 */
export function totalFromCells(cells: TotalCells, profile: Profile): { total: Dec | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const exec = readNumber(cells.executionScore);
  if (exec === 'bad') return { total: null, problems: [problem('bad-number', `无法识别预算执行率得分“${show(cells.executionScore)}”`, 'executionScore')] };
  const amounts = cells.budget != null || cells.spent != null;
  const rate = amounts ? readExecutionRate({ budget: cells.budget, spent: cells.spent }, problems) : rateFromScore(exec, profile, problems);
  const unknownRate = (amounts && rate === null) || problems.some((p) => p.code === 'bad-number' || p.code === 'ambiguous-rate');
  if (unknownRate) return { total: null, problems };
  const parts = { kind: 'project' as const, subtotal: sumScoreCells(cells.scores), taskTotal: ZERO, executionScore: exec, executionRate: rate };
  return { total: totalOf(parts, profile, problems).total, problems };
}

/** The rate an execution score stands for under the profile's weight; ambiguous near a cap when the score was rounded. */
function rateFromScore(score: Dec | null, profile: Profile, problems: Problem[]): Dec | null {
  const weight = new D(profile.executionWeight);
  if (score === null || profile.executionCaps.length === 0) return null;
  if (weight.isZero()) {
    problems.push(problem('ambiguous-rate', '口径的预算执行率权重为 0，无法由得分推出执行率是否低于封顶界限：请同时给出预算数和执行数', 'executionScore'));
    return null;
  }
  const rate = score.dividedBy(weight);
  if (profile.scoreDecimals === null) return rate;
  const half = new D(1).dividedBy(new D(10).pow(profile.scoreDecimals)).dividedBy(2).dividedBy(weight);
  if (capBoundWithin(rate.minus(half), rate.plus(half), profile)) {
    problems.push(
      problem('ambiguous-rate', `预算执行率得分 ${showDec(score)} 已舍入到 ${profile.scoreDecimals} 位小数，无法判断执行率是否低于封顶界限：请同时给出预算数和执行数`, 'executionScore'),
    );
  }
  return rate;
}

/** GRADE: 优 / 良 / 中 / 差 of a total as typed. */
export function gradeFromCell(total: CellInput, profile: Profile): { grade: Grade | null; problems: Problem[] } {
  const t = readNumber(total);
  if (t instanceof D) return { grade: gradeOf(t, profile), problems: [] };
  return { grade: null, problems: [problem('bad-number', `无法识别总分“${show(total)}”`, 'total')] };
}
