import { scoreForm, type FormInput, type RowInput } from '../../src/engine';
import { hubei, liaoning, national } from './one-row';

/** SCORING.md §4, one describe per step of scoreForm: units, execution, weights, caps, total, tasks, grade. */
const rows = (n: number, w: number): RowInput[] => Array.from({ length: n }, () => ({ operator: '>=', target: 1, actual: 1, weight: w }));

describe('4.1 scoring units', () => {
  test('rows under one merged score cell are one unit: mean completion, one score', () => {
    const r = scoreForm(
      { rows: [{ target: 10, actual: 5, weight: 20, scoringUnit: 'a' }, { target: 10, actual: 10, scoringUnit: 'a' }, { target: 1, actual: 1, weight: 70 }] },
      national,
    );
    expect([r.rows[0].unitCompletion!.toFixed(), r.rows[0].score!.toFixed(), r.rows[1].score, r.rows[1].unitStart, r.subtotal.toFixed()]).toEqual([
      '0.75',
      '15',
      null,
      0,
      '85',
    ]);
  });
});

describe('4.1 execution', () => {
  test('execution rate and score; printed rate only without amounts; budget 0', () => {
    const r = scoreForm({ budget: '9827. 48', spent: 6500, rows: rows(8, 10) }, hubei);
    expect([r.executionRate!.toDecimalPlaces(4).toFixed(), r.executionScore!.toFixed(), r.total.toFixed()]).toEqual(['0.6614', '13.23', '93.23']);
    expect(scoreForm({ executionRate: '66%', rows: rows(8, 10) }, hubei).executionScore!.toFixed()).toBe('13.2');
    expect(scoreForm({ executionRate: '0. 95', rows: rows(8, 10) }, hubei).executionScore!.toFixed()).toBe('19');
    const zero = scoreForm({ budget: 0, spent: 5, rows: rows(9, 10) }, national);
    expect([zero.executionRate!.toFixed(), zero.problems.map((p) => p.code)]).toEqual(['0', ['budget-zero']]);
    expect(scoreForm({ executionWeight: 20, budget: 1, spent: 1, rows: rows(8, 10) }, national).executionScore!.toFixed()).toBe('20');
  });
});

describe('4.1 weights', () => {
  test('weights must add up to 100 − execution weight', () => {
    const r = scoreForm({ budget: 1, spent: 1, rows: rows(8, 10) }, national);
    expect(r.problems.map((p) => p.code)).toEqual(['weights-sum']);
    expect(r.problems[0].message).toBe('指标分值合计 80，应为 90（100 − 预算执行率 10 分）');
    expect(scoreForm({ budget: 1, spent: 1, rows: [{ target: 1, actual: 1 }] }, national).problems.map((p) => p.code)).toEqual(['no-weights']);
  });
  test('group weights printed in 一级指标 labels are checked', () => {
    const r = scoreForm(
      { executionWeight: 20, budget: 1, spent: 1, rows: [{ level1: '成本指标（20分）', target: 1, actual: 1, weight: 15 }, { level1: '产出指标（60分）', target: 1, actual: 1, weight: 65 }] },
      hubei,
    );
    expect(r.problems.map((p) => p.message)).toEqual(['一级指标“成本指标”标注 20 分，下属指标分值合计 15 分', '一级指标“产出指标”标注 60 分，下属指标分值合计 65 分']);
  });
});

describe('4.2 caps', () => {
  test('execution caps through the deduction (4.2)', () => {
    const f = (rate: number): FormInput => ({ budget: 100, spent: rate, rows: rows(10, 9) });
    const capped = scoreForm(f(31.73), liaoning);
    expect([capped.deduction.toFixed(), capped.total.toFixed()]).toEqual(['34.173', '59']);
    expect(scoreForm(f(58.07), liaoning).total.toFixed()).toBe('69');
    expect(scoreForm(f(74), liaoning).deduction.toFixed()).toBe('0');
    expect(scoreForm(f(31.73), national).deduction.toFixed()).toBe('0');
    const uncapped = scoreForm({ budget: 100, spent: 36.97, rows: [{ target: 100, actual: 55, weight: 90 }] }, liaoning);
    expect([uncapped.deduction.toFixed(), uncapped.total.toFixed()]).toEqual(['0', '53.197']);
  });
});

describe('total', () => {
  test('a typed deduction is added; the total never goes below 0', () => {
    expect(scoreForm({ budget: 1, spent: 1, deduction: 5, rows: rows(9, 10) }, national).total.toFixed()).toBe('95');
    expect(scoreForm({ budget: 1, spent: 0, deduction: 500, rows: rows(9, 10) }, national).total.toFixed()).toBe('0');
  });
});

describe('4.3 department tasks', () => {
  test('department forms: task scores truncated in Liaoning, half-up elsewhere; no execution score', () => {
    const form: FormInput = { kind: 'department', tasks: [{ allocated: 212.89, spent: 209.95, weight: 8 }], rows: rows(4, 23) };
    const l = scoreForm(form, liaoning);
    expect([l.tasks[0].score!.toFixed(), l.executionScore, l.total.toFixed(), l.problems]).toEqual(['7.88', null, '99.88', []]);
    expect(scoreForm(form, national).tasks[0].score!.toFixed()).toBe('7.89');
  });
});

describe('4.4 grade', () => {
  test('grades', () => {
    const total = (t: number) => scoreForm({ budget: 1, spent: 1, rows: [{ target: 100, actual: t, weight: 90 }] }, national).grade;
    expect([total(100), total(80 / 0.9), total(70 / 0.9), total(40)]).toEqual(['优', '优', '良', '差']);
    expect([total(56), total(55)]).toEqual(['中', '差']);
  });
});
