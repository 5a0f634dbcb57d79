import { columnRole, infoKey, isTitle, normalizeLabel, stripMarks } from '../../src/sheet/labels';

describe('label words remembered per text (src/sheet/labels.ts)', () => {
  it('answers the same before, during and after its cache fills and is emptied', () => {
    const check = () => {
      expect(columnRole('三级\n指标')).toBe('level3');
      expect(columnRole('实际完成值（B）')).toBe('actual');
      expect(infoKey('自评总分：')).toBe('total');
      expect(isTitle('预算项目（政策）绩效自评表（2024年度）')).toBe(true);
      expect(stripMarks('★（核心）经费足额发放率')).toBe('经费足额发放率');
    };
    check();
    // More distinct texts than the cache holds (16,384): it is emptied on the way, answers stay right.
    for (let i = 0; i < 40_000; i++) {
      expect(normalizeLabel(`指标【${i}】 `)).toBe(`指标(${i})`);
      expect(columnRole(`备注${i}`)).toBeNull();
      if (i % 10_000 === 0) check();
    }
    check();
  });
});
