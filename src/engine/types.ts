import type { Dec } from './decimal';

/** A cell value as a person typed it: text, a number, or nothing. */
export type CellInput = string | number | null | undefined;

export type FormKind = 'project' | 'department' | 'overall';

/** One indicator row (指标行) as read from a form or a JSON file. */
export interface RowInput {
  level1?: string | null;
  level2?: string | null;
  level3?: string | null;
  /** 运算符号 column, when the form has one. */
  operator?: string | null;
  /** 指标值; may carry an embedded operator and unit (`≥90%`, `1.1万人`). */
  target?: CellInput;
  /** 度量单位 column. */
  unit?: string | null;
  /** 分值 / 权重. Rows of one scoring unit (see `unit`) carry it on the first row only. */
  weight?: CellInput;
  /** 全年完成值 / 实际完成值. */
  actual?: CellInput;
  /** 完成程度 typed by a person: the evaluator's judgement (定性) or an override. */
  completion?: CellInput;
  /** 得分 typed by a person: an override. */
  score?: CellInput;
  /**
   * Rows sharing a key form one scoring unit (one merged 分值/得分 cell):
   * completion is the mean of theirs, the score is written once.
   */
  scoringUnit?: string | number | null;
}

/** 年度主要任务 row of a department form. */
export interface TaskInput {
  name?: string | null;
  allocated?: CellInput;
  spent?: CellInput;
  weight?: CellInput;
  /** Printed 项目执行率, used only when the amounts are missing. */
  rate?: CellInput;
  score?: CellInput;
}

export interface FormInput {
  kind?: FormKind;
  title?: string | null;
  budget?: CellInput;
  spent?: CellInput;
  /** Printed 执行率, used only when budget/spent are missing. */
  executionRate?: CellInput;
  /** Execution weight printed in the form (`得分（20分*执行率）`); overrides the profile. */
  executionWeight?: CellInput;
  /** User-typed 减分项 (manual deduction), added to any cap deduction. */
  deduction?: CellInput;
  tasks?: TaskInput[];
  rows: RowInput[];
}

export type RowRule =
  | 'forward'
  | 'reverse-ratio'
  | 'reverse-linear'
  | 'equality'
  | 'zero-target'
  | 'range'
  | 'bound-met'
  | 'qualitative'
  | 'unit-member'
  | 'none';

export type RowFlag =
  | 'operator-inferred'
  | 'overshoot-penalty'
  | 'auto-judged'
  | 'judgement-needed'
  | 'manual'
  | 'unit-converted';

export type ProblemCode =
  | 'missing-actual'
  | 'missing-target'
  | 'missing-weight'
  | 'no-weights'
  | 'bad-number'
  | 'bad-actual'
  | 'bad-weight'
  | 'bad-completion'
  | 'bad-score'
  | 'bad-operator'
  | 'unit-mismatch'
  | 'operator-conflict'
  | 'extra-values'
  | 'completion-out-of-band'
  | 'judgement-needed'
  | 'weights-sum'
  | 'group-weight'
  | 'budget-zero'
  | 'missing-budget'
  | 'bad-profile'
  | 'ambiguous-rate'
  | 'cell-error'
  | 'negative-actual'
  | 'negative-amount'
  | 'task-missing-amounts'
  | 'no-target-column'
  | 'no-actual-column'
  | 'empty-table'
  | 'missing-reason'
  | 'no-form';

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** zh-CN, for the user. */
  message: string;
  /** Which input field it is about (`target`, `actual`, `weight`, …), for the sheet layer to map to a cell. */
  field?: string;
}

export interface RowResult {
  /** Index in the input rows. */
  index: number;
  rule: RowRule;
  /** Completion used for the score (after the profile's rounding); null when not scored. */
  completion: Dec | null;
  /** Completion of the whole scoring unit (mean of its rows), on its first row. */
  unitCompletion: Dec | null;
  /** Score of the scoring unit, on its first row; null on the other rows of a unit and when not scored. */
  score: Dec | null;
  /** What the rules give when a person's entry overrides them (flag `manual`). */
  ruleCompletion: Dec | null;
  ruleScore: Dec | null;
  weight: Dec | null;
  /** Index of the first row of the scoring unit this row belongs to (its own index when alone). */
  unitStart: number;
  /** Indexes of all rows in this row's scoring unit. */
  unitRows: number[];
  flags: RowFlag[];
  problems: Problem[];
}

export interface TaskResult {
  index: number;
  rate: Dec | null;
  score: Dec | null;
  ruleScore: Dec | null;
  weight: Dec | null;
  flags: RowFlag[];
  problems: Problem[];
}

export type Grade = '优' | '良' | '中' | '差';

export interface FormResult {
  title: string | null;
  kind: FormKind;
  profile: string;
  rows: RowResult[];
  tasks: TaskResult[];
  executionRate: Dec | null;
  executionWeight: Dec;
  executionScore: Dec | null;
  /** Σ indicator scores (指标自评得分小计). */
  subtotal: Dec;
  /** Σ task scores (department forms). */
  taskTotal: Dec;
  /** Cap deduction plus any manual deduction (减分项). */
  deduction: Dec;
  total: Dec;
  grade: Grade;
  /** Rows not scored yet (missing actual). */
  pending: number;
  weightsSum: Dec;
  problems: Problem[];
}
