import { PROFILES, scoreForm, type FormInput, type RowInput } from '../src/engine';

/** A mix of the row shapes real forms hold: bounds, units, 万, percents, text, cost rows, pending rows. */
const SHAPES: ((i: number) => RowInput)[] = [
  (i) => ({ level1: '产出指标', operator: '>=', target: 2000 + (i % 50), unit: '人', actual: 1900 + (i % 300), weight: 4 }),
  (i) => ({ level1: '产出指标', target: '≥98%', actual: `${95 + (i % 5)}.${i % 10}%`, weight: 4 }),
  (i) => ({ level1: '成本指标（20分）', target: '2600 元/人', actual: `${2000 + (i % 900)} 元/人`, weight: 4 }),
  (i) => ({ level1: '产出指标', target: '1.1万人', actual: `${10000 + i % 3000} 人`, weight: 4 }),
  (i) => ({ level1: '效益指标', target: '有所提升', actual: i % 7 === 0 ? '部分提升' : '明显', weight: 4 }),
  (i) => ({ level1: '产出指标', operator: '<=', target: 48, unit: '小时', actual: `${1 + (i % 3)} 天`, weight: 4 }),
  (i) => ({ level1: '满意度指标', operator: '=', target: 0, unit: '起', actual: i % 11 === 0 ? 1 : 0, weight: 4 }),
  () => ({ level1: '效益指标', target: '长久', actual: '全部或基本达成预期指标100%-80%（含）', weight: 4 }),
  (i) => ({ level1: '产出指标', target: '9827. 48', actual: i % 13 === 0 ? null : '9, 800. 5', weight: 4 }),
];

export function syntheticForms(rowCount: number, rowsPerForm = 25): FormInput[] {
  const forms: FormInput[] = [];
  for (let start = 0; start < rowCount; start += rowsPerForm) {
    const rows: RowInput[] = [];
    for (let i = start; i < Math.min(rowCount, start + rowsPerForm); i++) rows.push(SHAPES[i % SHAPES.length](i));
    forms.push({ kind: 'project', budget: 100 + (start % 37), spent: 60 + (start % 41), rows });
  }
  return forms;
}

export function benchEngine(rowCount = 100_000): Record<string, string | number> {
  const forms = syntheticForms(rowCount);
  const out: Record<string, string | number> = { rows: rowCount, forms: forms.length };
  for (const profile of [PROFILES.national, PROFILES.hubei, PROFILES.liaoning]) {
    // Warm the JIT up first, so the figure is the steady state an add-in session sees.
    for (const f of forms.slice(0, 400)) scoreForm(f, profile);
    // Best of three passes: the machine is shared, the fastest pass is the engine's own speed.
    let seconds = Infinity;
    const heap0 = process.memoryUsage().heapUsed;
    for (let pass = 0; pass < 3; pass++) {
      const t0 = process.hrtime.bigint();
      let checksum = 0;
      for (const f of forms) checksum += scoreForm(f, profile).rows.length;
      seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
      if (checksum !== rowCount) throw new Error('bench lost rows');
    }
    out[`${profile.id}_seconds`] = Number(seconds.toFixed(3));
    out[`${profile.id}_rows_per_s`] = Math.round(rowCount / seconds);
    out[`${profile.id}_heap_delta_mb`] = Number(((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1));
  }
  return out;
}
