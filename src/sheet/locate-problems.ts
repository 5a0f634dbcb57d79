import type { Problem } from '../engine';
import type { RecognizedForm, RowCells, ScoredForm, SheetProblem, TaskCells } from './contract';

export type LocatedProblem = SheetProblem;

const ROW_FIELDS: Record<string, keyof RowCells> = {
  level3: 'level3',
  operator: 'operator',
  target: 'target',
  unit: 'unit',
  weight: 'weight',
  actual: 'actual',
  completion: 'completion',
  score: 'score',
  reason: 'reason',
};

const TASK_FIELDS: Record<string, keyof TaskCells> = {
  name: 'name',
  allocated: 'allocated',
  spent: 'spent',
  weight: 'weight',
  rate: 'rate',
  score: 'score',
};

/** The cell a row's problem is about: its field's cell, else the indicator. */
export function locateRowProblem(form: RecognizedForm, index: number, p: Problem): LocatedProblem {
  const cells = form.rowCells[index];
  const field = p.field ? ROW_FIELDS[p.field] : undefined;
  const address = (field && (cells?.[field] as string | null)) || cells?.level3 || cells?.target || null;
  return { ...p, sheet: form.sheet, address };
}

function locateTaskProblem(form: RecognizedForm, index: number, p: Problem): LocatedProblem {
  const cells = form.taskCells[index];
  const field = p.field ? TASK_FIELDS[p.field] : undefined;
  return { ...p, sheet: form.sheet, address: (field && (cells?.[field] as string | null)) || cells?.name || null };
}

function locateFormProblem(form: RecognizedForm, p: Problem): LocatedProblem {
  const inputs = form.inputCells;
  const address =
    (p.field === 'budget' && inputs?.budget) ||
    (p.field === 'spent' && inputs?.spent) ||
    (p.field === 'deduction' && form.outputs.deduction) ||
    form.outputs.total ||
    form.rangeAddress.split(':')[0];
  return { ...p, sheet: form.sheet, address };
}

/**
 * A unit that lost points with an empty 偏差原因分析 cell: the first thing a reviewer checks
 * (only where the form has a reason column to fill).
 */
export function missingReasonProblems({ form, lost }: ScoredForm): LocatedProblem[] {
  return lost
    .filter((l) => l.reasonCell && l.reason === null)
    .map((l) => ({
      code: 'missing-reason' as const,
      severity: 'warning' as const,
      field: 'reason',
      sheet: form.sheet,
      address: l.reasonCell,
      message: `第 ${l.excelRow} 行“${l.indicator ?? ''}”失分 ${l.lost} 分，${l.reasonCell} 的偏差原因分析为空，请说明原因`,
    }));
}

/** Every problem of a scored form (reading and scoring) tied to the cell it is about, for the UI and the CLI. */
export function locateProblems(s: ScoredForm): LocatedProblem[] {
  const { form, result } = s;
  return [
    ...form.problems,
    ...result.rows.flatMap((row, i) => row.problems.map((p) => locateRowProblem(form, i, p))),
    ...result.tasks.flatMap((task, i) => task.problems.map((p) => locateTaskProblem(form, i, p))),
    ...result.problems.map((p) => locateFormProblem(form, p)),
    ...missingReasonProblems(s),
  ];
}
