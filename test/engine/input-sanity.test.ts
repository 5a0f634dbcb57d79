import { readEvaluateInput, scoreForm, type FormResult } from '../../src/engine';
import { hubei, national, one } from './one-row';

/**
 * Issue 10: values that parse but make no sense are located problems (code, severity, Chinese
 * message, field) — never a silent 0, a qualitative row, or a grade built on them.
 */
const rows = (n: number, w: number | string) => Array.from({ length: n }, () => ({ operator: '>=', target: 1, actual: 1, weight: w }));
const located = (r: FormResult, i = 0) => r.rows[i].problems.map((p) => ({ code: p.code, severity: p.severity, field: p.field }));

describe('§2 reading a value', () => {
  test.each(['#NAME?', '#DIV/0!', '#N/A', '#VALUE!', '#REF!'])('%s in a target or an actual is an error at that cell, not a qualitative row', (e) => {
    for (const field of ['target', 'actual'] as const) {
      const row = { operator: '>=', target: 10, actual: 5, weight: 10, [field]: e };
      const r = scoreForm({ rows: [row] }, national);
      expect([r.rows[0].rule, r.rows[0].score]).toEqual(['none', null]);
      expect(located(r)).toEqual([{ code: 'cell-error', severity: 'error', field }]);
      expect(r.rows[0].problems[0].message).toBe(`${field === 'target' ? '指标值' : '完成值'}单元格是错误值 ${e}：请先修正该单元格（公式或引用），本行暂不计分`);
    }
    // A text target with an error actual is not judged either.
    expect(one({ target: '管理规范', actual: e })).toMatchObject({ score: null, codes: ['cell-error'] });
  });

  test.each([Infinity, -Infinity, '1e400', '-1E+999', 'Infinity'])('%s (a number beyond any range) in a target or an actual is a located error, never scored', (v) => {
    for (const field of ['target', 'actual'] as const) {
      const r = scoreForm({ rows: [{ operator: '>=', target: 10, actual: 5, weight: 10, [field]: v }] }, national);
      expect([r.rows[0].rule, r.rows[0].score]).toEqual(['none', null]);
      expect(located(r)).toEqual([{ code: 'bad-number', severity: 'error', field }]);
      expect(r.rows[0].problems[0].message).toBe(`${field === 'target' ? '指标值' : '完成值'}超出数值范围（如 1e400，超过 Excel 能表示的最大数）：请核对该单元格，本行暂不计分`);
    }
    // A large but representable number is still a number.
    expect(one({ operator: '>=', target: 10, actual: '1e300' }).codes).not.toContain('bad-number');
  });

  test('1500. (a trailing dot) is the number 1500, in a target, an actual and a weight', () => {
    expect(one({ operator: '>=', target: '1500.', actual: 1500 })).toMatchObject({ score: '10', rule: 'forward', codes: [] });
    expect(one({ operator: '>=', target: 3000, actual: '1500.' })).toMatchObject({ score: '5', rule: 'forward' });
    expect(one({ operator: '>=', target: '≥1500.人', actual: '1500 人' })).toMatchObject({ score: '10' });
    expect(scoreForm({ rows: [{ target: 1, actual: 1, weight: '90.' }] }, national).rows[0].weight!.toFixed()).toBe('90');
  });
});

describe('3.2 forward: negative actuals', () => {
  test('a negative count, amount or time is an error, not a 0', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: '100 人', actual: '-5 人', weight: 10 }] }, national);
    expect([r.rows[0].score, located(r)]).toEqual([null, [{ code: 'negative-actual', severity: 'error', field: 'actual' }]]);
    expect(r.rows[0].problems[0].message).toBe('完成值 -5 人 为负数：以“人”计的数量、金额或时长不能为负，请核对');
    expect(one({ operator: '<=', target: 48, unit: '小时', actual: -2 })).toMatchObject({ score: null, codes: ['negative-actual'] });
    // Printed in the base unit, so a magnitude is not shown twice.
    const wan = scoreForm({ rows: [{ operator: '>=', target: '1万人', actual: '-0.5万人', weight: 10 }] }, national);
    expect(wan.rows[0].problems[0].message).toBe('完成值 -5000 人 为负数：以“人”计的数量、金额或时长不能为负，请核对');
    expect(one({ operator: '>=', target: '1-2 次', actual: -1, unit: '次' })).toMatchObject({ score: null, codes: ['negative-actual'] });
  });
  test('a negative rate counted as 0 says so (a warning); where it is a real result it is scored silently', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: '5%', actual: '-3%', weight: 10 }] }, national);
    expect([r.rows[0].score!.toFixed(), located(r)]).toEqual(['0', [{ code: 'negative-actual', severity: 'warning', field: 'actual' }]]);
    expect(r.rows[0].problems[0].message).toBe('完成值 -3% 为负数，按 0 计');
    expect(one({ operator: '>=', target: 10, actual: -5 })).toMatchObject({ score: '0', codes: ['negative-actual'] });
    expect(one({ operator: '<=', target: '5%', actual: '-3%' }, hubei)).toMatchObject({ score: '10', codes: [] });
    expect(one({ operator: '<=', target: 0, unit: '%', actual: -7.36 })).toMatchObject({ score: '10', codes: [] });
  });
});

describe('4.1 weights', () => {
  test.each([[101], ['150分'], [1e308]])('a weight of %s is an error and scores nothing (no 优 from it)', (w) => {
    const r = scoreForm({ budget: 1, spent: 1, rows: [{ operator: '>=', target: 1, actual: 1, weight: w }] }, national);
    expect([r.rows[0].score, r.rows[0].weight, located(r)]).toEqual([null, null, [{ code: 'bad-weight', severity: 'error', field: 'weight' }]]);
    expect(r.rows[0].problems[0].message).toMatch(/^分值 (101|150|1e\+308) 超过 100：一张表满分 100 分，请核对$/);
    expect([r.total.toFixed(), r.grade]).toEqual(['10', '差']);
  });
  test('a weight sum over 100 is an error; short of it a warning', () => {
    const over = scoreForm({ budget: 1, spent: 1, rows: rows(10, 50) }, national);
    expect(over.problems.map((p) => [p.code, p.severity])).toEqual([['weights-sum', 'error']]);
    expect(over.problems[0].message).toBe('指标分值合计 500，应为 90（100 − 预算执行率 10 分）；超出后总分可能超过 100 分，等级不可信');
    const under = scoreForm({ budget: 1, spent: 1, rows: rows(8, 10) }, national);
    expect(under.problems.map((p) => [p.code, p.severity])).toEqual([['weights-sum', 'warning']]);
  });
  test('a printed execution weight over 100 is reported and the profile’s is used', () => {
    const r = scoreForm({ budget: 1, spent: 1, executionWeight: 500, rows: rows(9, 10) }, national);
    expect(r.executionWeight.toFixed()).toBe('10');
    expect(r.problems.map((p) => [p.code, p.field])).toEqual([['bad-weight', 'executionWeight']]);
  });
  test('a task weight over 100 scores nothing', () => {
    const r = scoreForm({ kind: 'department', tasks: [{ allocated: 1, spent: 1, weight: 1e308 }], rows: [] }, national);
    expect([r.tasks[0].score, r.tasks[0].problems.map((p) => p.code)]).toEqual([null, ['bad-weight']]);
  });
});

describe('4.1 execution: negative amounts', () => {
  test.each([
    ['budget', { budget: -100, spent: 50 }, '预算数 -100 为负数：金额不能为负，请核对'],
    ['spent', { budget: 100, spent: -50 }, '执行数 -50 为负数：金额不能为负，请核对'],
  ])('a negative %s is an error; no rate is made of it', (field, amounts, message) => {
    const r = scoreForm({ ...amounts, rows: rows(9, 10) }, national);
    expect([r.executionRate, r.executionScore]).toEqual([null, null]);
    expect(r.problems[0]).toEqual({ code: 'negative-amount', severity: 'error', message, field });
    // The printed rate stands in for unusable amounts, as for missing ones.
    expect(scoreForm({ ...amounts, executionRate: '90%', rows: rows(9, 10) }, national).executionScore!.toFixed()).toBe('9');
  });
  test('a negative task amount is an error too', () => {
    const r = scoreForm({ kind: 'department', tasks: [{ allocated: 10, spent: -1, weight: 5 }], rows: [] }, national);
    expect([r.tasks[0].rate, r.tasks[0].problems.map((p) => p.code)]).toEqual([null, ['negative-amount', 'task-missing-amounts']]);
  });
});

describe('JSON interface and messages', () => {
  test('1e400 (Infinity after JSON.parse) is named, not "应为数字…实际为 number"', () => {
    const { errors } = readEvaluateInput(JSON.parse('{"forms": [{"budget": 1e400, "rows": [{"target": -1e400}]}]}'));
    expect(errors).toEqual([
      { path: 'forms[0].budget', message: '数值超出可表示的范围（如 1e400，绝对值须小于 1.8e308）' },
      { path: 'forms[0].rows[0].target', message: '数值超出可表示的范围（如 1e400，绝对值须小于 1.8e308）' },
    ]);
  });
  test('deeply nested JSON gives bounded messages, no stack overflow', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    let obj: unknown = 1;
    for (let i = 0; i < 100_000; i++) obj = { a: obj };
    const { errors } = readEvaluateInput({ profile: { base: 'liaoning', grades: obj, executionCaps: deep }, forms: [{ kind: obj, title: deep, rows: [{ target: deep }] }] });
    expect(errors.map((e) => e.path)).toEqual(['profile', 'profile', 'forms[0].kind', 'forms[0].title', 'forms[0].rows[0].target']);
    for (const e of errors) expect(e.message.length).toBeLessThan(300);
    expect(errors[2].message).toBe('应为 "project"、"department" 或 "overall"，实际为 {"a":{"a":{"a":{…}}}}');
  });
  test('a huge cell is cut in the message', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 10, actual: '很'.repeat(1_000_000), weight: 1 }] }, national);
    const message = r.rows[0].problems[0].message;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('…（共 1000000 个字符）');
    const typed = scoreForm({ rows: [{ operator: '>=', target: 1, actual: 1, weight: 5, score: '9'.repeat(400) }] }, national);
    expect(typed.rows[0].problems[0].message).toBe('手工得分 1e+400 超出 0–5 分，按规则计算');
  });
});
