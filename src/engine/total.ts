/** SCORING.md §4 total: subtotal + execution score (department: + tasks) − 减分项, never below 0. */
import { D, type Dec, ZERO, dmax } from './decimal';
import { capDeduction } from './caps';
import { readNumber } from './numbers';
import { problem } from './problems';
import type { Profile } from './profiles';
import { show } from './show';
import type { CellInput, FormKind, Problem } from './types';

export interface TotalParts {
  kind: FormKind;
  subtotal: Dec;
  taskTotal: Dec;
  executionScore: Dec | null;
  executionRate: Dec | null;
  /** A typed 减分项, added to any cap deduction. */
  manualDeduction?: CellInput;
}

/** Gross (before 减分项), the deduction (caps + typed) and the total. */
export function totalOf(parts: TotalParts, profile: Profile, problems: Problem[]): { deduction: Dec; total: Dec } {
  const gross = grossOf(parts);
  const deduction = capDeduction(gross, parts.executionRate, profile).plus(manualDeductionOf(parts.manualDeduction, problems));
  return { deduction, total: dmax(ZERO, gross.minus(deduction)) };
}

function grossOf(p: TotalParts): Dec {
  return p.kind === 'department' ? p.taskTotal.plus(p.subtotal) : p.subtotal.plus(p.executionScore ?? ZERO);
}

/** A typed 减分项: positive amounts count; unreadable text is reported. */
function manualDeductionOf(input: CellInput, problems: Problem[]): Dec {
  const d = readNumber(input);
  if (d === 'bad') problems.push(problem('bad-number', `无法识别减分项“${show(input)}”`, 'deduction'));
  return d instanceof D && d.greaterThan(0) ? d : ZERO;
}

/** Σ of a range of scores as SUM takes it: numbers and numeric text; other text (a repeated 得分 header) and blanks are skipped. */
export function sumScoreCells(cells: Iterable<unknown>): Dec {
  let s = ZERO;
  for (const v of cells) {
    const n = typeof v === 'number' || typeof v === 'string' ? readNumber(v) : null;
    if (n instanceof D) s = s.plus(n);
  }
  return s;
}
