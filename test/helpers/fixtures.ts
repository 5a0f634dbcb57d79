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

/** Subfolders of shared/fixtures holding more expected files (layouts N1–N7 in national/). */
const FIXTURE_DIRS = ['', 'national'];

/** Every form of every expected file in shared/fixtures (and its subfolders), read from disk; `workbook` is relative to FIXTURES. */
export function expectedForms(filter: (f: ExpectedForm) => boolean = () => true): ExpectedForm[] {
  const out: ExpectedForm[] = [];
  for (const dir of FIXTURE_DIRS) {
    const folder = path.join(FIXTURES, dir);
    if (!fs.existsSync(folder)) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.expected.json')).sort()) {
      const json = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
      const forms: ExpectedForm[] = Array.isArray(json.forms) ? json.forms : [json];
      for (const f of forms) out.push({ ...f, workbook: path.posix.join(dir, f.workbook ?? json.workbook) });
    }
  }
  return out.filter(filter);
}

/** The national template and its regional variants (layouts N1–N7). */
export function isNational(f: ExpectedForm): boolean {
  return /^N\d/.test(f.layout);
}

/** Half-up rounding to the 2 decimals the forms print, done on the decimal text to avoid binary noise. */
export function at2(x: number | string): string {
  const D = require('decimal.js');
  return new D(String(x)).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
}

/** Whether a row's published value stands (reproducible). */
export function publishedStands(_f: ExpectedForm, r: ExpectedRow): boolean {
  return Boolean(r.reproducible);
}

/** The score a fixture row must come out with: published where it stands, else the rule's. */
export function wantedRowScore(f: ExpectedForm, r: ExpectedRow): number | null {
  return (publishedStands(f, r) ? r.expected_score : r.rule_score) ?? null;
}

/** The total a fixture form must come out with: published where reproducible, else the rule's. */
export function wantedTotal(f: ExpectedForm): number | string {
  return f.total_reproducible ? f.expected_total! : f.rule_total!;
}
