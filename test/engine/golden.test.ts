import { PROFILES, scoreForm, type FormResult } from '../../src/engine';
import { fixtureInput } from '../helpers/fixture-input';
import { at2, expectedForms, publishedStands, wantedRowScore, wantedTotal, type ExpectedForm } from '../helpers/fixtures';

/**
 * The published forms in shared/fixtures, scored by the engine alone: every value marked
 * reproducible must come out as published (at the 2 decimals the forms print), and every
 * non-reproducible one as SCORING.md's rule gives it (`rule_*`).
 */
const scored = expectedForms((f) => f.layout !== 'L4');

async function score(f: ExpectedForm): Promise<FormResult> {
  return scoreForm(await fixtureInput(f), PROFILES[f.profile]);
}

describe.each(scored.map((f) => [f.form_key, f] as const))('%s', (_key, f) => {
  let result: FormResult;
  beforeAll(async () => {
    result = await score(f);
  });

  test('rows reproduce the published scores, or the rule where the publication deviates', () => {
    let index = 0;
    const checked: string[] = [];
    for (const er of f.rows) {
      const r = result.rows[index];
      index += (er.excel_rows ?? [er.excel_row]).length;
      const want = wantedRowScore(f, er);
      expect({ row: er.excel_row, score: r.score === null ? null : at2(r.score.toString()) }).toEqual({
        row: er.excel_row,
        score: want === null || want === undefined ? null : at2(want),
      });
      if (er.expected_completion !== null && er.expected_completion !== undefined && publishedStands(f, er)) {
        expect({ row: er.excel_row, completion: at2(r.unitCompletion!.toString()) }).toEqual({
          row: er.excel_row,
          completion: at2(er.expected_completion),
        });
      }
      for (const flag of er.spec_flags ?? []) {
        expect({ row: er.excel_row, flags: result.rows.filter((x) => x.unitStart === r.unitStart).flatMap((x) => x.flags) }).toEqual({
          row: er.excel_row,
          flags: expect.arrayContaining([flag]),
        });
      }
      checked.push(String(er.excel_row));
    }
    expect(checked.length).toBe(f.rows.length);
  });

  test('tasks (department forms)', () => {
    for (const [i, t] of (f.tasks ?? []).entries()) {
      const want = t.reproducible ? t.expected_score : t.rule_score!;
      expect({ row: t.excel_row, score: at2(result.tasks[i].score!.toString()) }).toEqual({ row: t.excel_row, score: at2(want) });
    }
  });

  test('execution score, deduction and total', () => {
    if (f.kind !== 'department') {
      expect(at2(result.executionRate!.toString())).toBe(at2(f.execution_rate_rule!));
      if (f.execution_score_reproducible) expect(at2(result.executionScore!.toString())).toBe(at2(f.expected_execution_score!));
    }
    if (f.expected_deduction !== null && f.expected_deduction !== undefined && f.total_reproducible) {
      expect(at2(result.deduction.toString())).toBe(at2(f.expected_deduction));
    }
    expect(at2(result.total.toString())).toBe(at2(wantedTotal(f)));
    if (f.subtotal_reproducible && f.expected_subtotal !== null && f.expected_subtotal !== undefined) {
      expect(at2(result.subtotal.toString())).toBe(at2(f.expected_subtotal));
    }
  });

  test('weights add up as the fixture says', () => {
    if (typeof f.weights_sum === 'number') {
      const taskWeights = (f.tasks ?? []).reduce((s, t) => s + t.weight, 0);
      expect(Number(result.weightsSum.plus(taskWeights).toString())).toBeCloseTo(f.weights_sum, 9);
    }
    expect(result.problems.filter((p) => p.code === 'weights-sum')).toEqual([]);
  });
});
