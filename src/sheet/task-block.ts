import { taskRole, type TaskRole } from './labels';
import type { SheetView } from './sheet-view';

/** The 年度主要任务 block of a department form: 对应项目 | 项目下达金额 | 项目执行金额 | 项目执行率 | 分值 | 得分. */
export interface TaskBlock {
  headerRow: number;
  columns: Partial<Record<TaskRole, number>>;
  rows: number[];
  /** The block carries what task scoring needs (executed amounts or weights), not only planned funds. */
  scored: boolean;
}

function rowRoles(view: SheetView, row: number): Partial<Record<TaskRole, number>> {
  const columns: Partial<Record<TaskRole, number>> = {};
  for (const { col, text } of view.texts(row)) {
    const role = taskRole(text);
    if (role && columns[role] === undefined) columns[role] = col;
  }
  return columns;
}

/** Finds the task block between `top` and `bottom` (the rows above the indicator header). */
export function findTaskBlock(view: SheetView, top: number, bottom: number): TaskBlock | null {
  for (let r = top; r <= bottom; r++) {
    const columns = rowRoles(view, r);
    if (columns.name === undefined) continue;
    if (columns.allocated === undefined && columns.spent === undefined && columns.weight === undefined) continue;
    const rows: number[] = [];
    for (let t = r + 1; t <= bottom; t++) {
      const name = view.text(t, columns.name, false).trim();
      const amounts = (['allocated', 'spent', 'weight'] as const).some((k) => columns[k] !== undefined && !view.isEmpty(t, columns[k]!));
      if (!name && !amounts) break;
      // A cell merged down from the header row is not a task.
      if (view.master(t, columns.name).row !== t) break;
      rows.push(t);
    }
    return { headerRow: r, columns, rows, scored: columns.spent !== undefined || columns.weight !== undefined };
  }
  return null;
}
