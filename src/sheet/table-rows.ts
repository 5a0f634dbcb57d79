import { a1 } from './grid';
import { readHeader, sameLayout, type Header } from './header';
import { scanLabels, type LabelHit } from './info-cells';
import { FOOTER_KEYS, isBlockHeading, isInlineInfo, isNoteLabel, isTitle, nonIndicatorKind } from './labels';
import type { SheetView } from './sheet-view';

/** One indicator row of the table, with the group labels it belongs to. */
export interface TableRow {
  excelRow: number;
  level1: string | null;
  level2: string | null;
  /** Rows sharing a merged 分值 (or 得分) cell: the A1 address of that cell's master; null when alone. */
  unitKey: string | null;
}

export interface Table {
  header: Header;
  headerRows: number[];
  rows: TableRow[];
  /** 指标自评得分小计 / 预算执行率得分 / 减分项 / 总分 labels below the rows. */
  footerHits: LabelHit[];
  /** Last row of the table's range (the total row, or the last indicator row). */
  lastRow: number;
  /** Last row that belongs to this form; the next form is searched after it. */
  endRow: number;
}

/** The first own text of a row inside the table's columns, and how many there are (counted up to 3: all the callers need). */
function rowTexts(view: SheetView, row: number, left: number, right: number): { first: string; count: number } {
  let first = '';
  let count = 0;
  for (let c = left; c <= right && count < 3; c++) {
    if (!view.isMaster(row, c)) continue;
    const v = view.raw(row, c);
    if (v === null) continue;
    const text = String(v).trim();
    if (!text) continue;
    if (count === 0) first = text;
    count++;
  }
  return { first, count };
}

/** A 一级/二级指标 cell: its own text, or its merge master's when merged down from above. */
function levelText(view: SheetView, row: number, col: number | undefined): string {
  if (col === undefined) return '';
  const m = view.master(row, col);
  if (m.row === row && m.col !== col) return '';
  const v = view.raw(m.row, m.col);
  return v === null ? '' : String(v).trim();
}

function ownText(view: SheetView, row: number, col: number | undefined): string {
  if (col === undefined) return '';
  const v = view.own(row, col);
  return v === null ? '' : String(v).trim();
}

/** The start of something that is not this table: a title, a labelled info cell, a note. */
function startsSomethingElse(cells: { first: string; count: number }, labels: LabelHit[]): boolean {
  if (cells.count === 0) return false;
  if (isNoteLabel(cells.first)) return true;
  // A title stands alone on its row (usually merged across the width); an indicator may contain 绩效…表.
  if (cells.count <= 2 && (isTitle(cells.first) || isInlineInfo(cells.first))) return true;
  return labels.some((h) => h.key === 'name' || h.key === 'budget' || h.key === 'spent');
}

/** `—`, `-`, `/`: how forms say "nothing here". */
function isDash(text: string): boolean {
  return /^[-—–/\\_]+$/.test(text);
}

/**
 * A row under the header that holds something but is not an indicator (LAYOUTS.md 4): a template
 * placeholder (`指标1：`) or an ellipsis row with nothing filled, a `其中：…` detail row without a weight.
 */
function isNonIndicatorRow(view: SheetView, row: number, header: Header, weightText: string): boolean {
  const cols = header.columns;
  const name = ownText(view, row, cols.level3);
  const kind = name ? nonIndicatorKind(name) : null;
  if (!kind) return false;
  const hasWeight = weightText !== '' && !isDash(weightText);
  if (hasWeight) return false;
  if (kind === 'detail' || kind === 'ellipsis') return true;
  const filled = [cols.target, cols.targetInitial, cols.targetAdjusted, cols.actual].some((c) => {
    const t = ownText(view, row, c);
    return t !== '' && !isDash(t);
  });
  return !filled;
}

function unitKeyOf(view: SheetView, row: number, col: number | undefined): string | null {
  if (col === undefined) return null;
  const area = view.area(row, col);
  return area.bottom > area.top ? a1(area.top, area.left) : null;
}

/**
 * Reads the rows under a header until the form's total row, a note, the start of another form,
 * or the end of the sheet. Repeated headers and goal-block headings (Hubei overall) stay inside
 * the form; rows holding only group labels (placeholders) are not indicators.
 */
export function readTable(view: SheetView, header: Header): Table {
  const cols = header.columns;
  const headerRows = [...header.rows];
  const rows: TableRow[] = [];
  const footerHits: LabelHit[] = [];
  let lastRow = header.rows[header.rows.length - 1];
  let endRow = view.lastRow;
  let level1 = '';
  let level2 = '';

  for (let r = lastRow + 1; r <= view.lastRow; r++) {
    const cells = rowTexts(view, r, header.left, header.right);
    const labels = scanLabels(view, r, r);
    const footer = labels.filter((h) => FOOTER_KEYS.has(h.key));
    if (footer.length > 0) {
      footerHits.push(...footer);
      lastRow = r;
      if (footer.some((h) => h.key === 'total')) {
        endRow = r;
        // A 自评等级 row may follow the total row.
        const grade = r < view.lastRow ? scanLabels(view, r + 1, r + 1).filter((h) => h.key === 'grade') : [];
        if (grade.length > 0 && !footer.some((h) => h.key === 'grade')) {
          footerHits.push(...grade);
          lastRow = endRow = r + 1;
        }
        break;
      }
      continue;
    }
    const again = readHeader(view, r);
    if (again) {
      if (footerHits.length > 0 || !sameLayout(header, again)) {
        endRow = r - 1;
        break;
      }
      headerRows.push(...again.rows);
      lastRow = again.rows[again.rows.length - 1];
      r = lastRow;
      level1 = level2 = '';
      continue;
    }
    if (startsSomethingElse(cells, labels)) {
      endRow = r - 1;
      break;
    }
    if (cells.count > 0 && isBlockHeading(cells.first)) {
      level1 = level2 = '';
      continue;
    }
    const l1 = levelText(view, r, cols.level1);
    const l2 = levelText(view, r, cols.level2);
    if (l1) level1 = l1;
    if (l2) level2 = l2;
    const weightCell = cols.weight === undefined ? '' : view.isMaster(r, cols.weight) ? ownText(view, r, cols.weight) : '';
    const isIndicator =
      ownText(view, r, cols.level3) !== '' || ownText(view, r, cols.target) !== '' || ownText(view, r, cols.actual) !== '' || weightCell !== '';
    if (isIndicator && isNonIndicatorRow(view, r, header, weightCell)) {
      lastRow = r;
    } else if (isIndicator) {
      rows.push({
        excelRow: r,
        level1: level1 || null,
        level2: level2 || null,
        unitKey: unitKeyOf(view, r, cols.weight) ?? unitKeyOf(view, r, cols.score),
      });
      lastRow = r;
    } else if (l1 || l2) {
      lastRow = r;
    }
  }
  return { header, headerRows, rows, footerHits, lastRow, endRow: Math.max(endRow, lastRow) };
}
