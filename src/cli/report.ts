import { toPlain, type Dec, type Problem } from '../engine';
import type { RowCells, ScoredForm, TaskCells } from '../sheet/contract';
import type { KeptCell } from '../sheet/grid';

/** A problem as the user sees it: with the sheet and cell it is about. */
export interface LocatedProblem {
  code: string;
  severity: string;
  message: string;
  sheet: string;
  cell: string | null;
}

const num = (d: Dec | null): string | null => (d === null ? null : toPlain(d.toDecimalPlaces(10)));

function locate(p: Problem, sheet: string, cells: RowCells | TaskCells | null, fallback: string | null): LocatedProblem {
  const byField = cells && p.field ? (cells as unknown as Record<string, unknown>)[p.field] : null;
  const cell = typeof byField === 'string' ? byField : fallback;
  return { code: p.code, severity: p.severity, message: p.message, sheet, cell };
}

/** Every problem of a scored form, sheet problems first, each tied to the cell it is about. */
export function formProblems(s: ScoredForm): LocatedProblem[] {
  const { form, result } = s;
  const out: LocatedProblem[] = form.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, sheet: p.sheet, cell: p.address }));
  const formCell = (field: string | undefined): string | null => {
    if (field === 'budget' || field === 'spent') return form.outputs.executionRate;
    if (field === 'deduction') return form.outputs.deduction;
    return form.outputs.total ?? form.rangeAddress.split(':')[0];
  };
  for (const p of result.problems) out.push(locate(p, form.sheet, null, formCell(p.field)));
  result.rows.forEach((r, i) => {
    const cells = form.rowCells[i];
    for (const p of r.problems) out.push(locate(p, form.sheet, cells, cells?.level3 ?? null));
  });
  result.tasks.forEach((t, i) => {
    const cells = form.taskCells[i];
    for (const p of t.problems) out.push(locate(p, form.sheet, cells, cells?.name ?? null));
  });
  return out;
}

/** The machine report of one form (`--json`): a scoring unit once, at its first row, with all its rows. */
export function formReport(s: ScoredForm): Record<string, unknown> {
  const { form, result, profile } = s;
  const rows = result.rows
    .filter((r) => r.unitStart === r.index)
    .map((r) => {
      const cells = form.rowCells[r.index];
      const members = r.unitRows.map((i) => result.rows[i]);
      const memberCells = r.unitRows.map((i) => form.rowCells[i]);
      const excelRows = memberCells.flatMap((c) => c?.excelRows ?? [c?.excelRow]).filter((x): x is number => typeof x === 'number');
      return {
        excelRow: cells?.excelRow ?? null,
        ...(excelRows.length > 1 ? { excelRows: [...new Set(excelRows)] } : {}),
        indicator: cells?.indicator ?? null,
        completion: num(r.unitRows.length > 1 ? r.unitCompletion : r.completion),
        score: num(r.score),
        weight: num(r.weight),
        rule: r.rule,
        flags: [...new Set(members.flatMap((m) => m.flags))],
        problems: members.flatMap((m, k) => m.problems.map((p) => locate(p, form.sheet, memberCells[k] ?? null, memberCells[k]?.level3 ?? null))),
        ...(r.ruleScore !== null ? { ruleScore: num(r.ruleScore), ruleCompletion: num(r.ruleCompletion) } : {}),
      };
    });
  return {
    sheet: form.sheet,
    title: form.title,
    kind: result.kind,
    layout: form.layout,
    profile: profile.id,
    range: form.rangeAddress,
    rows,
    tasks: result.tasks.map((t, i) => ({
      excelRow: form.taskCells[i]?.excelRow ?? null,
      name: form.input.tasks?.[i]?.name ?? null,
      rate: num(t.rate),
      score: num(t.score),
      flags: t.flags,
      ...(t.ruleScore !== null ? { ruleScore: num(t.ruleScore) } : {}),
    })),
    executionRate: num(result.executionRate),
    executionScore: num(result.executionScore),
    subtotal: num(result.subtotal),
    deduction: num(result.deduction),
    total: num(result.total),
    grade: result.grade,
    pending: result.pending,
    problems: formProblems(s),
  };
}

/** Output cells left alone because a person typed there (SCORING.md 3.8). */
export function keptReport(kept: KeptCell[]): Record<string, unknown>[] {
  return kept.map((k) => ({ sheet: k.sheet, cell: k.address, kind: k.kind, value: k.current, ruleValue: k.ruleValue }));
}

/** Whether a form's problems are worth exit code 1 (errors and warnings; notes such as pending rows are not). */
export function formHasProblems(s: ScoredForm): boolean {
  return formProblems(s).some((p) => p.severity !== 'info');
}
