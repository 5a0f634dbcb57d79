import type { MergeArea } from './grid';
import { columnRole, fundsRowKey, infoKey, taskRole, type InfoKey } from './labels';
import type { SheetView } from './sheet-view';

/** A labelled cell (项目预算金额, 执行率, 总分 …) found around the table. */
export interface LabelHit {
  key: InfoKey;
  row: number;
  col: number;
  area: MergeArea;
  text: string;
}

const NO_ROWS: ReadonlySet<number> = new Set();

export function scanLabels(view: SheetView, top: number, bottom: number, skipRows: ReadonlySet<number> = NO_ROWS): LabelHit[] {
  const hits: LabelHit[] = [];
  for (let r = top; r <= bottom; r++) {
    if (skipRows.has(r)) continue;
    const row: LabelHit[] = [];
    const texts = view.texts(r);
    for (const { col: c, text: v } of texts) {
      const key = infoKey(v);
      if (key) row.push({ key, row: r, col: c, area: view.area(r, c), text: v });
    }
    // The national funds block: 分值 and 得分 beside 全年预算数 | 全年执行数 belong to the execution.
    if (row.length >= 2 && row.some((h) => h.key === 'budget') && row.some((h) => h.key === 'spent')) {
      // The row's other texts, in column order (looked at again only on such a row).
      const unnamed = texts.filter((t) => !infoKey(t.text));
      for (const u of unnamed) {
        const key = fundsRowKey(u.text);
        if (key && !row.some((h) => h.key === key)) row.push({ key, row: r, col: u.col, area: view.area(r, u.col), text: u.text });
      }
      row.sort((a, b) => a.col - b.col);
    }
    for (const h of row) hits.push(h);
  }
  return hits;
}

/**
 * Where the value of a label lives. Labels written side by side as a header row (L3:
 * 预算数(A) | 执行数(B) | 执行率(B/A) | 得分（20分*执行率）) have their values under them;
 * otherwise the value is to the right of the label (L1: 执行率 | □).
 */
export class LabelLayout {
  private readonly labelAt = new Set<string>();
  private readonly headerStyle = new Set<LabelHit>();

  constructor(
    private readonly view: SheetView,
    hits: LabelHit[],
    /** Rightmost column an output may sit in (the table's right edge may lie past the used range). */
    private readonly maxCol: number,
  ) {
    for (const h of hits) this.labelAt.add(`${h.row},${h.col}`);
    for (const h of hits) {
      const right = hits.find((o) => o.row === h.row && o.area.left === h.area.right + 1);
      const left = hits.find((o) => o.row === h.row && o.area.right + 1 === h.area.left);
      if (right || left) this.headerStyle.add(h);
    }
  }

  private isLabel(row: number, col: number): boolean {
    return this.labelAt.has(`${row},${col}`);
  }

  private below(h: LabelHit): { row: number; col: number } | null {
    const r = h.area.bottom + 1;
    if (r > this.view.lastRow + 1) return null;
    const m = this.view.master(r, h.area.left);
    return this.isLabel(m.row, m.col) ? null : { row: m.row, col: m.col };
  }

  /**
   * The input value a label names: the next non-empty cell to the right, or the cell below in a
   * header-style row. When the value is missing, the empty cell next to the label (where it
   * belongs, for messages).
   */
  inputCell(h: LabelHit): { row: number; col: number } | null {
    if (this.headerStyle.has(h)) return this.below(h);
    let adjacent: { row: number; col: number } | null = null;
    for (let c = h.area.right + 1; c <= this.view.lastCol; ) {
      const m = this.view.master(h.row, c);
      if (this.isLabel(m.row, m.col)) break;
      if (!this.view.isEmpty(m.row, m.col)) return { row: m.row, col: m.col };
      adjacent ??= { row: m.row, col: m.col };
      c = m.area.right + 1;
    }
    return adjacent;
  }

  /** The output cell of a label: the cell right of it, or below it in a header-style row. */
  outputCell(h: LabelHit): { row: number; col: number } | null {
    const c = h.area.right + 1;
    const cell = this.headerStyle.has(h) || c > this.maxCol ? this.below(h) : this.view.master(h.row, c);
    if (!cell || this.isLabel(cell.row, cell.col)) return null;
    // Another form word (a column header, a label) is never an output cell.
    const v = this.view.raw(cell.row, cell.col);
    if (typeof v === 'string' && (columnRole(v) !== null || infoKey(v) !== null || taskRole(v) !== null)) return null;
    return { row: cell.row, col: cell.col };
  }
}

export function firstHit(hits: LabelHit[], key: InfoKey): LabelHit | null {
  return hits.find((h) => h.key === key) ?? null;
}
