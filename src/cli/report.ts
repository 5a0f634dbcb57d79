import { D, decimalText as num } from '../engine';
import { locateProblems, locateRowProblem, type CellValue, type KeptCell, type LocatedProblem, type ScoredForm } from '../sheet';
import type { Discrepancy } from '../sheet/discrepancies';
import { show } from '../sheet/errors';

/** A located problem as the JSON report shows it. */
function problemJson(p: LocatedProblem): Record<string, unknown> {
  return { code: p.code, severity: p.severity, message: p.message, sheet: p.sheet, cell: p.address };
}

/** The machine report of one form (`--json`): a scoring unit once, at its first row, with all its rows. */
export function formReport(s: ScoredForm): Record<string, unknown> {
  const { form, result, profile } = s;
  const all = locateProblems(s);
  const lostAt = new Map(s.lost.map((l) => [l.index, l]));
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
        indicator: form.input.rows[r.index]?.level3 ?? null,
        completion: num(r.unitRows.length > 1 ? r.unitCompletion : r.completion),
        score: num(r.score),
        weight: num(r.weight),
        rule: r.rule,
        flags: [...new Set(members.flatMap((m) => m.flags))],
        problems: r.unitRows.flatMap((i) => result.rows[i].problems.map((p) => problemJson(locateRowProblem(form, i, p)))),
        ...(r.ruleScore !== null ? { ruleScore: num(r.ruleScore), ruleCompletion: num(r.ruleCompletion) } : {}),
        // 失分项: points below the weight, and the cell that should say why.
        ...(lostAt.has(r.index) ? { lost: lostAt.get(r.index)!.lost, reasonCell: lostAt.get(r.index)!.reasonCell } : {}),
      };
    });
  return {
    sheet: form.sheet,
    title: form.name ?? form.title,
    formTitle: form.title,
    kind: result.kind,
    layout: form.layout,
    profile: profile.id,
    profileName: profile.name,
    ...(s.profileChoice ? { profileSource: s.profileChoice.source, profileReason: s.profileChoice.reason, profileWords: s.profileChoice.words } : {}),
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
    problems: all.map(problemJson),
  };
}

/** Output cells left alone because a person typed there (SCORING.md 3.8). */
export function keptReport(kept: KeptCell[]): Record<string, unknown>[] {
  return kept.map((k) => ({ sheet: k.sheet, cell: k.address, kind: k.kind, value: k.current, ruleValue: cut(k.ruleValue) }));
}

/** Output cells that differ from the rule on a sheet without a record of earlier writes (see discrepancies.ts). */
export function discrepancyReport(d: Discrepancy): Record<string, unknown> {
  return { sheet: d.sheet, cell: d.address, kind: d.kind, value: d.value, ruleValue: cut(d.ruleValue) };
}

/** A rule value as the report prints numbers: decimal text cut at 10 places; other text as it is. */
function cut(text: string | null): string | null {
  if (text === null || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return text;
  return num(new D(text));
}

/** A cell value for the terminal: bounded, control characters removed. */
export function valueText(v: CellValue | string): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(12))) : show(v === null ? '' : String(v), 40);
}

/** JSON for a terminal: JSON.stringify escapes C0 controls but not DEL, C1 (CSI U+009B) or bidi overrides; escape those too. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
