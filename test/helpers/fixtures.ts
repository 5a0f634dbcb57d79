import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder up with a package.json (also from compiled copies in dist-bench/). */
function repoRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** shared/fixtures beside the repository. */
export const FIXTURES = path.resolve(repoRoot(__dirname), '..', 'shared', 'fixtures');

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

/**
 * Where the fixture's reference check and SCORING.md disagree, the spec wins. SCORING.md 3.5: the
 * over-achievement penalty applies to project forms only ("a department form scored 90 against ≥ 60
 * at full marks"); the fixture's `rule_score` for that very row applies it. With the two other rule
 * deviations of that form (task 4.66, 预算执行率 1.584) its total is 95.128.
 */
export const SPEC_OVER_REFERENCE: Readonly<Record<string, { row: number; total: string }>> = {
  'liaoning-dept-2': { row: 34, total: '95.128' },
};

/** Whether a row's published value stands (reproducible, or the spec exception above). */
export function publishedStands(f: ExpectedForm, r: ExpectedRow): boolean {
  return Boolean(r.reproducible) || SPEC_OVER_REFERENCE[f.form_key]?.row === r.excel_row;
}

/** The score a fixture row must come out with: published where it stands, else the rule's. */
export function wantedRowScore(f: ExpectedForm, r: ExpectedRow): number | null {
  return (publishedStands(f, r) ? r.expected_score : r.rule_score) ?? null;
}

/** The total a fixture form must come out with: published where reproducible, else the spec's or the rule's. */
export function wantedTotal(f: ExpectedForm): number | string {
  if (f.total_reproducible) return f.expected_total!;
  return SPEC_OVER_REFERENCE[f.form_key]?.total ?? f.rule_total!;
}
