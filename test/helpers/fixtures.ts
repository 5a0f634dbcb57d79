import * as fs from 'fs';
import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');

/** One form of an expected file, with the workbook it belongs to. */
export interface ExpectedForm {
  workbook: string;
  sheet: string;
  form_key: string;
  layout: string;
  profile: 'liaoning' | 'hubei' | 'national';
  kind: 'project' | 'department' | 'overall';
  table_range?: string;
  header_rows: number[];
  output_cells?: Record<string, string>;
  rows: ExpectedRow[];
  tasks?: ExpectedTask[];
  execution_rate?: number | null;
  execution_rate_rule?: number | null;
  execution_rate_reproducible?: boolean;
  expected_execution_score?: number | null;
  execution_score_reproducible?: boolean;
  expected_subtotal?: number | null;
  subtotal_reproducible?: boolean;
  expected_deduction?: number | null;
  expected_total?: number | null;
  total_reproducible?: boolean;
  rule_total?: number | null;
  weights_sum?: number | null;
  execution_weight?: number | null;
  expected_weights_check?: 'ok' | 'weights-sum' | 'no-weights';
  missing_weights?: number;
  [key: string]: unknown;
}

export interface ExpectedRow {
  excel_row: number;
  excel_rows?: number[];
  indicator: string;
  level1?: string;
  level2?: string;
  weight: number | null;
  expected_completion?: number | null;
  expected_score?: number | null;
  reproducible?: boolean;
  rule_score?: number | null;
  rule_completion?: number | null;
  completion_input?: number | null;
  spec_flags?: string[];
  op?: string;
  value?: string;
  unit?: string;
  kind?: string;
}

export interface ExpectedTask {
  excel_row: number;
  project: string;
  weight: number;
  expected_rate: number;
  expected_score: number;
  reproducible: boolean;
  rule_score?: number;
}

/** Every form of every expected file in shared/fixtures, read from disk. */
export function expectedForms(filter: (f: ExpectedForm) => boolean = () => true): ExpectedForm[] {
  const out: ExpectedForm[] = [];
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.expected.json')).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
    const forms: ExpectedForm[] = Array.isArray(json.forms) ? json.forms : [json];
    for (const f of forms) out.push({ ...f, workbook: f.workbook ?? json.workbook });
  }
  return out.filter(filter);
}

/** Half-up rounding to the 2 decimals the forms print, done on the decimal text to avoid binary noise. */
export function at2(x: number | string): string {
  const D = require('decimal.js');
  return new D(String(x)).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
}
