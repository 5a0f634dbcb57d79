import { PROFILES, scoreForm } from '../../src/engine';
import * as fn from '../../src/functions/functions';
import { fixtureInput } from '../helpers/fixture-input';
import { expectedForms } from '../helpers/fixtures';

/** What a cell holding this value passes to a custom function: an empty cell is "". */
const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : v);

describe('worksheet functions give what the engine gives, on every fixture row', () => {
  const forms = expectedForms((f) => f.layout !== 'L4');
  test.each(forms.map((f) => [f.form_key, f] as const))('%s', async (_key, f) => {
    const input = await fixtureInput(f);
    const result = scoreForm(input, PROFILES[f.profile]);
    let compared = 0;
    input.rows.forEach((row, i) => {
      const r = result.rows[i];
      // Merged units, evaluator completions and operator-less cost rows need the whole form.
      const standalone = r.unitRows.length === 1 && row.completion == null && !(row.operator == null && /成本/.test(row.level1 ?? ''));
      if (!standalone || r.score === null) return;
      const got = fn.score(cell(row.operator), cell(row.target), cell(row.actual), cell(row.weight), cell(row.unit), f.profile, f.kind);
      expect({ row: i, score: got }).toEqual({ row: i, score: Number(r.score.toString()) });
      expect(fn.completion(cell(row.operator), cell(row.target), cell(row.actual), cell(row.unit), f.profile)).toBe(Number(r.completion!.toString()));
      compared++;
    });
    expect(compared).toBeGreaterThan(0);
    if (f.kind !== 'department') {
      const exec = fn.execScore(input.budget ?? '', input.spent ?? '', input.executionWeight ?? '', f.profile);
      expect(exec).toBe(Number(result.executionScore!.toString()));
      const scores = result.rows.filter((r) => r.score !== null).map((r) => [Number(r.score!.toString())]);
      expect(fn.total(scores, exec, f.profile)).toBeCloseTo(Number(result.total.toString()), 9);
      expect(fn.grade(fn.total(scores, exec, f.profile), f.profile)).toBe(result.grade);
    }
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
