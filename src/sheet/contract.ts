import type { FormInput, FormKind, FormResult, Problem, ProfileId, Profile } from '../engine';
import type { MergeArea, WritePlan } from './grid';
import type { AmountUnit } from './amount-unit';

/** Where the inputs and outputs of one indicator row live (A1 addresses; null when the form has no such column). */
export interface RowCells {
  excelRow: number;
  /** Every Excel row of the scoring unit (one merged 分值/得分 cell may span several rows). */
  excelRows: number[];
  /** The 三级指标 cell (its text is RowInput.level3). */
  indicator: string | null;
  level3: string | null;
  operator: string | null;
  target: string | null;
  unit: string | null;
  weight: string | null;
  actual: string | null;
  completion: string | null;
  score: string | null;
  /** The 偏差原因分析 / 未完成原因分析 cell of the row, when the form has such a column. */
  reason?: string | null;
}

export interface TaskCells {
  excelRow: number;
  name: string | null;
  allocated: string | null;
  spent: string | null;
  weight: string | null;
  rate: string | null;
  score: string | null;
}

/** A problem found while reading the sheet, tied to a cell. */
export interface SheetProblem extends Problem {
  sheet: string;
  address: string | null;
}

/** One form found in a sheet; `input` is exactly what the engine scores (rows and tasks in sheet order). */
export interface RecognizedForm {
  sheet: string;
  kind: FormKind;
  title: string | null;
  /** What the form is about: 项目名称, else 部门（单位）名称 / 单位名称, as written; null when not found. */
  name?: string | null;
  /** Free label of the layout recognised, e.g. 'liaoning-project', 'liaoning-department', 'hubei', 'target-table'. */
  layout: string;
  /** Profile the layout implies when unambiguous (e.g. `得分（20分*执行率）` → hubei); the user can override. */
  profileHint: ProfileId | null;
  /** The words of the form that decided `profileHint` (empty when nothing decided). */
  profileEvidence?: string[];
  range: MergeArea;
  /** 'A7:K15' */
  rangeAddress: string;
  headerRows: number[];
  input: FormInput;
  rowCells: RowCells[];
  taskCells: TaskCells[];
  outputs: {
    executionRate: string | null;
    executionScore: string | null;
    subtotal: string | null;
    deduction: string | null;
    total: string | null;
    /** 自评等级 cell (优/良/中/差), when the form has one. */
    grade?: string | null;
    /** 自评总分 cell in the form's head (N7), holding the total too. */
    totalHeader?: string | null;
  };
  problems: SheetProblem[];
  /** The money unit of 预算数 / 执行数 as the form prints it (万元 unless the form names another). */
  amountUnit?: AmountUnit;
  /** Where the form-level inputs were read (预算数, 执行数, printed execution weight); null when not found. */
  inputCells?: {
    budget: string | null;
    spent: string | null;
    executionWeight: string | null;
  };
}

/** How the profile of a form was chosen, for the report: the user's choice, the layout's words, or the default. */
export interface ProfileChoice {
  source: 'user' | 'inferred' | 'default';
  /** The form's words that decided it (inferred only). */
  words: string[];
  /** zh-CN, for the report: 用户选择 / 由“…”推断 / 版式未指明地区，按财政部默认口径. */
  reason: string;
}

/** A scoring unit that scored below its weight (失分项), with the cell that should say why. */
export interface LostPoints {
  /** Index of the unit's first row in `form.rowCells` / `result.rows`. */
  index: number;
  excelRow: number;
  indicator: string | null;
  weight: string;
  score: string;
  /** weight − score, exact decimal text. */
  lost: string;
  /** The row's 偏差原因分析 cell; null when the form has no reason column. */
  reasonCell: string | null;
  /** What the reason cell says; null when empty. */
  reason: string | null;
}

export interface ScoredForm {
  form: RecognizedForm;
  profile: Profile;
  result: FormResult;
  /** Why this profile (set by scoreWorkbook). */
  profileChoice?: ProfileChoice;
  /** Units that lost points (失分项), in row order. */
  lost: LostPoints[];
}

export interface WorkbookScore {
  forms: ScoredForm[];
  plan: WritePlan;
  /** Sheets without a form whose most header-like row was seen, and what it lacked (code `no-form`). */
  unrecognised?: SheetProblem[];
}
