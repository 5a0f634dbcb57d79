import * as fs from 'fs';
import * as path from 'path';
import { a1, type CellValue, type SheetGrid } from '../../src/sheet/grid';
import type { FakeBookJson } from './fake-excel';
import { FIXTURES } from './load-fixture';

/** One form of a fixture's expected file: the output cells whose published value the rules reproduce. */
export interface ExpectedOutput {
  sheet: string;
  profile: 'national' | 'hubei' | 'liaoning';
  /** A1 address → published value the product must write. */
  cells: Record<string, number>;
  /** A1 address → text the product must write (the grade cell of N2). */
  texts: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expected files are loosely shaped JSON
type Json = Record<string, any>;

/** Only published values the rules reproduce; the others are checked against the pure pipeline instead. */
function pick(published: unknown, reproducible: unknown): number | null {
  return reproducible !== false && typeof published === 'number' ? published : null;
}

/** Expected files of shared/fixtures and its national/ subfolder (layouts N1–N7), relative to FIXTURES. */
export function expectedFiles(): string[] {
  return ['', 'national'].flatMap((dir) =>
    fs.existsSync(path.join(FIXTURES, dir))
      ? fs
          .readdirSync(path.join(FIXTURES, dir))
          .filter((f) => f.endsWith('.expected.json'))
          .sort()
          .map((f) => path.posix.join(dir, f))
      : [],
  );
}

export function expectedOutputs(expectedFile: string): { workbook: string; forms: ExpectedOutput[] } {
  const json: Json = JSON.parse(fs.readFileSync(path.join(FIXTURES, expectedFile), 'utf8'));
  const forms: Json[] = Array.isArray(json.forms) ? json.forms : [json];
  const out: ExpectedOutput[] = [];
  for (const f of forms) {
    const oc: Json = f.output_cells ?? {};
    const cells: Record<string, number> = {};
    const put = (addr: unknown, v: number | null) => {
      if (typeof addr === 'string' && v !== null) cells[addr] = v;
    };
    put(oc.total, pick(f.expected_total, f.total_reproducible));
    put(oc.total_header, pick(f.expected_total, f.total_reproducible));
    put(oc.execution_score, pick(f.expected_execution_score, f.execution_score_reproducible));
    put(oc.subtotal, pick(f.expected_subtotal, f.subtotal_reproducible));
    put(oc.deduction, typeof f.expected_deduction === 'number' ? f.expected_deduction : null);
    for (const r of f.rows ?? []) {
      if (oc.row_score_column) put(`${oc.row_score_column}${r.excel_row}`, pick(r.expected_score, r.reproducible));
    }
    for (const t of f.tasks ?? []) {
      if (oc.task_score_column) put(`${oc.task_score_column}${t.excel_row}`, pick(t.expected_score, t.reproducible));
    }
    const texts: Record<string, string> = {};
    if (typeof oc.grade === 'string' && typeof f.expected_grade === 'string') texts[oc.grade] = f.expected_grade;
    out.push({ sheet: f.sheet, profile: f.profile, cells, texts });
  }
  return { workbook: path.posix.join(path.posix.dirname(expectedFile), json.workbook ?? forms[0].workbook), forms: out };
}

export { at2 } from '../helpers/fixtures';

/** The grid straight from the file (no Office.js in between): the reference the adapter must match. */
export function gridsFromJson(json: FakeBookJson): SheetGrid[] {
  return json.sheets.map((s) => {
    let top = Infinity, left = Infinity, bottom = 0, right = 0;
    for (const [r, c, v, , f] of s.cells) {
      if (v === null && !f) continue;
      top = Math.min(top, r); left = Math.min(left, c); bottom = Math.max(bottom, r); right = Math.max(right, c);
    }
    if (top === Infinity) return { name: s.name, originRow: 1, originCol: 1, values: [], formats: [], formulas: {}, merges: [] };
    const values: CellValue[][] = Array.from({ length: bottom - top + 1 }, () => Array(right - left + 1).fill(null));
    const formats: (string | null)[][] = Array.from({ length: bottom - top + 1 }, () => Array(right - left + 1).fill('General'));
    const formulas: Record<string, string> = {};
    for (const [r, c, v, fmt, f] of s.cells) {
      if (r < top || r > bottom || c < left || c > right) continue;
      values[r - top][c - left] = v === '' ? null : v;
      formats[r - top][c - left] = fmt;
      if (f) formulas[a1(r, c)] = f;
    }
    return { name: s.name, originRow: top, originCol: left, values, formats, formulas, merges: s.merges };
  });
}
