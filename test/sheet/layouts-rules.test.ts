import { PROFILES, resolveProfile } from '../../src/engine';
import { diagnoseSheet, findForms, locateProblems, scoreWorkbook, type CellValue, type MergeArea, type RecognizedForm, type SheetGrid } from '../../src/sheet';
import { at2 } from '../helpers/fixtures';
import { setCell } from './grid-edit';
import { loadSheet } from './load-grid';

/**
 * LAYOUTS.md rules that no fixture exercises, each on a small grid in the national layout
 * (title, funds block, one-row indicator header, 总分 row). Columns A–I:
 * 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
 */
type Row = CellValue[];

interface Built {
  sheet: SheetGrid;
  /** Excel row of the first indicator row. */
  first: number;
}

function national(indicators: Row[], opts: { title?: Row[]; header?: Row; footer?: Row[]; funds?: Row } = {}): Built {
  const values: Row[] = [
    ...(opts.title ?? [['项目支出绩效自评表'], ['（2024年度）']]),
    ['项目名称', null, '测试项目'],
    ['项目资金（万元）', null, null, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    opts.funds ?? [null, '年度资金总额', null, 100, 100, 90, 10, null, null],
    opts.header ?? ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
  ];
  const first = values.length + 1;
  values.push(...indicators);
  values.push(...(opts.footer ?? [['总分', null, null, null, null, null, 100, null]]));
  const merges: MergeArea[] = [];
  return { sheet: { name: '表', originRow: 1, originCol: 1, values, merges }, first };
}

/** An indicator row: 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 (column A empty). */
const ind = (l3: string, target: CellValue, actual: CellValue, weight: CellValue, l1 = '产出指标', l2 = '数量指标'): Row => [null, l1, l2, l3, target, actual, weight, null, null];

function only(sheet: SheetGrid): RecognizedForm {
  const forms = findForms(sheet, {});
  expect(forms).toHaveLength(1);
  return forms[0];
}

function scored(sheet: SheetGrid, profile = PROFILES.national) {
  const score = scoreWorkbook({ sheets: [sheet], prior: {} }, { profile });
  expect(score.forms).toHaveLength(1);
  return { ...score.forms[0], plan: score.plan, writes: new Map(score.plan.writes.map((w) => [w.address, w])) };
}

describe('operator vocabulary (LAYOUTS.md 3)', () => {
  test('以内 / 以下 after the number and 不超过 / 最多 before it are ≤ (reverse scoring)', () => {
    const { sheet, first } = national([
      ind('办结时限', '48小时以内', '36小时', 20),
      ind('投诉率', '5%以下', '10%', 20),
      ind('办理天数', '不超过3天', '4天', 20),
      ind('返工次数', '最多2次', '3次', 20),
    ]);
    const { result } = scored(sheet);
    expect(result.rows.map((r) => r.rule)).toEqual(['reverse-linear', 'reverse-linear', 'reverse-linear', 'reverse-linear']);
    expect(result.rows.map((r) => at2(r.score!.toString()))).toEqual(['20.00', '0.00', '13.33', '10.00']);
    expect(result.rows.flatMap((r) => r.problems)).toEqual([]);
    expect(first).toBe(7);
  });

  test('以上 after the number, ⩾ ⩽ ＞＝ ＜＝ glyphs, 百分比 as %', () => {
    const { sheet } = national([
      ind('覆盖率', '90%以上', '81%', 20),
      ind('培训人数', '⩾100人', '50人', 20),
      ind('差错率', '⩽2%', '3%', 20),
      ind('到岗率', '＞＝95%', '95%', 10),
      ind('时效', '＜＝5天', '5天', 10),
      ind('满意度', '≥90百分比', '99%', 10),
    ]);
    const { result } = scored(sheet);
    expect(result.rows.map((r) => at2(r.score!.toString()))).toEqual(['18.00', '10.00', '10.00', '10.00', '10.00', '10.00']);
    expect(result.rows.flatMap((r) => r.problems.map((p) => p.code))).toEqual([]);
  });

  test('deadlines and bounds written after the number: 个工作日内, 小时内, （含）以上, 及以下', () => {
    const { sheet } = national([
      ind('办结时限', '3个工作日内', '4个工作日', 20),
      ind('响应时间', '48小时内', '24小时', 20),
      ind('合格率', '95%（含）以上', '90%', 20),
      ind('投诉率', '5%及以下', '5%', 30),
    ]);
    const { result } = scored(sheet);
    expect(result.rows.map((r) => at2(r.score!.toString()))).toEqual(['13.33', '20.00', '18.95', '30.00']);
    expect(result.rows.flatMap((r) => [...r.flags, ...r.problems.map((p) => p.code)])).toEqual([]);
  });

  test('个百分点 is a difference of percentages: ≥ 2 个百分点 against 2.5 and 1', () => {
    const { sheet } = national([ind('就业率提升', '≥2个百分点', '2.5个百分点', 45), ind('参保率提升', '≥2个百分点', '1个百分点', 45)]);
    const { result } = scored(sheet);
    expect(result.rows.map((r) => at2(r.score!.toString()))).toEqual(['45.00', '22.50']);
    expect(result.rows.flatMap((r) => r.problems)).toEqual([]);
  });

  test('amounts with thousands separators stored as text, in 元', () => {
    const { sheet } = national([ind('人数', '≥10人', '10人', 90)], { funds: [null, '年度资金总额', null, '1,200,000.00', '1,200,000.00', '1,080,000.00', 10, null, null] });
    const { result, writes } = scored(sheet);
    expect(result.executionRate!.toString()).toBe('0.9');
    expect(writes.get('H5')!.value).toBe(0.9);
    expect(writes.get('I5')!.value).toBe(9);
  });
});

describe('polarity and kind columns (LAYOUTS.md 2, 3)', () => {
  const header: Row = ['一级指标', '二级指标', '三级指标', '指标类型', '指标值', '度量单位', '实际完成值', '分值', '得分'];
  const row = (l3: string, kind: string, target: CellValue, unit: string, actual: CellValue, weight: number): Row => ['产出指标', '数量指标', l3, kind, target, unit, actual, weight, null];

  test('a 指标类型 column holding 正向 / 反向 / 定量 / 定性 gives direction and kind, never a bad operator', () => {
    const { sheet } = national(
      [row('培训人数', '正向', 100, '人', 80, 20), row('办理时长', '反向', 30, '天', 45, 20), row('覆盖率', '定量', 90, '%', 90, 20), row('服务质量', '定性', '明显提升', '', '明显提升', 30)],
      { header, footer: [['总分', null, null, null, null, null, null, 100, null]] },
    );
    const form = only(sheet);
    expect(form.input.rows.map((r) => r.operator)).toEqual(['≥', '≤', null, '定性']);
    const { result } = scored(sheet);
    expect(result.rows.flatMap((r) => r.problems.map((p) => p.code))).not.toContain('bad-operator');
    // 反向 30 天 against 45: national linear reverse 1 − 15/30 = 0.5.
    expect(result.rows.map((r) => r.rule)).toEqual(['forward', 'reverse-linear', 'forward', 'qualitative']);
    expect(result.rows.map((r) => r.score && at2(r.score.toString()))).toEqual(['16.00', '10.00', '20.00', '30.00']);
    expect(result.rows[2].flags).toContain('operator-inferred');
  });

  test('正向 beside a value that carries its own operator leaves the value’s operator', () => {
    const { sheet } = national([row('差错率', '正向', '≤2%', '', '1%', 90)], { header, footer: [['总分', null, null, null, null, null, null, 100, null]] });
    const form = only(sheet);
    expect(form.input.rows[0].operator).toBeNull();
    const { result } = scored(sheet);
    expect([result.rows[0].rule, result.rows[0].score!.toString()]).toEqual(['reverse-linear', '90']);
    expect(result.rows[0].flags).not.toContain('operator-inferred');
  });
});

describe('rows that are not indicators and footers (LAYOUTS.md 4)', () => {
  test('（核心） and ☆ marks are not part of the name; 指标2： placeholders and …… rows are skipped', () => {
    const { sheet, first } = national([ind('（核心）培训人数', '≥10人', '10人', 45), ind('指标2：', null, null, null), ind('…', null, null, null), ind('☆覆盖率', '≥90%', '90%', 45)]);
    const form = only(sheet);
    expect(form.input.rows.map((r) => r.level3)).toEqual(['培训人数', '覆盖率']);
    expect(form.rowCells.map((c) => c.excelRow)).toEqual([first, first + 3]);
  });

  test('a 小计 row: its 分值 is not a weight, its 得分 gets the subtotal; 总计 ends the table with the total', () => {
    const { sheet, first } = national([ind('培训人数', '≥10人', '5人', 45), ind('覆盖率', '≥90%', '90%', 45)], {
      footer: [
        ['小计', null, null, null, null, null, 90, null],
        ['总计', null, null, null, null, null, 100, null],
      ],
    });
    const form = only(sheet);
    expect(form.input.rows).toHaveLength(2);
    expect(form.outputs.subtotal).toBe(`H${first + 2}`);
    expect(form.outputs.total).toBe(`H${first + 3}`);
    const { result, writes, plan } = scored(sheet);
    expect(result.weightsSum.toString()).toBe('90');
    expect(writes.get(`H${first + 2}`)!.value).toBe(67.5);
    expect(writes.get(`H${first + 3}`)!.value).toBe(76.5);
    expect(plan.kept).toEqual([]);
  });

  test('a 自评等级 row under the 总分 row: its cell gets the grade', () => {
    const { sheet, first } = national([ind('培训人数', '≥10人', '10人', 90)], {
      footer: [
        ['总分', null, null, null, null, null, 100, null],
        ['自评等级', null, null, null, null, null, null, null],
      ],
    });
    const form = only(sheet);
    expect(form.outputs.total).toBe(`H${first + 1}`);
    expect(form.outputs.grade).toBe(`B${first + 2}`);
    const { writes } = scored(sheet);
    expect(writes.get(`B${first + 2}`)!.value).toBe('优');
  });
});

describe('titles and profiles (LAYOUTS.md 1, 5)', () => {
  const F01 = ['liaoning-project-F01.xlsx', 'F01 人力资源和社会保障综合业务经费'] as const;

  test.each([
    ['title and year on one row', '预算项目(政策)绩效自评表（2024年度）'],
    ['a 公开NN表 tag and extra spaces', '预算项目（政策） 绩效自评表   公开08表'],
    ['the year first', '（2024年度）预算项目(政策)绩效自评表'],
  ])('a Liaoning form whose title has %s is still inferred liaoning, with the words that decided', async (_what, title) => {
    const sheet = await loadSheet(...F01);
    setCell(sheet, 'A1', title);
    setCell(sheet, 'A2', null);
    const form = only(sheet);
    expect(form.title).toBe(title.trim());
    expect(form.profileHint).toBe('liaoning');
    expect(form.profileEvidence).toEqual(expect.arrayContaining([title.trim(), '减分项']));
    const s = scoreWorkbook({ sheets: [sheet], prior: {} }, {}).forms[0];
    expect(s.profile.id).toBe('liaoning');
    expect(s.profileChoice).toEqual({ source: 'inferred', words: form.profileEvidence, reason: expect.stringContaining('减分项') });
  });

  test('the national default says so; a chosen profile says it was chosen', () => {
    const { sheet } = national([ind('培训人数', '≥10人', '10人', 90)]);
    const auto = scoreWorkbook({ sheets: [sheet], prior: {} }, {}).forms[0];
    expect([auto.profile.id, auto.profileChoice?.source]).toEqual(['national', 'default']);
    expect(auto.profileChoice?.reason).toMatch(/默认/);
    const chosen = scoreWorkbook({ sheets: [sheet], prior: {} }, { profile: PROFILES.hubei }).forms[0];
    expect([chosen.profile.id, chosen.profileChoice?.source]).toEqual(['hubei', 'user']);
  });

  test('scoreDecimals 0 / 1 set the display format of written scores; the default keeps 0.00', () => {
    const { sheet } = national([ind('培训人数', '≥10人', '7人', 90)]);
    for (const [decimals, format] of [[0, '0'], [1, '0.0']] as const) {
      const { profile } = resolveProfile({ base: 'national', scoreDecimals: decimals });
      const { writes } = scored(sheet, profile!);
      expect(writes.get('H7')!.numberFormat).toBe(format);
      expect(writes.get('H8')!.numberFormat).toBe(format);
      expect(writes.get('H5')!.numberFormat).toBe('0.00%');
    }
    expect(scored(sheet).writes.get('H7')!.numberFormat).toBe('0.00');
  });
});

describe('adjusted targets (LAYOUTS.md 2)', () => {
  test('调整后指标值 where written, else 年初指标值', () => {
    const header: Row = ['一级指标', '二级指标', '三级指标', '年初指标值', '调整后指标值', '实际完成值', '分值', '得分'];
    const { sheet, first } = national(
      [
        ['产出指标', '数量指标', '鉴定人数', '≥2400人', '≥2000人', '2376人', 45, null],
        ['产出指标', '数量指标', '培训人数', '≥100人', null, '50人', 45, null],
      ],
      { header },
    );
    const form = only(sheet);
    expect(form.input.rows.map((r) => r.target)).toEqual(['≥2000人', '≥100人']);
    expect(form.rowCells.map((c) => c.target)).toEqual([`E${first}`, `D${first + 1}`]);
  });
});

describe('why a form was not recognised', () => {
  test('the header row seen and what it lacked', () => {
    const sheet: SheetGrid = {
      name: '表1',
      originRow: 1,
      originCol: 1,
      values: [['项目支出绩效自评表'], [], [null, '一级指标', '二级指标', '指标名', '年度指标值', '分值']],
      merges: [],
    };
    expect(findForms(sheet, {})).toEqual([]);
    const why = diagnoseSheet(sheet)!;
    expect(why).toMatchObject({ code: 'no-form', severity: 'error', sheet: '表1', address: 'B3' });
    expect(why.message).toContain('第 3 行（B3）');
    expect(why.message).toContain('一级指标、二级指标、年度指标值、分值');
    expect(why.message).toContain('缺少“三级指标”');
    expect(scoreWorkbook({ sheets: [sheet], prior: {} }).unrecognised).toEqual([why]);
  });

  test('a sheet with nothing header-like gives no diagnosis (cover pages are not forms)', () => {
    expect(diagnoseSheet({ name: '封面', originRow: 1, originCol: 1, values: [['2024 年度绩效自评材料']], merges: [] })).toBeNull();
  });
});

describe('失分项 and missing-reason (issue 9)', () => {
  test('a row that lost points: points lost and its reason cell; a warning only when that cell is empty; pending rows are not listed', () => {
    const { sheet, first } = national([
      ind('培训人数', '≥10人', '5人', 30),
      [null, '产出指标', '数量指标', '覆盖率', '≥90%', '45%', 30, null, '资金下达晚'],
      ind('满意度', '≥90%', null, 30),
    ]);
    const s = scored(sheet);
    expect(s.lost).toEqual([
      { index: 0, excelRow: first, indicator: '培训人数', weight: '30', score: '15', lost: '15', reasonCell: `I${first}`, reason: null },
      { index: 1, excelRow: first + 1, indicator: '覆盖率', weight: '30', score: '15', lost: '15', reasonCell: `I${first + 1}`, reason: '资金下达晚' },
    ]);
    const warnings = locateProblems(s).filter((p) => p.code === 'missing-reason');
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', sheet: '表', address: `I${first}` })]);
    expect(warnings[0].message).toMatch(new RegExp(`第 ${first} 行“培训人数”失分 15 分，I${first} 的偏差原因分析为空`));
  });
});

describe('a national form written with other words of the same families gives the same scores', () => {
  const N1 = ['national/national-n1-liaoning-F01.xlsx', '人力资源和社会保障综合业务经费'] as const;
  const N4 = ['national/national-n4-liaoning-F03.xlsx', '事业单位招考经费'] as const;

  async function totals(sheet: SheetGrid) {
    const s = scoreWorkbook({ sheets: [sheet], prior: {} }, {});
    expect(s.forms).toHaveLength(1);
    return { total: s.forms[0].result.total.toString(), rows: s.forms[0].result.rows.map((r) => r.score?.toString() ?? null), writes: s.plan.writes.map((w) => w.address).sort() };
  }

  test('N1: title with its year, spaced and synonym headers, a 公开 tag', async () => {
    const original = await totals(await loadSheet(...N1));
    const sheet = await loadSheet(...N1);
    setCell(sheet, 'A1', '项目支出绩效自评表（2024年度）  公开12表');
    setCell(sheet, 'A2', null);
    setCell(sheet, 'E5', '全年预算数（A）');
    setCell(sheet, 'F5', '全年执行数（B）');
    setCell(sheet, 'H5', '执行率（B/A）');
    setCell(sheet, 'E12', '年度  指标值');
    setCell(sheet, 'F12', '全年实际完成值');
    setCell(sheet, 'G12', '指标分值');
    setCell(sheet, 'H12', '自评得分');
    setCell(sheet, 'I12', '备注');
    setCell(sheet, 'A20', '总 分');
    expect(await totals(sheet)).toEqual(original);
  });

  test('N4: operator words in the 指标性质 column, glyphs in 指标方向', async () => {
    const original = await totals(await loadSheet(...N4));
    const sheet = await loadSheet(...N4);
    setCell(sheet, 'D11', '指标类型');
    setCell(sheet, 'E12', '≧');
    setCell(sheet, 'E13', '═');
    setCell(sheet, 'E14', '不超过');
    expect(await totals(sheet)).toEqual(original);
  });
});
