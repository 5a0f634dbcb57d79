import Decimal from 'decimal.js';
import { readXlsxWorkbook } from '../../src/hosts/xlsx';
import { isFinding, reviewWorkbook, type FormReview } from '../../src/sheet/review';
import { publishedStands, type ExpectedForm } from '../helpers/fixtures';
import { scoredFixtureBooks, typedFixture } from './typed-fixtures';

/**
 * Review of the fixtures with their published values typed into the output cells: every value
 * the rules reproduce passes, every deviation the expected files explain (`why_not`,
 * `*_reproducible: false`) is a finding at its cell.
 */

const DIFFERS = /-differs$/;

/** Decimal places a printed fraction carries (0.949 → 3), at least 2. */
function places(x: number): number {
  const s = String(x);
  return Math.max(2, s.includes('.') ? s.split('.')[1].length : 0);
}

/** Cells where a typed published value must be reported, from the expected file alone. */
function expectedFindingCells(f: ExpectedForm): { required: Set<string>; optional: Set<string> } {
  const oc = f.output_cells ?? {};
  const required = new Set<string>();
  const optional = new Set<string>();
  for (const r of f.rows) {
    if (!publishedStands(f, r)) {
      if (r.rule_score != null && new Decimal(r.rule_score).toDecimalPlaces(2).equals(new Decimal(r.expected_score!).toDecimalPlaces(2))) continue;
      required.add(`${oc.row_score_column}${r.excel_row}`);
      if (oc.row_completion_column && r.rule_completion != null && r.expected_completion != null) {
        const p = places(r.expected_completion);
        if (!new Decimal(r.rule_completion).toDecimalPlaces(p).equals(new Decimal(r.expected_completion).toDecimalPlaces(p))) required.add(`${oc.row_completion_column}${r.excel_row}`);
      }
    }
  }
  for (const t of f.tasks ?? []) {
    // The expected files judge the task scores, not the printed task rates: a rate the amounts
    // give differently (89.00 % printed, 89.01 % by amounts) may be reported or not.
    optional.add(`${oc.task_rate_column}${t.excel_row}`);
    if (t.reproducible) continue;
    required.add(`${oc.task_score_column}${t.excel_row}`);
    // The task deviations are printed rates that the amounts do not give.
    if (/printed rate/.test(String((t as unknown as { why_not: string }).why_not))) required.add(`${oc.task_rate_column}${t.excel_row}`);
  }
  if (f.execution_rate_reproducible === false && oc.execution_rate) required.add(oc.execution_rate);
  if (f.execution_score_reproducible === false && oc.execution_score) required.add(oc.execution_score);
  if (f.subtotal_reproducible === false && oc.subtotal) required.add(oc.subtotal);
  if (!f.total_reproducible && oc.total) required.add(oc.total);
  return { required, optional };
}

const books = [...scoredFixtureBooks()];

describe('review of the fixtures with their published values typed in', () => {
  const reviews = new Map<string, FormReview[]>();
  beforeAll(async () => {
    for (const [wb, forms] of books) {
      const book = await readXlsxWorkbook(await typedFixture(wb, forms), { name: wb });
      reviews.set(wb, reviewWorkbook(book.grid));
    }
  });

  it.each(books.flatMap(([wb, forms]) => forms.map((f) => [wb, f.sheet, f] as const)))('%s / %s: findings exactly where the published value is not the rule', (wb, sheet, f) => {
    const review = reviews.get(wb)!.find((r) => r.sheet === sheet);
    expect(review).toBeDefined();
    const { required, optional } = expectedFindingCells(f);
    const differs = review!.findings.filter((x) => DIFFERS.test(x.code));
    const cells = new Set(differs.map((x) => x.cell!));
    for (const c of required) expect({ cell: c, found: cells.has(c) }).toEqual({ cell: c, found: true });
    for (const x of differs) expect({ cell: x.cell, message: x.message, allowed: required.has(x.cell!) || optional.has(x.cell!) }).toMatchObject({ cell: x.cell, message: x.message, allowed: true });
    // The published figures add up in every form: no arithmetic findings.
    expect(review!.findings.filter((x) => /arithmetic/.test(x.code)).map((x) => x.message)).toEqual([]);
    expect(review!.profile).toBe(f.profile);
  });

  it('reports the rule value beside the typed one (hubei (四) 提升劳动法规知晓率: 28 typed, 28.67 by rule)', () => {
    const review = reviews.get('hubei-project-4.xlsx')![0];
    const f = review.findings.find((x) => x.cell === 'H17');
    expect(f).toMatchObject({ code: 'score-differs', typed: '28', severity: 'error' });
    expect(new Decimal(f!.rule!).toDecimalPlaces(2).toNumber()).toBe(28.67);
    expect(review.ruleTotal.toDecimalPlaces(2).toNumber()).toBe(98.67);
    expect(review.typedTotal!.toNumber()).toBe(98);
  });

  it('notes the Liaoning over-achievement penalty and the execution cap as context, not as findings', () => {
    const f01 = reviews.get('liaoning-project-F01.xlsx')![0];
    const overshoot = f01.findings.filter((x) => x.code === 'overshoot-penalty');
    expect(overshoot.map((x) => x.cell)).toEqual(['J10']);
    expect(overshoot.every((x) => !isFinding(x))).toBe(true);
    const f03 = reviews.get('liaoning-project-F03.xlsx')![0];
    expect(f03.findings.find((x) => x.code === 'execution-cap')).toMatchObject({ cell: 'H16', severity: 'info' });
  });

  it('a form whose every published value is reproducible and full has no findings at all', () => {
    const f08 = reviews.get('liaoning-project-F08.xlsx')![0];
    expect(f08.typedTotal!.toNumber()).toBe(100);
    expect(f08.findings.filter(isFinding)).toEqual([]);
  });
});
