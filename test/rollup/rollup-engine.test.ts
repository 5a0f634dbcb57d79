import Decimal from 'decimal.js';
import { PROFILES, indicatorKey, isRelative, rollupForms, type RowInput } from '../../src/engine';
import { summaryForm, unitForm } from './f02-split';

const d = (x: string | number) => new Decimal(x);
const units = () => [
  { name: 'A', form: unitForm('A') },
  { name: 'B', form: unitForm('B') },
  { name: 'C', form: unitForm('C') },
];

describe('roll-up of F02 split over three units (SCORING.md 4.5, Liaoning profile)', () => {
  const r = rollupForms(summaryForm(), units(), PROFILES.liaoning);

  it('sums the amounts and the absolute quantities', () => {
    expect(r.budget!.toString()).toBe('127.35');
    expect(r.spent!.toString()).toBe('96.74');
    expect(r.rows[0]).toMatchObject({ method: 'sum' });
    expect(r.rows[0].combined!.toString()).toBe('620');
    expect(r.rows[1].combined!.toString()).toBe('12');
    expect(r.input.rows[0].actual).toBe('620');
  });

  it('averages the relative ones weighted by each unit’s 全年执行数', () => {
    // (40 × 30 + 55 × 36.74 + 55 × 30) / 96.74, in percent points; the engine holds fractions.
    const high = d(40).times(30).plus(d(55).times('36.74')).plus(d(55).times(30)).div('96.74').div(100);
    expect(r.rows[2].method).toBe('weighted-mean');
    expect(r.rows[2].combined!.toDecimalPlaces(12).toString()).toBe(high.toDecimalPlaces(12).toString());
    const share = d(45).times(30).plus(d(52).times('36.74')).plus(d(55).times(30)).div('96.74').div(100);
    expect(r.rows[5].combined!.toDecimalPlaces(12).toString()).toBe(share.toDecimalPlaces(12).toString());
    expect(r.rows[3].combined!.toString()).toBe('0.7');
  });

  it('averages the qualitative score fractions with the same weights, then converts to the summary weight', () => {
    // A and B met (20 of 20 → 1), C 部分达成 at 70 % (14 of 20 → 0.7).
    const fraction = d(1).times(30).plus(d(1).times('36.74')).plus(d('0.7').times(30)).div('96.74');
    expect(r.rows[6].method).toBe('qualitative-mean');
    expect(r.rows[6].combined!.toDecimalPlaces(12).toString()).toBe(fraction.toDecimalPlaces(12).toString());
    // Liaoning rounds completion to 2 places before multiplying: 0.906967… → 0.91 → 20 × 0.91.
    expect(r.result.rows[6].score!.toString()).toBe('18.2');
  });

  it('scores the summary form like any form: the rule applied by hand gives 84.1964', () => {
    // 620/1850 = 0.3351 → 0.34 → 3.4; 12 vs ≥ 7 is > 130 %: 10 − 5; the rates meet their targets.
    const rows = ['3.4', '5', '10', '10', '10', '20', '18.2'];
    expect(r.result.rows.map((x) => x.score!.toString())).toEqual(rows);
    const subtotal = rows.reduce((s, x) => s.plus(x), d(0));
    const execution = d('96.74').div('127.35').times(10);
    expect(r.result.subtotal.toString()).toBe(subtotal.toString());
    expect(r.result.executionScore!.toDecimalPlaces(10).toString()).toBe(execution.toDecimalPlaces(10).toString());
    expect(r.result.total.toDecimalPlaces(10).toString()).toBe(subtotal.plus(execution).toDecimalPlaces(10).toString());
    expect(r.result.grade).toBe('良');
    expect(r.problems).toEqual([]);
  });

  it('weights by 全年预算数 when asked', () => {
    const byBudget = rollupForms(summaryForm(), units(), PROFILES.liaoning, { fundWeight: 'budget' });
    const share = d(45).times(40).plus(d(52).times('50.35')).plus(d(55).times(37)).div('127.35').div(100);
    expect(byBudget.rows[5].combined!.toDecimalPlaces(12).toString()).toBe(share.toDecimalPlaces(12).toString());
    expect(byBudget.rows[0].combined!.toString()).toBe('620');
  });
});

describe('what cannot be combined is reported, never guessed', () => {
  it('an indicator missing in a unit, and one a unit has alone', () => {
    const r = rollupForms(
      summaryForm(),
      [
        { name: 'A', form: unitForm('A') },
        { name: 'B', form: unitForm('B', (rows) => rows.filter((x) => x.level3 !== '职称评审及时率')) },
        { name: 'C', form: unitForm('C', (rows) => [...rows, { level3: '宣传覆盖人次', operator: '>=', target: 100, unit: '人次', weight: 0, actual: 120 }]) },
      ],
      PROFILES.liaoning,
    );
    expect(r.problems.filter((p) => p.code === 'indicator-missing-in-unit')).toEqual([
      expect.objectContaining({ row: 4, unit: 'B', severity: 'error', message: expect.stringContaining('职称评审及时率') }),
    ]);
    expect(r.problems.filter((p) => p.code === 'indicator-unit-only')).toEqual([expect.objectContaining({ unit: 'C', message: expect.stringContaining('宣传覆盖人次') })]);
    expect(r.rows[4]).toMatchObject({ method: 'not-combined', combined: null });
    expect(r.input.rows[4].actual).toBeNull();
    // The row stays unscored (pending), the others are combined as before.
    expect(r.result.rows[4].score).toBeNull();
    expect(r.result.pending).toBe(1);
    expect(r.rows[0].combined!.toString()).toBe('620');
  });

  it('mixed units: 万人 converted, 张 against 场次 and text in a quantitative row refused', () => {
    const r = rollupForms(
      summaryForm(),
      [
        { name: 'A', form: unitForm('A', (rows) => rows.map((x, i) => (i === 2 ? { ...x, actual: '已完成' } : x))) },
        { name: 'B', form: unitForm('B', (rows) => rows.map((x, i) => (i === 0 ? { ...x, actual: '0.022万人', unit: null } : x))) },
        { name: 'C', form: unitForm('C', (rows) => rows.map((x, i) => (i === 1 ? { ...x, actual: '3 张', unit: null } : x))) },
      ],
      PROFILES.liaoning,
    );
    // 200 + 0.022 × 10000 + 200.
    expect(r.rows[0].combined!.toString()).toBe('620');
    expect(r.rows[1]).toMatchObject({ method: 'not-combined', combined: null });
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unit-mismatch', row: 1, unit: 'C' }),
        expect.objectContaining({ code: 'not-a-number', row: 2, unit: 'A', message: expect.stringContaining('已完成') }),
      ]),
    );
    expect(r.rows[2].combined).toBeNull();
    expect(r.problems).toHaveLength(2);
  });

  it('a unit without its amount: relative and qualitative rows are not weighted, sums still are', () => {
    const r = rollupForms(summaryForm(), [{ name: 'A', form: unitForm('A') }, { name: 'B', form: { ...unitForm('B'), spent: null } }], PROFILES.liaoning);
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['missing-funds', 'amounts-missing']));
    expect(r.rows[0].combined!.toString()).toBe('420');
    expect(r.rows[2].combined).toBeNull();
    expect(r.rows[6].combined).toBeNull();
    expect(r.spent).toBeNull();
  });

  it('no units: nothing is combined (an empty sum is not a total of 0)', () => {
    const r = rollupForms(summaryForm(), [], PROFILES.liaoning);
    expect(r.rows.every((x) => x.combined === null)).toBe(true);
    expect(r.input.rows.every((x) => x.actual === null)).toBe(true);
  });

  it('an indicator named twice is matched by order of appearance, and said so', () => {
    const twice = (rows: RowInput[]) => [...rows, { ...rows[0], weight: 0 }];
    const summary = { ...summaryForm(), rows: twice(summaryForm().rows) };
    const r = rollupForms(summary, [{ name: 'A', form: unitForm('A', (rows) => [...rows, { ...rows[0], actual: 7 }]) }], PROFILES.liaoning);
    expect(r.rows[0].combined!.toString()).toBe('200');
    expect(r.rows[7].combined!.toString()).toBe('7');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'duplicate-indicator', row: 7, severity: 'info' })]);
  });

  it('a unit whose qualitative row is not judged yet', () => {
    const r = rollupForms(summaryForm(), [{ name: 'A', form: unitForm('A', (rows) => rows.map((x, i) => (i === 6 ? { ...x, actual: '见附件' } : x))) }], PROFILES.liaoning);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'not-judged', row: 6, unit: 'A' })]);
  });
});

describe('matching and classifying indicators', () => {
  it('ignores spaces, full/half width and ★ marks', () => {
    expect(indicatorKey('★事业单位工作人员 岗前培训人员数量')).toBe(indicatorKey('事业单位工作人员岗前培训人员数量'));
    expect(indicatorKey('组织职称评审场次　')).toBe('组织职称评审场次');
    expect(indicatorKey('ＡＢＣ满意度（％）')).toBe('ABC满意度(%)');
    const r = rollupForms(
      summaryForm(),
      [{ name: 'A', form: unitForm('A', (rows) => rows.map((x, i) => (i === 0 ? { ...x, level3: '★ 事业单位工作人员岗前培训人员数量' } : x))) }],
      PROFILES.liaoning,
    );
    expect(r.rows[0].combined!.toString()).toBe('200');
    expect(r.problems).toEqual([]);
  });

  it('percentages, per-capita values and durations are relative; counts and amounts absolute', () => {
    expect(isRelative('%', '满意度')).toBe(true);
    expect(isRelative('元/人', '人均成本')).toBe(true);
    expect(isRelative('秒', '办结时限')).toBe(true);
    expect(isRelative('人', '培训人数')).toBe(false);
    expect(isRelative('元', '补贴金额')).toBe(false);
    expect(isRelative('', '覆盖率')).toBe(true);
    expect(isRelative('', '事件数量')).toBe(false);
    expect(isRelative('工作日', '办结时限')).toBe(true);
    expect(isRelative('次', '人均培训次数')).toBe(true);
    expect(isRelative('次', '培训次数')).toBe(false);
  });
});
