import type { ScoredForm } from './contract';
import { columnLetters, parseA1, type WriteKind } from './grid';
import type { SheetView } from './sheet-view';

/**
 * Formula mode (以公式写入): output cells get JIXIAO formulas over the row's own cells, so the sheet
 * stays live without the task pane. Only what the worksheet functions compute exactly as the engine
 * does becomes a formula; the rest (merged scoring units, an evaluator's completion, task rows, a
 * typed 减分项) is written as a value.
 */

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function isNumberCell(view: SheetView, address: string | null | undefined): address is string {
  const at = address ? parseA1(address) : null;
  return at !== null && typeof view.raw(at.row, at.col) === 'number';
}

/** A percent-formatted number: the engine reads the percentage a person sees, a formula gets the bare fraction. */
function isPercentNumber(view: SheetView, address: string | null | undefined): boolean {
  const at = address ? parseA1(address) : null;
  return at !== null && typeof view.raw(at.row, at.col) === 'number' && /%/.test(view.format(at.row, at.col) ?? '');
}

/** Text of a cell as the functions receive it (trimmed), or null when empty. */
function cellText(view: SheetView, address: string | null): string | null {
  const at = address ? parseA1(address) : null;
  if (!at) return null;
  const v = view.raw(at.row, at.col);
  return v === null || String(v).trim() === '' ? null : String(v).trim();
}

/** The formulas of one form's output cells, keyed by address. */
export function formulasOf(scored: ScoredForm, view: SheetView): Map<string, { kind: WriteKind; formula: string }> {
  const { form, result, profile } = scored;
  const out = new Map<string, { kind: WriteKind; formula: string }>();
  const p = quote(profile.id);
  const kind = quote(result.kind);
  const scoreCells: string[] = [];

  form.rowCells.forEach((cells, i) => {
    const r = result.rows[i];
    const row = form.input.rows[i];
    if (cells.score && r.unitStart === i) scoreCells.push(cells.score);
    if (!r || r.unitRows.length > 1 || !cells.target || !cells.actual) return;
    if (row.completion != null || row.score != null) return; // a person's entry decides this row
    // With a 度量单位 column, a percent-formatted 1 reaches a function as 1 %, not 100 %: keep the value.
    if (cells.unit && (isPercentNumber(view, cells.target) || isPercentNumber(view, cells.actual))) return;
    // A cost row without an operator is scored lower-is-better (SCORING.md 3.1); the function sees no 一级指标, so say it.
    // An operator read from several columns (指标方向 + 指标性质 正向/反向) is passed as the engine read it.
    const opText = cellText(view, cells.operator);
    const reverseInferred = r.flags.includes('operator-inferred') && r.rule.startsWith('reverse');
    let op: string;
    if (opText !== null && opText === (row.operator ?? null)) op = cells.operator!;
    else if (row.operator) op = quote(row.operator);
    else if (reverseInferred) op = quote('<=');
    // An empty operator cell stays referenced (live when someone types one); 正向/定量 text is not an operator.
    else op = opText === null ? (cells.operator ?? quote('')) : quote('');
    const unit = cells.unit ?? quote('');
    if (cells.completion && r.completion !== null) {
      out.set(cells.completion, { kind: 'row-completion', formula: `JIXIAO.COMPLETION(${op},${cells.target},${cells.actual},${unit},${p})` });
    }
    if (cells.score && cells.weight && r.score !== null) {
      out.set(cells.score, { kind: 'row-score', formula: `JIXIAO.SCORE(${op},${cells.target},${cells.actual},${cells.weight},${unit},${p},${kind})` });
    }
  });

  const scoreRange = rangeOf(scoreCells);
  const o = form.outputs;
  const inputs = form.inputCells;
  const manualDeduction = form.input.deduction != null;
  if (result.kind !== 'department') {
    if (o.executionRate && isNumberCell(view, inputs?.budget) && isNumberCell(view, inputs?.spent)) {
      out.set(o.executionRate, { kind: 'execution-rate', formula: `IF(${inputs!.budget}=0,0,MAX(0,${inputs!.spent}/${inputs!.budget}))` });
    }
    if (o.executionScore && isNumberCell(view, inputs?.budget) && isNumberCell(view, inputs?.spent)) {
      out.set(o.executionScore, { kind: 'execution-score', formula: `JIXIAO.EXECSCORE(${inputs!.budget},${inputs!.spent},${result.executionWeight.toString()},${p})` });
    }
    // TOTAL takes the execution rate the caps are stated on from budget and spent (a rounded score cannot give it).
    const totalLive = scoreRange && o.executionScore && out.has(o.executionScore) && !manualDeduction;
    if (o.total && totalLive) out.set(o.total, { kind: 'total', formula: `JIXIAO.TOTAL(${scoreRange},${o.executionScore},${p},${inputs!.budget},${inputs!.spent})` });
    if (o.deduction && o.subtotal && o.total && out.has(o.total)) {
      out.set(o.deduction, { kind: 'deduction', formula: `MAX(0,ROUND(${o.subtotal}+${o.executionScore}-${o.total},10))` });
    }
  } else if (o.total && scoreRange && !manualDeduction) {
    const tasks = rangeOf(form.taskCells.map((t) => t.score).filter((a): a is string => a !== null));
    out.set(o.total, { kind: 'total', formula: tasks ? `SUM(${tasks})+SUM(${scoreRange})` : `SUM(${scoreRange})` });
  }
  if (o.subtotal && scoreRange) out.set(o.subtotal, { kind: 'subtotal', formula: `SUM(${scoreRange})` });
  if (o.grade && o.total && out.has(o.total)) out.set(o.grade, { kind: 'grade', formula: `JIXIAO.GRADE(${o.total},${p})` });
  return out;
}

/** `J9:J14` for cells of one column (blank and header cells between them count as nothing, as in SUM). */
function rangeOf(addresses: string[]): string | null {
  const at = addresses.map((a) => parseA1(a)).filter((x): x is { row: number; col: number } => x !== null);
  if (at.length === 0 || at.some((x) => x.col !== at[0].col)) return null;
  const col = columnLetters(at[0].col);
  return `${col}${Math.min(...at.map((x) => x.row))}:${col}${Math.max(...at.map((x) => x.row))}`;
}
