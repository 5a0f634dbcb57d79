import { PROFILES, profileFromJson, resolveProfile, scoreForm, type FormInput, type Profile, type RowInput } from '../../src/engine';

const { national, hubei, liaoning } = PROFILES;

/** Scores one row in a project form of the given profile. */
function one(row: RowInput, profile: Profile = national, kind: FormInput['kind'] = 'project') {
  const r = scoreForm({ kind, rows: [{ weight: 10, ...row }] }, profile).rows[0];
  return {
    score: r.score === null ? null : r.score.toFixed(),
    completion: r.completion === null ? null : r.completion.toFixed(),
    rule: r.rule,
    flags: r.flags,
    codes: r.problems.map((p) => p.code),
  };
}

describe('forward and equality (3.2)', () => {
  test('met and short of the target', () => {
    expect(one({ operator: '>=', target: 2000, actual: 2376 })).toMatchObject({ score: '10', completion: '1', rule: 'forward' });
    expect(one({ operator: '>=', target: 90, unit: '%', actual: 86 })).toMatchObject({ score: '9.56', rule: 'forward' });
    expect(one({ operator: '=', target: 100, unit: '%', actual: 80 })).toMatchObject({ score: '8', rule: 'equality' });
    expect(one({ operator: '=', target: 100, actual: 150 })).toMatchObject({ score: '10', completion: '1' });
  });
  test('a negative actual counts as 0', () => {
    expect(one({ operator: '>=', target: 10, actual: -5 })).toMatchObject({ score: '0', completion: '0' });
  });
});

describe('reverse (3.3)', () => {
  test('ratio (Hubei, Liaoning): c = A / B', () => {
    expect(one({ operator: '<=', target: 5, unit: '%', actual: 38 }, hubei)).toMatchObject({ completion: expect.stringMatching(/^0\.13157894736842105/), score: '1.32' });
    expect(one({ operator: '<=', target: 5, actual: 4 }, hubei)).toMatchObject({ score: '10', rule: 'reverse-ratio' });
  });
  test('linear (national): 1 − (B − A) / A, 0 at 2A', () => {
    expect(one({ operator: '<=', target: 10, actual: 15 })).toMatchObject({ score: '5', rule: 'reverse-linear' });
    expect(one({ operator: '<=', target: 10, actual: 20 })).toMatchObject({ score: '0' });
    expect(one({ operator: '<=', target: 10, actual: 25 })).toMatchObject({ score: '0' });
    expect(one({ operator: '<=', target: 10, actual: 10 })).toMatchObject({ score: '10' });
  });
});

describe('polarity without an operator (3.1)', () => {
  test('forward by default, reverse under 成本指标, flagged operator-inferred', () => {
    expect(one({ target: 300, actual: 311 })).toMatchObject({ score: '10', rule: 'forward', flags: ['operator-inferred'] });
    expect(one({ level1: '成本指标（20分）', target: '2600 元/人', actual: '2050 元/人' }, hubei)).toMatchObject({
      score: '10',
      rule: 'reverse-ratio',
      flags: ['operator-inferred'],
    });
    expect(one({ level1: '成本指标', target: '200 元/人/年', actual: '250 元/人/年' }, hubei)).toMatchObject({ score: '8' });
  });
  test('an operator column that contradicts the embedded one is reported; the column wins', () => {
    expect(one({ operator: '<=', target: '≥10', actual: 5 })).toMatchObject({ score: '10', codes: ['operator-conflict'] });
  });
  test('an unreadable operator is a problem, not a guess', () => {
    expect(one({ operator: '约', target: 10, actual: 5 })).toMatchObject({ score: null, codes: ['bad-operator'] });
  });
});

describe('zero targets (3.4)', () => {
  test('= 0, ≤ 0: met only at B ≤ 0; never a division', () => {
    expect(one({ operator: '=', target: 0, unit: '起', actual: 0 })).toMatchObject({ score: '10', rule: 'zero-target' });
    expect(one({ operator: '=', target: 0, actual: 1 })).toMatchObject({ score: '0' });
    expect(one({ operator: '<=', target: 0, unit: '%', actual: -7.36 }, liaoning)).toMatchObject({ score: '10', flags: [] });
    expect(one({ operator: '<', target: 0, actual: 2 })).toMatchObject({ score: '0' });
  });
  test('≥ 0 with a non-negative actual is met', () => {
    expect(one({ operator: '>=', target: 0, actual: 5 })).toMatchObject({ score: '10' });
    expect(one({ target: 0, actual: 0 })).toMatchObject({ score: '10', flags: ['operator-inferred'] });
  });
});

describe('over-achievement penalty (3.5, Liaoning)', () => {
  test('the observed cases', () => {
    expect(one({ operator: '>=', target: 50, actual: 88 }, liaoning)).toMatchObject({ score: '5', completion: '1', flags: ['overshoot-penalty'] });
    expect(one({ operator: '>=', target: 10, actual: 15, weight: 12.5 }, liaoning)).toMatchObject({ score: '7.5' });
    expect(one({ operator: '<=', target: 1, unit: '%', actual: 0 }, liaoning)).toMatchObject({ score: '5', flags: ['overshoot-penalty'] });
  });
  test('not at 25 %, not in department forms, not on zero targets, not in other profiles', () => {
    expect(one({ operator: '>=', target: 10, actual: 12.5 }, liaoning)).toMatchObject({ score: '10', flags: [] });
    expect(one({ operator: '>=', target: 60, unit: '%', actual: 90 }, liaoning, 'department')).toMatchObject({ score: '10', flags: [] });
    expect(one({ operator: '>=', target: 50, actual: 88 }, hubei)).toMatchObject({ score: '10', flags: [] });
  });
  test('floored at 0', () => {
    expect(one({ operator: '>=', target: 50, actual: 88, weight: 3 }, liaoning)).toMatchObject({ score: '0' });
  });
});

describe('rounding (3.6)', () => {
  test('Liaoning rounds completion to 2 places before multiplying and keeps the exact product', () => {
    expect(one({ operator: '>=', target: 1850, actual: 620 }, liaoning)).toMatchObject({ completion: '0.34', score: '3.4' });
    expect(one({ operator: '>=', target: 80, actual: 59, weight: 8.3 }, liaoning)).toMatchObject({ completion: '0.74', score: '6.142' });
    expect(one({ operator: '>=', target: 800, actual: 789, weight: 12.5 }, liaoning)).toMatchObject({ score: '12.375' });
  });
  test('national keeps completion exact and rounds the score half-up to 2 places', () => {
    expect(one({ operator: '>=', target: 800, actual: 789, weight: 12.5 })).toMatchObject({ score: '12.33' });
    expect(one({ operator: '>=', target: 8, actual: 1, weight: 0.1 })).toMatchObject({ score: '0.01' });
  });
  test('decimal arithmetic: 0.1 + 0.2 stays 0.3', () => {
    const r = scoreForm({ rows: [{ target: 1, actual: 1, weight: '0.1' }, { target: 1, actual: 1, weight: '0.2' }] }, national);
    expect(r.subtotal.toFixed()).toBe('0.3');
  });
});

describe('units', () => {
  test('万 and time units convert; a mismatch is a problem', () => {
    expect(one({ target: '1.1万人', actual: '23101 人' })).toMatchObject({ score: '10' });
    expect(one({ operator: '<=', target: '2 天', actual: '36 小时' })).toMatchObject({ score: '10' });
    expect(one({ operator: '<=', target: '30 分钟', actual: '1 小时' }, hubei)).toMatchObject({ score: '5' });
    expect(one({ target: '3000 张', actual: '3010 人' })).toMatchObject({ score: null, codes: ['unit-mismatch'] });
  });
  test('a % unit cell with bare numbers means percent', () => {
    expect(one({ operator: '>=', target: 98, unit: '%', actual: 95 })).toMatchObject({ score: '9.69' });
  });
  test('an unformatted fraction against a percent target reads as a fraction, flagged', () => {
    expect(one({ operator: '>=', target: '98%', actual: 0.95 })).toMatchObject({ score: '9.69', flags: ['unit-converted'] });
    expect(one({ operator: '>=', target: '98%', actual: 95 })).toMatchObject({ score: '9.69' });
  });
});

describe('bounds, ranges, missing values', () => {
  test('an actual repeating the bound means met', () => {
    expect(one({ target: '≥95%', actual: '≥95%' })).toMatchObject({ score: '10', rule: 'bound-met' });
    expect(one({ target: '≤48 小时', actual: '≤48 小时' })).toMatchObject({ score: '10' });
    expect(one({ target: '≥99.5%', actual: '≥99. 5%' })).toMatchObject({ score: '10' });
  });
  test('a range is met inside the band', () => {
    expect(one({ target: '1-2 次', actual: '2 次' })).toMatchObject({ score: '10', rule: 'range' });
    expect(one({ target: '4-6 次', actual: '2 次' })).toMatchObject({ score: '5' });
  });
  test('an empty actual leaves the row pending and the form counts it', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 10, weight: 50 }, { target: 10, actual: 10, weight: 40 }] }, national);
    expect(r.rows[0].score).toBeNull();
    expect(r.rows[0].problems.map((p) => p.code)).toEqual(['missing-actual']);
    expect(r.pending).toBe(1);
    expect(r.subtotal.toFixed()).toBe('40');
  });
  test('text where a number is expected is a problem with a Chinese message', () => {
    const r = one({ operator: '>=', target: 10, actual: '很多' });
    expect(r).toMatchObject({ score: null, codes: ['bad-actual'] });
    expect(scoreForm({ rows: [{ operator: '>=', target: 10, actual: '很多', weight: 1 }] }, national).rows[0].problems[0].message).toMatch(/无法识别完成值“很多”/);
  });
  test('a missing target', () => {
    expect(one({ operator: '>=', actual: 5 })).toMatchObject({ score: null, codes: ['missing-target'] });
  });
});

describe('qualitative rows (3.7)', () => {
  test('tier written in the actual cell, as Liaoning forms do', () => {
    expect(one({ target: '长久', actual: '全部或基本达成预期指标100%-80%（含）' }, liaoning)).toMatchObject({ score: '10', rule: 'qualitative', flags: [] });
    expect(one({ target: '管理规范', actual: '未达成预期指标且效果较差60%-0%' }, liaoning)).toMatchObject({ score: '0' });
  });
  test('an evaluator completion inside the tier is used; outside it is rejected', () => {
    expect(one({ target: '制度有效', actual: '全部或基本达成预期指标100%-80%（含）', completion: '80%', weight: 0.7 }, liaoning)).toMatchObject({ score: '0.56' });
    expect(one({ target: '制度有效', actual: '全部或基本达成预期指标100%-80%（含）', completion: 0.7 }, liaoning)).toMatchObject({
      score: null,
      codes: ['completion-out-of-band'],
    });
    expect(one({ target: '有效', completion: '部分达成 70%' })).toMatchObject({ score: '7' });
  });
  test('部分达成 without a number takes the profile’s lower bound and asks for judgement', () => {
    expect(one({ target: '有效', completion: '部分达成' })).toMatchObject({ score: '6', flags: ['judgement-needed'] });
    expect(one({ target: '有效', completion: '部分达成' }, hubei)).toMatchObject({ score: '5' });
    expect(one({ target: '有效', completion: '部分达成 55%' }, hubei)).toMatchObject({ score: '5.5' });
    expect(one({ target: '有效', completion: '部分达成 55%' })).toMatchObject({ score: null, codes: ['completion-out-of-band'] });
  });
  test('automatic judgement', () => {
    expect(one({ target: '明显', actual: '良好' })).toMatchObject({ score: '10', flags: ['auto-judged'] });
    expect(one({ target: '按标准发放', actual: '按标准 发放。' })).toMatchObject({ score: '10', flags: ['auto-judged'] });
    expect(one({ target: '完成市级下达任务', actual: '11301 人' })).toMatchObject({ score: '10', flags: ['auto-judged'] });
    expect(one({ target: '有所提升', actual: '部分提升' })).toMatchObject({ score: '6', flags: ['auto-judged', 'judgement-needed'] });
    expect(one({ target: '有所提升', actual: '尚未完成' })).toMatchObject({ score: '0', flags: ['auto-judged'] });
    expect(one({ target: '有所提升', actual: '见附件' })).toMatchObject({ score: null, flags: ['judgement-needed'], codes: ['judgement-needed'] });
  });
  test('the operator column can say 定性', () => {
    expect(one({ operator: '定性', target: '95%', actual: '达成' })).toMatchObject({ score: '10', rule: 'qualitative' });
  });
});

describe('manual override (3.8)', () => {
  test('a typed score is kept and the rule’s value reported beside it', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 90, unit: '%', actual: 86, weight: 7.5, score: 7 }] }, hubei).rows[0];
    expect([r.score?.toFixed(), r.ruleScore?.toFixed(), r.flags]).toEqual(['7', '7.17', ['manual']]);
  });
  test('a typed score equal to the rule is not an override', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 90, actual: 90, weight: 7.5, score: 7.5 }] }, hubei).rows[0];
    expect(r.flags).toEqual([]);
  });
  test('a typed completion on a quantitative row overrides the rule', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 90, actual: 86, weight: 10, completion: '100%' }] }, national).rows[0];
    expect([r.score?.toFixed(), r.ruleScore?.toFixed(), r.flags]).toEqual(['10', '9.56', ['manual']]);
  });
  test('an impossible typed score is ignored with a problem', () => {
    const r = scoreForm({ rows: [{ operator: '>=', target: 1, actual: 1, weight: 5, score: 8 }] }, national).rows[0];
    expect([r.score?.toFixed(), r.problems.map((p) => p.code)]).toEqual(['5', ['bad-score']]);
  });
});

describe('forms (§4)', () => {
  const rows = (n: number, w: number): RowInput[] => Array.from({ length: n }, () => ({ operator: '>=', target: 1, actual: 1, weight: w }));

  test('execution rate and score; printed rate only without amounts; budget 0', () => {
    const r = scoreForm({ budget: '9827. 48', spent: 6500, rows: rows(8, 10) }, hubei);
    expect([r.executionRate!.toDecimalPlaces(4).toFixed(), r.executionScore!.toFixed(), r.total.toFixed()]).toEqual(['0.6614', '13.23', '93.23']);
    expect(scoreForm({ executionRate: '66%', rows: rows(8, 10) }, hubei).executionScore!.toFixed()).toBe('13.2');
    expect(scoreForm({ executionRate: '0. 95', rows: rows(8, 10) }, hubei).executionScore!.toFixed()).toBe('19');
    const zero = scoreForm({ budget: 0, spent: 5, rows: rows(9, 10) }, national);
    expect([zero.executionRate!.toFixed(), zero.problems.map((p) => p.code)]).toEqual(['0', ['budget-zero']]);
    expect(scoreForm({ executionWeight: 20, budget: 1, spent: 1, rows: rows(8, 10) }, national).executionScore!.toFixed()).toBe('20');
  });
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
  test('a typed deduction is added; the total never goes below 0', () => {
    expect(scoreForm({ budget: 1, spent: 1, deduction: 5, rows: rows(9, 10) }, national).total.toFixed()).toBe('95');
    expect(scoreForm({ budget: 1, spent: 0, deduction: 500, rows: rows(9, 10) }, national).total.toFixed()).toBe('0');
  });
  test('department forms: task scores truncated in Liaoning, half-up elsewhere; no execution score', () => {
    const form: FormInput = { kind: 'department', tasks: [{ allocated: 212.89, spent: 209.95, weight: 8 }], rows: rows(4, 23) };
    const l = scoreForm(form, liaoning);
    expect([l.tasks[0].score!.toFixed(), l.executionScore, l.total.toFixed(), l.problems]).toEqual(['7.88', null, '99.88', []]);
    expect(scoreForm(form, national).tasks[0].score!.toFixed()).toBe('7.89');
  });
  test('grades', () => {
    const total = (t: number) => scoreForm({ budget: 1, spent: 1, rows: [{ target: 100, actual: t, weight: 90 }] }, national).grade;
    expect([total(100), total(80 / 0.9), total(70 / 0.9), total(40)]).toEqual(['优', '优', '良', '差']);
    expect([total(56), total(55)]).toEqual(['中', '差']);
  });
});

describe('profiles', () => {
  test('the three built-ins differ only in settings', () => {
    expect(Object.keys(PROFILES)).toEqual(['national', 'hubei', 'liaoning']);
    expect(resolveProfile('hubei').profile).toBe(hubei);
    expect(resolveProfile('beijing').problems[0].message).toMatch(/未知的评分口径 "beijing"/);
  });
  test('a custom profile copies a base and changes settings; bad settings are reported', () => {
    const { profile } = profileFromJson({ base: 'liaoning', name: '本市口径', overshoot: null, executionWeight: 20 });
    expect(profile).toMatchObject({ name: '本市口径', overshoot: null, executionWeight: 20, reverse: 'ratio', completionDecimals: 2 });
    expect(one({ operator: '>=', target: 50, actual: 88 }, profile!)).toMatchObject({ score: '10' });
    const bad = profileFromJson({ base: 'liaoning', reverse: 'log', colour: 'red' });
    expect(bad.profile).toBeNull();
    expect(bad.problems.map((p) => p.message)).toEqual(['评分口径设置 reverse 应为 "ratio" 或 "linear"，实际为 "log"', '未知的评分口径设置 colour']);
    expect(profileFromJson([]).problems[0].message).toBe('评分口径必须是一个 JSON 对象');
  });
});

describe('bare numbers against percentages', () => {
  test('read as points or as a fraction, whichever is closer to the other side', () => {
    expect(one({ target: '≥98%', actual: 95 })).toMatchObject({ completion: expect.stringMatching(/^0\.969/), flags: [] });
    expect(one({ target: '≥98%', actual: 0.95 })).toMatchObject({ completion: expect.stringMatching(/^0\.969/), flags: ['unit-converted'] });
    expect(one({ target: '≥90%', actual: 1.4406 })).toMatchObject({ score: '10', flags: ['unit-converted'] });
    expect(one({ target: 0.96, actual: '97.2%' })).toMatchObject({ score: '10', flags: ['unit-converted', 'operator-inferred'] });
    expect(one({ operator: '<=', target: '0%', actual: 5 })).toMatchObject({ score: '0' });
  });
});
