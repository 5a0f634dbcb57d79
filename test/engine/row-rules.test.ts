import { scoreForm } from '../../src/engine';
import { hubei, liaoning, national, one } from './one-row';

/** SCORING.md §2–3, one describe per section, in the spec's order. */

describe('§2 units', () => {
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

describe('§2 bare numbers against percentages', () => {
  test('read as points or as a fraction, whichever is closer to the other side', () => {
    expect(one({ target: '≥98%', actual: 95 })).toMatchObject({ completion: expect.stringMatching(/^0\.969/), flags: [] });
    expect(one({ target: '≥98%', actual: 0.95 })).toMatchObject({ completion: expect.stringMatching(/^0\.969/), flags: ['unit-converted'] });
    expect(one({ target: '≥90%', actual: 1.4406 })).toMatchObject({ score: '10', flags: ['unit-converted'] });
    expect(one({ target: 0.96, actual: '97.2%' })).toMatchObject({ score: '10', flags: ['unit-converted', 'operator-inferred'] });
    expect(one({ operator: '<=', target: '0%', actual: 5 })).toMatchObject({ score: '0' });
  });
});

describe('§2 bounds, ranges, missing values', () => {
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

describe('3.1 polarity', () => {
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

describe('3.2 forward and equality', () => {
  test('met and short of the target', () => {
    expect(one({ operator: '>=', target: 2000, actual: 2376 })).toMatchObject({ score: '10', completion: '1', rule: 'forward' });
    expect(one({ operator: '>=', target: 90, unit: '%', actual: 86 })).toMatchObject({ score: '9.56', rule: 'forward' });
    expect(one({ operator: '=', target: 100, unit: '%', actual: 80 })).toMatchObject({ score: '8', rule: 'equality' });
    expect(one({ operator: '=', target: 100, actual: 150 })).toMatchObject({ score: '10', completion: '1' });
  });
  test('a negative actual counts as 0, with a warning (input-sanity.test.ts has the rest)', () => {
    expect(one({ operator: '>=', target: 10, actual: -5 })).toMatchObject({ score: '0', completion: '0', codes: ['negative-actual'] });
  });
});

describe('3.3 reverse', () => {
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

describe('3.4 zero target', () => {
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

describe('3.5 overshoot (Liaoning)', () => {
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

describe('3.6 rounding', () => {
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

describe('3.7 qualitative', () => {
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

describe('3.8 override', () => {
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
