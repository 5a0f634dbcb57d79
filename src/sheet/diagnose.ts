import type { SheetProblem } from './contract';
import { a1, type SheetGrid } from './grid';
import { columnRole, type ColumnRole } from './labels';
import { SheetView } from './sheet-view';

const ROLE_NAMES: Partial<Record<ColumnRole, string>> = {
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  target: '指标值',
  targetInitial: '年初指标值',
  targetAdjusted: '调整后指标值',
  actual: '实际完成值',
  weight: '分值',
  score: '得分',
  operator: '运算符号',
  direction: '指标方向',
  unit: '度量单位',
};

/** What an indicator-table header needs (header.ts): 三级指标 and two of these. */
const NEEDED_OTHERS: ColumnRole[][] = [['level1', 'level2'], ['target', 'targetInitial', 'targetAdjusted'], ['weight'], ['actual'], ['operator', 'direction']];

/**
 * Why no indicator table was found on a sheet: the row that looked most like a header (the most
 * column words), the words seen and what was missing. Null when nothing looked like a header.
 */
export function diagnoseSheet(sheet: SheetGrid): SheetProblem | null {
  const view = new SheetView(sheet);
  let best: { row: number; col: number; roles: Set<ColumnRole>; words: string[] } | null = null;
  for (let r = view.firstRow; r <= view.lastRow; r++) {
    const roles = new Set<ColumnRole>();
    const words: string[] = [];
    let first = 0;
    for (let c = view.firstCol; c <= view.lastCol; c++) {
      if (!view.isMaster(r, c)) continue;
      const v = view.raw(r, c);
      if (typeof v !== 'string') continue;
      const role = columnRole(v);
      if (!role || roles.has(role)) continue;
      roles.add(role);
      words.push(v.replace(/\s+/g, ''));
      first ||= c;
    }
    if (roles.size >= 2 && (!best || roles.size > best.roles.size)) best = { row: r, col: first, roles, words };
  }
  if (!best) return null;
  const missing: string[] = [];
  if (!best.roles.has('level3')) missing.push('“三级指标”（或“指标名称”）列');
  const others = NEEDED_OTHERS.filter((group) => group.some((g) => best!.roles.has(g))).length;
  if (others < 2) {
    const absent = NEEDED_OTHERS.filter((group) => !group.some((g) => best!.roles.has(g))).map((group) => `“${ROLE_NAMES[group[0]]}”`);
    missing.push(`以下列中至少两列：${absent.join('、')}`);
  }
  const address = a1(best.row, best.col);
  return {
    code: 'no-form',
    severity: 'error',
    sheet: sheet.name,
    address,
    message: `工作表“${sheet.name}”第 ${best.row} 行（${address}）像是指标表表头（${best.words.join('、')}），但缺少${missing.join('，以及')}，未识别为绩效自评表`,
  };
}
