/**
 * Worksheet functions (=JIXIAO.SCORE and friends): thin wrappers over src/engine, so a formula
 * gives exactly what the task pane and the CLI give. No scoring logic lives here. Pure: the
 * Office runtime glue (registration, Excel error values) is in register.ts.
 */
import {
  PROFILES,
  describeParsed,
  executionScoreFromCells,
  gradeFromCell,
  parseValue,
  resolveProfile,
  scoreSingleRow,
  show,
  totalFromCells,
  type Dec,
  type Profile,
  type FormKind,
  type Problem,
  type RowResult,
} from '../engine';

/** A bad argument: becomes #VALUE! (or #N/A) with this message in Excel. */
export class FunctionError extends Error {
  constructor(
    message: string,
    readonly code: 'invalidValue' | 'notAvailable' = 'invalidValue',
  ) {
    super(message);
  }
}

/** A cell as a custom function receives it: an empty cell is "" (or 0 for numbers). */
type Cell = string | number | boolean | null | undefined;

const custom = new Map<string, Profile>();
let fallback: Profile = PROFILES.national;

/** The profile used when a formula names none: the one picked in the task pane (shared runtime). */
export function setDefaultProfile(profile: Profile): void {
  fallback = profile;
  if (!(profile.id in PROFILES)) custom.set(profile.id, profile);
}

function profileOf(name: Cell): Profile {
  if (name === undefined || name === null || name === '') return fallback;
  const key = String(name).trim();
  const mine = custom.get(key);
  if (mine) return mine;
  const aliases: Record<string, string> = { 财政部: 'national', 默认: 'national', 湖北: 'hubei', 辽宁: 'liaoning' };
  const { profile, problems } = resolveProfile(aliases[key] ?? key.toLowerCase());
  if (!profile) throw new FunctionError(problems[0].message);
  return profile;
}

function cellInput(v: Cell): string | number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') throw new FunctionError('参数不能是逻辑值 TRUE/FALSE');
  return v;
}

function text(v: Cell): string | null {
  const c = cellInput(v);
  return c === null ? null : String(c);
}

function toNumber(d: Dec): number {
  return Number(d.toString());
}

const KINDS: Record<string, FormKind> = { project: 'project', 项目: 'project', department: 'department', 部门: 'department', overall: 'overall', 整体: 'overall' };

function kindOf(kind: Cell): FormKind {
  if (kind === undefined || kind === null || kind === '') return 'project';
  const k = KINDS[String(kind).trim().toLowerCase()];
  if (!k) throw new FunctionError(`表类型“${show(kind)}”应为 项目、部门 或 整体（project / department / overall）`);
  return k;
}

function scoreRow(operator: Cell, target: Cell, actual: Cell, weight: Cell, unit: Cell, profile: Cell, kind: Cell): RowResult {
  const row = { operator: text(operator), target: cellInput(target), actual: cellInput(actual), weight: cellInput(weight), unit: text(unit) };
  return scoreSingleRow(row, kindOf(kind), profileOf(profile));
}

/** The engine's first error (else its first problem) as the formula's error. */
function firstProblem(problems: Problem[], fallback: string): never {
  const first = problems.find((x) => x.severity === 'error') ?? problems[0];
  throw new FunctionError(first ? first.message : fallback);
}

function failure(row: RowResult): never {
  const pending = row.problems.find((x) => x.code === 'missing-actual');
  if (pending) throw new FunctionError(pending.message, 'notAvailable');
  firstProblem(row.problems, '无法计算');
}

/** 计算一行指标的得分（按评分口径）。Score of one indicator row under a scoring profile. */
export function score(operator: Cell, target: Cell, actual: Cell, weight: Cell, unit?: Cell, profile?: Cell, kind?: Cell): number {
  const row = scoreRow(operator, target, actual, weight, unit, profile, kind);
  if (row.score === null) {
    // The engine's own verdict first (pending, a bad value or weight); a plain missing weight otherwise.
    if (row.weight === null && !row.problems.some((x) => x.severity === 'error' || x.code === 'missing-actual')) throw new FunctionError('缺少分值 / weight is missing');
    failure(row);
  }
  return toNumber(row.score);
}

/** 计算一行指标的完成程度（0–1）。Completion of one indicator row, as a fraction. */
export function completion(operator: Cell, target: Cell, actual: Cell, unit?: Cell, profile?: Cell): number {
  const row = scoreRow(operator, target, actual, 1, unit, profile, 'project');
  if (row.completion === null) failure(row);
  return toNumber(row.completion);
}

/** 预算执行率得分 = 权重 × min(执行数/预算数, 1)。Execution score. */
export function execScore(budget: Cell, spent: Cell, weight?: Cell, profile?: Cell): number {
  const { score, problems } = executionScoreFromCells({ budget: cellInput(budget), spent: cellInput(spent), weight: cellInput(weight) }, profileOf(profile));
  if (score === null) firstProblem(problems, '缺少预算数或执行数');
  return toNumber(score);
}

/**
 * 总分 = 指标得分合计 + 预算执行率得分 − 减分项（含执行率封顶）。Form total, applying the profile's caps.
 * `budget` and `spent` give the execution rate the caps are stated on; without them the engine reads
 * it back from the execution score, and refuses where a rounded score leaves the cap undecided.
 */
export function total(scores: Cell[][], executionScore: Cell, profile?: Cell, budget?: Cell, spent?: Cell): number {
  const cells = { scores: (scores ?? []).flat(), executionScore: cellInput(executionScore), budget: cellInput(budget), spent: cellInput(spent) };
  const result = totalFromCells(cells, profileOf(profile));
  if (result.total === null) firstProblem(result.problems, '无法计算总分');
  return toNumber(result.total);
}

/** 等级：优 / 良 / 中 / 差。Grade of a total. */
export function grade(totalScore: Cell, profile?: Cell): string {
  const result = gradeFromCell(cellInput(totalScore), profileOf(profile));
  if (result.grade === null) firstProblem(result.problems, '无法识别总分');
  return result.grade;
}

/** 显示引擎如何理解一个值（检查用）。What the engine understood of a value. */
export function parse(value: Cell, unit?: Cell): string {
  return describeParsed(parseValue(cellInput(value), text(unit)));
}
