import fc from 'fast-check';
import { PROFILES, resolveProfile, scoreForm } from '../../src/engine';
import * as fn from '../../src/functions/functions';
import { fixtureInput } from '../helpers/fixture-input';
import { expectedForms } from '../helpers/fixtures';

/** What a cell holding this value passes to a custom function: an empty cell is "". */
const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : v);

/** The FunctionError a call throws, or null when it returns. */
function refusal(run: () => unknown): fn.FunctionError | null {
  try {
    run();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(fn.FunctionError);
    return e as fn.FunctionError;
  }
}

describe('worksheet functions give what the engine gives, on every fixture (target tables included)', () => {
  const forms = expectedForms();
  test.each(forms.map((f) => [f.form_key, f] as const))('%s', async (_key, f) => {
    const input = await fixtureInput(f);
    const result = scoreForm(input, PROFILES[f.profile]);
    let compared = 0;
    input.rows.forEach((row, i) => {
      const r = result.rows[i];
      // Merged units, evaluator completions and operator-less cost rows need the whole form.
      const standalone = r.unitRows.length === 1 && row.completion == null && !(row.operator == null && /成本/.test(row.level1 ?? ''));
      if (!standalone) return;
      const score = () => fn.score(cell(row.operator), cell(row.target), cell(row.actual), cell(row.weight), cell(row.unit), f.profile, f.kind);
      compared++;
      if (r.score === null) {
        // Not scored by the engine: the formula refuses, #N/A for a row still waiting for its actual.
        const e = refusal(score);
        expect({ row: i, refused: e !== null, pending: e?.code === 'notAvailable' }).toEqual({ row: i, refused: true, pending: r.problems.some((p) => p.code === 'missing-actual') });
        return;
      }
      expect({ row: i, score: score() }).toEqual({ row: i, score: Number(r.score.toString()) });
      expect(fn.completion(cell(row.operator), cell(row.target), cell(row.actual), cell(row.unit), f.profile)).toBe(Number(r.completion!.toString()));
    });
    expect(compared).toBeGreaterThan(0);
    const scores = result.rows.filter((r) => r.score !== null).map((r) => [Number(r.score!.toString())]);
    if (f.kind === 'department') {
      expect(fn.grade(Number(result.total.toString()), f.profile)).toBe(result.grade);
    } else if (result.executionScore === null) {
      expect(refusal(() => fn.execScore(input.budget ?? '', input.spent ?? '', input.executionWeight ?? '', f.profile))).not.toBeNull();
      expect(fn.total(scores, '', f.profile)).toBe(Number(result.total.toString()));
      expect(fn.grade(fn.total(scores, '', f.profile), f.profile)).toBe(result.grade);
    } else {
      const exec = fn.execScore(input.budget ?? '', input.spent ?? '', input.executionWeight ?? '', f.profile);
      expect(exec).toBe(Number(result.executionScore.toString()));
      const total = fn.total(scores, exec, f.profile, input.budget ?? '', input.spent ?? '');
      expect(total).toBe(Number(result.total.toString()));
      expect(fn.grade(total, f.profile)).toBe(result.grade);
      // Without the amounts the rate is read back from the score: the same total, or a refusal — never another number.
      expectSameOrRefused(() => fn.total(scores, exec, f.profile), total);
    }
  });
});

function expectSameOrRefused(run: () => number, want: number): void {
  let got: number | Error;
  try {
    got = run();
  } catch (e) {
    got = e as Error;
  }
  if (got instanceof Error) expect(got.message).toMatch(/(已舍入到 \d 位小数，无法判断|权重为 0，无法由得分推出)执行率是否低于封顶界限/);
  else expect(got).toBe(want);
}

describe('JIXIAO.TOTAL takes the caps from the execution rate, not from the rounded score (issue 11)', () => {
  // {"base": "liaoning", "scoreDecimals": 2}: 49.99 % gives an execution score of 4.999, stored as 5.00.
  const profile = resolveProfile({
    base: 'liaoning',
    scoreDecimals: 2,
    id: 'liaoning-2dp',
  }).profile!;
  const form = {
    budget: 10000,
    spent: 4999,
    rows: [{ operator: '>=', target: 100, actual: 100, weight: 90 }],
  };
  beforeAll(() => fn.setDefaultProfile(profile));
  afterAll(() => fn.setDefaultProfile(PROFILES.national));

  test('the engine caps at 59 (rate < 50 %), and so does the formula', () => {
    const result = scoreForm(form, profile);
    expect([result.executionScore!.toString(), result.total.toString()]).toEqual(['5', '59']);
    const exec = fn.execScore(10000, 4999, '', 'liaoning-2dp');
    expect(exec).toBe(5);
    expect(fn.total([[90]], exec, 'liaoning-2dp', 10000, 4999)).toBe(59);
    expect(fn.grade(59, 'liaoning-2dp')).toBe('差');
  });

  test('without budget and spent the formula refuses instead of giving 69', () => {
    expect(() => fn.total([[90]], 5, 'liaoning-2dp')).toThrow(/预算执行率得分 5 已舍入到 2 位小数，无法判断执行率是否低于封顶界限/);
    // Far from a bound the score says enough: 8.00 is a rate of 79.95 %–80.05 %, no cap.
    expect(fn.total([[90]], 8, 'liaoning-2dp')).toBe(98);
    // Exact scores (Liaoning's own scoreDecimals null) carry the rate exactly.
    expect(fn.total([[90]], 4.999, 'liaoning')).toBe(59);
  });
});

describe('every function against scoreForm over generated custom profiles (fast-check)', () => {
  const cap = fc.record({
    rateBelow: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    maxTotal: fc.integer({ min: 0, max: 100 }),
  });
  const customProfile = fc.record({
    base: fc.constantFrom('national', 'hubei', 'liaoning'),
    scoreDecimals: fc.constantFrom(null, 0, 1, 2, 3),
    completionDecimals: fc.constantFrom(null, 0, 1, 2),
    executionWeight: fc.integer({ min: 0, max: 30 }),
    executionCaps: fc.array(cap, { maxLength: 3 }),
    grades: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map((g) => {
      const [pass, good, excellent] = g.sort((a, b) => a - b);
      return { excellent, good, pass };
    }),
  });
  const row = fc.record({
    operator: fc.constantFrom('>=', '<=', '='),
    target: fc.integer({ min: 1, max: 500 }),
    actual: fc.integer({ min: 0, max: 900 }),
    weight: fc.integer({ min: 1, max: 30 }),
  });
  // Spent at, just below and just above a cap's bound (budget 10000: one unit is 0.01 %).
  const amounts = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -2, max: 2 })).map(([pct, delta]) => ({
    budget: 10000,
    spent: Math.max(0, pct * 100 + delta),
  }));

  test('SCORE, COMPLETION, EXECSCORE, TOTAL and GRADE give the form’s values, caps at the boundary included', () => {
    let capped = 0;
    let nearBound = 0;
    // Spent within ±2 units (±0.02 %) of one of the profile's cap bounds, or anywhere.
    const bound = fc.option(fc.tuple(fc.nat(), fc.integer({ min: -2, max: 2 })), { freq: 2 });
    try {
      fc.assert(
        fc.property(customProfile, fc.array(row, { minLength: 1, maxLength: 6 }), amounts, bound, (json, rows, anywhere, near) => {
          const profile = resolveProfile({ ...json, id: 'generated' }).profile!;
          const caps = profile.executionCaps;
          const money = near && caps.length ? { budget: 10000, spent: Math.max(0, Math.round(caps[near[0] % caps.length].rateBelow * 10000) + near[1]) } : anywhere;
          if (near && caps.length) nearBound++;
          fn.setDefaultProfile(profile);
          const result = scoreForm({ ...money, rows }, profile);
          rows.forEach((r, i) => {
            expect(fn.score(r.operator, r.target, r.actual, r.weight, '', 'generated')).toBe(Number(result.rows[i].score!.toString()));
            expect(fn.completion(r.operator, r.target, r.actual, '', 'generated')).toBe(Number(result.rows[i].completion!.toString()));
          });
          const exec = fn.execScore(money.budget, money.spent, '', 'generated');
          expect(exec).toBe(Number(result.executionScore!.toString()));
          const scores = result.rows.map((r) => [Number(r.score!.toString())]);
          const total = fn.total(scores, exec, 'generated', money.budget, money.spent);
          // Cells hold binary doubles: an exact but non-terminating score (national reverse-linear, exact scores) differs in the 15th digit.
          expect(total).toBeCloseTo(Number(result.total.toString()), 9);
          expect(fn.grade(result.total.toString(), 'generated')).toBe(result.grade);
          expectSameOrRefused(() => fn.total(scores, exec, 'generated'), total);
          if (result.deduction.greaterThan(0)) capped++;
        }),
        { numRuns: 1500 },
      );
    } finally {
      fn.setDefaultProfile(PROFILES.national);
    }
    expect(nearBound).toBeGreaterThan(300);
    expect(capped).toBeGreaterThan(50);
  });
});

describe('worksheet functions on their own', () => {
  test('the seed examples', () => {
    expect(fn.score('>=', 800, 789, 12.5, '人', 'liaoning')).toBe(12.375);
    expect(fn.score('', '≥98%', 0.95, 10, '', 'hubei')).toBe(9.69);
    expect(fn.score('>=', 50, 88, 10, '', 'liaoning')).toBe(5);
    expect(fn.score('>=', 50, 88, 10, '', 'liaoning', '部门')).toBe(10);
    expect(fn.score('', '1.1万人', '23101 人', 2.5, '', '湖北')).toBe(2.5);
    expect(fn.completion('>=', 1850, 620, '', 'liaoning')).toBe(0.34);
    expect(fn.execScore(9827.48, 6500, '', 'hubei')).toBe(13.23);
    expect(fn.execScore(99.23, 99.02, '', 'liaoning')).toBeCloseTo(9.978837, 6);
    expect(fn.total([[75], ['']], 3.1714, 'liaoning')).toBe(59);
    expect(fn.grade(94.85)).toBe('优');
    expect(fn.grade('59.99')).toBe('差');
    expect(fn.parse('≥ 90 %')).toBe('≥ 90%');
    expect(fn.parse('69 万人次')).toBe('690000 人次');
    expect(fn.parse(98, '%')).toBe('98%');
  });

  test('bad input is an error with a Chinese message, never a wrong number', () => {
    expect(() => fn.score('>=', '3000 张', '3010 人', 10)).toThrow(new fn.FunctionError('指标值单位“张”与完成值单位“人”无法换算'));
    expect(() => fn.score('>=', 10, 5, 10, '', 'beijing')).toThrow(/未知的评分口径 "beijing"/);
    expect(() => fn.score('约', 10, 5, 10)).toThrow(/无法识别运算符号/);
    expect(() => fn.score('>=', 10, 5, '')).toThrow(/缺少分值/);
    expect(() => fn.grade('很好')).toThrow(/无法识别总分/);
    expect(fn.total([['得分'], [2.5], ['1.5']], 1)).toBe(5); // text in the range is skipped, as SUM does
    expect(() => fn.score('>=', 10, true, 10)).toThrow(/逻辑值/);
    // Input sanity comes from the engine too (issue 10).
    expect(() => fn.score('>=', 10, 5, 1e308)).toThrow(new fn.FunctionError('分值 1e+308 超过 100：一张表满分 100 分，请核对'));
    expect(() => fn.score('>=', '#N/A', 5, 10)).toThrow(/指标值单元格是错误值 #N\/A/);
    expect(() => fn.score('>=', '100 人', '-5 人', 10)).toThrow(/完成值 -5 人 为负数/);
    expect(fn.score('>=', '1500.', 1500, 10)).toBe(10);
    expect(() => fn.execScore(100, 90, 500)).toThrow(/分值 500 超过 100/);
    expect(() => fn.execScore(-100, 90)).toThrow(/预算数 -100 为负数/);
    expect(() => fn.total([[80]], 9, 'liaoning', 100, -90)).toThrow(/执行数 -90 为负数/);
    try {
      fn.score('>=', 10, '', 10);
      throw new Error('no error');
    } catch (e) {
      expect([(e as fn.FunctionError).code, (e as Error).message]).toEqual(['notAvailable', '尚未填写全年完成值，本行暂不计分']);
    }
  });

  test('the task pane’s profile is the default of formulas that name none', () => {
    fn.setDefaultProfile(PROFILES.liaoning);
    expect(fn.score('>=', 800, 789, 12.5)).toBe(12.375);
    fn.setDefaultProfile(PROFILES.national);
    expect(fn.score('>=', 800, 789, 12.5)).toBe(12.33);
  });
});
