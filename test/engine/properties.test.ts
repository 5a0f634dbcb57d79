import fc from 'fast-check';
import { PROFILES, parseValue, scoreForm, type RowInput } from '../../src/engine';

const profiles = fc.constantFrom(PROFILES.national, PROFILES.hubei, PROFILES.liaoning);
const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.constant(null), fc.constantFrom('≥90%', '1.1万人', '≤48 小时', '明显', '1-2 次', '—', '9827. 48'));
const op = fc.constantFrom('>=', '<=', '=', '>', '<', '', null, '≥', '定性', '≪');
const amount = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100);

describe('properties', () => {
  test('the parser never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.option(fc.string()), (s, unit) => void parseValue(s, unit)), { numRuns: 3000 });
  });

  test('scoring never throws on arbitrary rows, and a score lies in [0, weight]', () => {
    fc.assert(
      fc.property(profiles, op, cell, cell, cell, fc.integer({ min: 0, max: 100 }), fc.constantFrom('project', 'department', 'overall') as fc.Arbitrary<'project'>, (profile, operator, target, actual, completion, weight, kind) => {
        const row: RowInput = { operator, target, actual, completion, weight, level1: '产出指标' };
        const r = scoreForm({ kind, rows: [row] }, profile).rows[0];
        if (r.score !== null) {
          expect(r.score.greaterThanOrEqualTo(0)).toBe(true);
          expect(r.score.lessThanOrEqualTo(weight)).toBe(true);
        }
        if (r.completion !== null) expect(r.completion.greaterThanOrEqualTo(0) && r.completion.lessThanOrEqualTo(1)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['forward scores never decrease', ['>=', '>', '=', ''], 1],
    ['reverse scores never increase', ['<=', '<'], -1],
  ] as const)('%s as the actual grows', (_name, operators, direction) => {
    fc.assert(
      fc.property(profiles, fc.constantFrom(...operators), amount, amount, amount, fc.integer({ min: 1, max: 50 }), (profile, operator, target, a1, a2, weight) => {
        const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        // An equality target of 0 scores like ≤ 0 (SCORING.md 3.4: B ≤ 0 → 1, else 0): not a forward row.
        fc.pre(!(operator === '=' && Number(target) === 0));
        // Profiles with an over-achievement penalty trade monotonicity for it above the threshold (3.5).
        const p = { ...profile, overshoot: null };
        const s = (actual: number) => scoreForm({ rows: [{ operator, target, actual, weight }] }, p).rows[0].score!;
        expect(s(hi).minus(s(lo)).times(direction).lessThan(0)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test('a form total is never negative and the execution score never exceeds its weight', () => {
    fc.assert(
      fc.property(profiles, amount, amount, fc.array(fc.record({ operator: op, target: cell, actual: cell, weight: fc.integer({ min: 0, max: 30 }) }), { maxLength: 12 }), cell, (profile, budget, spent, rows, deduction) => {
        const r = scoreForm({ budget, spent, rows, deduction }, profile);
        expect(r.total.isNegative()).toBe(false);
        if (r.executionScore) expect(r.executionScore.lessThanOrEqualTo(r.executionWeight)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test('an Excel error value (target or actual) or a negative count (actual) is never scored, and always a located error', () => {
    const excelError = fc.tuple(fc.constantFrom('#NAME?', '#DIV/0!', '#N/A', '#VALUE!', '#REF!', ' #N/A '), fc.constantFrom('target', 'actual'));
    const negativeCount = fc.tuple(fc.integer({ min: 1, max: 1_000_000 }).map((n) => `-${n} 人`), fc.constant('actual'));
    const quantitative = fc.constantFrom('>=', '<=', '=', '>', '<', '', null, '≥', '≪');
    fc.assert(
      fc.property(profiles, quantitative, fc.oneof(excelError, negativeCount), (profile, operator, [bad, field]) => {
        const row: RowInput = { operator, target: '100 人', actual: '90 人', weight: 10, [field]: bad };
        const r = scoreForm({ rows: [row] }, profile).rows[0];
        expect(r.score).toBeNull();
        expect(r.problems.some((p) => p.severity === 'error' && p.field === field)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
