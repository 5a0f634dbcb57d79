import * as fs from 'fs';
import * as path from 'path';
import { applyPlanToXlsx } from '../../src/hosts/xlsx';
import { parseA1, type CellWrite, type WriteKind } from '../../src/sheet/grid';
import { expectedForms, FIXTURES, type ExpectedForm } from '../helpers/fixtures';

/**
 * The fixtures as a finance bureau receives them: every output cell filled with the value the
 * published form prints (expected files), as a person types it. Written through the xlsx host's
 * write path with no record of earlier writes, so every value counts as typed.
 */

/** The scored forms (L1–L3) of the fixtures folder, grouped by workbook. */
export function scoredFixtureBooks(): Map<string, ExpectedForm[]> {
  const out = new Map<string, ExpectedForm[]>();
  for (const f of expectedForms((f) => ['L1', 'L2', 'L3'].includes(f.layout) && !!f.output_cells)) {
    const list = out.get(f.workbook) ?? [];
    list.push(f);
    out.set(f.workbook, list);
  }
  return out;
}

function write(sheet: string, address: string, value: number, kind: WriteKind, numberFormat?: string): CellWrite {
  const at = parseA1(address)!;
  return { sheet, row: at.row, col: at.col, address, value, kind, ...(numberFormat ? { numberFormat } : {}) };
}

/** The percent format a printed rate shows ('94.9%' → '0.0%', '66%' → '0%'); '0.00%' when unknown. */
function percentFormat(printed: unknown): string {
  const m = typeof printed === 'string' ? /\d+(?:\.(\d+))?\s*%/.exec(printed) : null;
  if (!m) return '0.00%';
  return m[1] ? `0.${'0'.repeat(m[1].length)}%` : '0%';
}

/** The published values of one form as cell writes (percentages as percent-formatted numbers). */
export function publishedWrites(f: ExpectedForm): CellWrite[] {
  const oc = f.output_cells ?? {};
  const out: CellWrite[] = [];
  for (const r of f.rows) {
    if (oc.row_completion_column && r.expected_completion != null && r.completion_input == null) {
      out.push(write(f.sheet, `${oc.row_completion_column}${r.excel_row}`, r.expected_completion, 'row-completion', '0.00%'));
    }
    if (oc.row_score_column && r.expected_score != null) out.push(write(f.sheet, `${oc.row_score_column}${r.excel_row}`, r.expected_score, 'row-score', '0.00'));
  }
  for (const t of f.tasks ?? []) {
    if (oc.task_rate_column) out.push(write(f.sheet, `${oc.task_rate_column}${t.excel_row}`, t.expected_rate, 'task-rate', percentFormat((t as { expected_rate_printed?: string }).expected_rate_printed)));
    if (oc.task_score_column) out.push(write(f.sheet, `${oc.task_score_column}${t.excel_row}`, t.expected_score, 'task-score', '0.00'));
  }
  if (oc.execution_rate && f.execution_rate != null) out.push(write(f.sheet, oc.execution_rate, f.execution_rate, 'execution-rate', percentFormat(f.execution_rate_printed)));
  if (oc.execution_score && f.expected_execution_score != null) out.push(write(f.sheet, oc.execution_score, f.expected_execution_score, 'execution-score', '0.00'));
  if (oc.subtotal && f.expected_subtotal != null) out.push(write(f.sheet, oc.subtotal, f.expected_subtotal, 'subtotal', '0.00'));
  if (oc.deduction && f.expected_deduction != null) out.push(write(f.sheet, oc.deduction, f.expected_deduction, 'deduction', '0.00'));
  if (oc.total && f.expected_total != null) out.push(write(f.sheet, oc.total, f.expected_total, 'total', '0.00'));
  return out;
}

/** A fixture workbook with its forms' published values typed in. */
export async function typedFixture(workbook: string, forms: ExpectedForm[]): Promise<Buffer> {
  const bytes = fs.readFileSync(path.join(FIXTURES, workbook));
  return applyPlanToXlsx(bytes, { writes: forms.flatMap(publishedWrites), kept: [], prior: {} });
}

/**
 * A department's inbox: `count` workbooks (the typed fixtures, repeated under new names) in `dir`.
 * Returns the paths written.
 */
export async function writeReviewFolder(dir: string, count: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const books = [...scoredFixtureBooks()];
  const typed = await Promise.all(books.map(async ([wb, forms]) => [wb, await typedFixture(wb, forms)] as const));
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const [wb, bytes] = typed[i % typed.length];
    const p = path.join(dir, `${String(i + 1).padStart(3, '0')}-${wb}`);
    fs.writeFileSync(p, bytes);
    paths.push(p);
  }
  return paths;
}
