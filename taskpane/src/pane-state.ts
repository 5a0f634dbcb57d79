import { excelError } from '../../src/sheet/errors';
import type { FormSummary } from './report';

/** Chinese first, from the one error catalogue (src/sheet/errors.ts); Excel's own words only as detail. */
export function excelErrorText(e: unknown): { zh: string; excel: string | null } {
  const err = excelError(e);
  return { zh: err.message, excel: err.detail };
}

/** “总分 94.49 → 91.59”, per form whose total or grade moved, and the edit that set it off. */
export function changeLines(before: FormSummary[], after: FormSummary[], edit: { sheet: string; address: string } | null): string[] {
  const lines: string[] = [];
  for (const f of after) {
    const old = before.find((b) => b.key === f.key);
    if (!old || (old.total === f.total && old.grade === f.grade)) continue;
    const grade = old.grade === f.grade ? '' : `，等级 ${old.grade} → ${f.grade}`;
    lines.push(`${f.name}：总分 ${old.total} → ${f.total}${grade}`);
  }
  if (lines.length && edit) lines.push(`由 ${edit.sheet}!${edit.address} 的修改触发。`);
  return lines;
}
