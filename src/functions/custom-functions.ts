/* eslint-disable @typescript-eslint/no-explicit-any -- Excel passes cells as any; metadata needs literal types */
/**
 * The Excel entry points of the JIXIAO worksheet functions. Their JSDoc is the source of
 * functions.json (custom-functions-metadata-plugin); each delegates to functions.ts and turns a
 * FunctionError into an Excel error value with the Chinese message.
 */
import * as fn from './functions';

function excelError(e: unknown): unknown {
  if (e instanceof fn.FunctionError && typeof CustomFunctions !== 'undefined') {
    const code = e.code === 'notAvailable' ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    return new CustomFunctions.Error(code, e.message);
  }
  return e;
}

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw excelError(e);
  }
}

/**
 * 计算一行指标的得分（按评分口径）。Score of one indicator row.
 * @customfunction SCORE
 * @param operator 运算符号（≥、≤、= 或留空）/ Operator, may be empty
 * @param target 指标值，如 ≥90%、1.1万人 / Target as typed
 * @param actual 全年完成值 / Actual as typed
 * @param weight 分值 / Weight
 * @param [unit] 度量单位 / Unit
 * @param [profile] 评分口径：national、hubei、liaoning / Scoring profile
 * @param [kind] 表类型：项目、部门、整体 / Form kind
 * @returns 得分 / Score
 */
export function score(operator: any, target: any, actual: any, weight: any, unit?: any, profile?: any, kind?: any): number {
  return call(() => fn.score(operator, target, actual, weight, unit, profile, kind));
}

/**
 * 计算一行指标的完成程度（0–1）。Completion of one indicator row.
 * @customfunction COMPLETION
 * @param operator 运算符号 / Operator
 * @param target 指标值 / Target
 * @param actual 全年完成值 / Actual
 * @param [unit] 度量单位 / Unit
 * @param [profile] 评分口径 / Scoring profile
 * @returns 完成程度 / Completion
 */
export function completion(operator: any, target: any, actual: any, unit?: any, profile?: any): number {
  return call(() => fn.completion(operator, target, actual, unit, profile));
}

/**
 * 预算执行率得分 = 权重 × min(执行数 / 预算数, 1)。Execution score.
 * @customfunction EXECSCORE
 * @param budget 预算数 / Budget
 * @param spent 执行数 / Spent
 * @param [weight] 预算执行率权重，默认按口径 / Execution weight
 * @param [profile] 评分口径 / Scoring profile
 * @returns 预算执行率得分 / Execution score
 */
export function execScore(budget: any, spent: any, weight?: any, profile?: any): number {
  return call(() => fn.execScore(budget, spent, weight, profile));
}

/**
 * 总分：指标得分合计 + 预算执行率得分，按口径的执行率封顶。Form total with the profile's caps.
 * @customfunction TOTAL
 * @param scores 指标得分区域 / Range of indicator scores
 * @param executionScore 预算执行率得分 / Execution score
 * @param [profile] 评分口径 / Scoring profile
 * @param [budget] 预算数，封顶按执行数/预算数判断 / Budget, for the execution rate the caps use
 * @param [spent] 执行数 / Spent
 * @returns 总分 / Total
 */
export function total(scores: any[][], executionScore: any, profile?: any, budget?: any, spent?: any): number {
  return call(() => fn.total(scores, executionScore, profile, budget, spent));
}

/**
 * 等级：优、良、中、差。Grade of a total.
 * @customfunction GRADE
 * @param totalScore 总分 / Total
 * @param [profile] 评分口径 / Scoring profile
 * @returns 等级 / Grade
 */
export function grade(totalScore: any, profile?: any): string {
  return call(() => fn.grade(totalScore, profile));
}

/**
 * 显示引擎如何理解一个值（检查用）。What the engine understood of a value.
 * @customfunction PARSE
 * @param value 单元格的值 / Value as typed
 * @param [unit] 度量单位 / Unit
 * @returns 解析结果 / Parsed value
 */
export function parse(value: any, unit?: any): string {
  return call(() => fn.parse(value, unit));
}

/** Registers the functions with the shared runtime (ids as in functions.json). */
export function registerCustomFunctions(): void {
  if (typeof CustomFunctions === 'undefined') return;
  CustomFunctions.associate('SCORE', score);
  CustomFunctions.associate('COMPLETION', completion);
  CustomFunctions.associate('EXECSCORE', execScore);
  CustomFunctions.associate('TOTAL', total);
  CustomFunctions.associate('GRADE', grade);
  CustomFunctions.associate('PARSE', parse);
}
