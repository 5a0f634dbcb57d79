import type { FormInput, RowInput } from '../../src/engine';

/**
 * F02 职称评审及技术等级晋升培训经费 (liaoning-project-F02.xlsx: budget 127.35, spent 96.74) split
 * over three units whose amounts add up to the form's, and whose actuals give back the published
 * ones where the rule sums (620 人, 12 场次).
 */
export const F02_ROWS: RowInput[] = [
  { level1: '产出指标', level2: '数量指标', level3: '事业单位工作人员岗前培训人员数量', operator: '>=', target: 1850, unit: '人', weight: 10 },
  { level1: '产出指标', level2: '数量指标', level3: '组织职称评审场次', operator: '>=', target: 7, unit: '场次', weight: 10 },
  { level1: '产出指标', level2: '质量指标', level3: '高级职称评审通过率', operator: '<=', target: 60, unit: '%', weight: 10 },
  { level1: '产出指标', level2: '质量指标', level3: '中级职称评审通过率', operator: '<=', target: 80, unit: '%', weight: 10 },
  { level1: '产出指标', level2: '时效指标', level3: '职称评审及时率', operator: '>=', target: 100, unit: '%', weight: 10 },
  { level1: '效益指标', level2: '社会效益指标', level3: '民营企业专业技术人员在整体职称评审中所占比例', operator: '>=', target: 50, unit: '%', weight: 20 },
  { level1: '效益指标', level2: '社会效益指标', level3: '促进提升全市技术人员业务水平', operator: null, target: '长久', unit: null, weight: 20 },
];

export const MET = '全部或基本达成预期指标100%-80%（含）';
export const PARTIAL = '部分达成预期指标并具有一定效果';

/** The three units: amounts (budget, spent) and one actual per row; C judged 部分达成 at 70 %. */
export const UNITS = {
  A: { budget: '40', spent: '30', actuals: [200, 4, 40, 70, 100, 45, MET] as (number | string)[] },
  B: { budget: '50.35', spent: '36.74', actuals: [220, 5, 55, 70, 100, 52, MET] as (number | string)[] },
  C: { budget: '37', spent: '30', actuals: [200, 3, 55, 70, 100, 55, PARTIAL] as (number | string)[], completion6: '70%' },
};

export function unitForm(u: keyof typeof UNITS, edit: (rows: RowInput[]) => RowInput[] = (r) => r): FormInput {
  const src = UNITS[u];
  const rows = F02_ROWS.map((r, i) => ({ ...r, actual: src.actuals[i], ...(i === 6 && 'completion6' in src ? { completion: src.completion6 } : {}) }));
  return { kind: 'project', title: `F02 ${u}`, budget: src.budget, spent: src.spent, rows: edit(rows) };
}

export function summaryForm(): FormInput {
  return { kind: 'project', title: 'F02 汇总', budget: null, spent: null, rows: F02_ROWS.map((r) => ({ ...r, actual: null })) };
}
