import { MAX_COLS, MAX_ROWS, a1, areaAddress, areaCellCount, parseA1, parseArea, type CellArea } from '../../sheet/a1';
import type { CellValue, SheetGrid } from '../../sheet/grid';
import { dateText, numberCellValue, unescapeOoxml } from '../cell-value';
import { slideFormula } from './shared-formula';
import { textContent } from '../xml-text';
import { attrValue, endTagOf, nextTag, stringItemText, type Tag } from './xml-scan';

/**
 * One worksheet part → the grid src/sheet/ reads: values (shared strings, inline and rich text,
 * numbers, booleans, errors, dates as text), number formats, formulas (shared ones translated to
 * each cell) and merged areas, in one forward pass over the XML.
 */

export interface SheetReadContext {
  sharedStrings: readonly string[];
  /** Number format code per style index (null: General). */
  formats: readonly (string | null)[];
  date1904: boolean;
  limits: SheetLimits;
  /** Builds the error thrown for a damaged or oversized sheet (the reader adds file and part). */
  fail: (reason: string, code?: 'unreadable' | 'too-large') => Error;
  /** Things worth telling the user that did not stop the read. */
  note: (text: string) => void;
}

export interface SheetLimits {
  /** Cells (<c> elements) in one sheet. */
  maxCells: number;
  /** Cells of the used range (its bounding box) in one sheet. */
  maxRangeCells: number;
  /** Cells of one merged area; a larger one cannot be part of a form and is ignored. */
  maxMergeCells: number;
}

/** Dense rows up to this many grid slots; beyond, rows are stored only as wide as their last value. */
const DENSE_SLOTS = 16_000_000;

export function readSheetXml(xml: string, name: string, ctx: SheetReadContext): SheetGrid {
  const cells = scanCells(xml, ctx);
  const merges = readMerges(xml, cells.dataEnd, ctx);
  return assemble(name, cells, merges, ctx);
}

/** An Int32Array that grows: a big sheet's coordinates take 4 bytes a cell, not a boxed array slot. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

interface ScannedCells {
  rows: IntList;
  cols: IntList;
  values: CellValue[];
  /** Style index per cell (-1: none); its number format is looked up when the grid is built. */
  styles: IntList;
  /** Index into the arrays above → formula text. */
  formulas: Map<number, string>;
  /** Offset where sheetData ends (merges come after). */
  dataEnd: number;
  sorted: boolean;
}

function scanCells(xml: string, ctx: SheetReadContext): ScannedCells {
  const out: ScannedCells = { rows: new IntList(), cols: new IntList(), values: [], styles: new IntList(), formulas: new Map(), dataEnd: 0, sorted: true };
  let pos = 0;
  let data: Tag | null = null;
  for (let tag = nextTag(xml, pos); tag; tag = nextTag(xml, pos)) {
    pos = tag.end;
    if (tag.name === 'sheetData' && !tag.closing) {
      data = tag;
      break;
    }
  }
  if (!data) throw ctx.fail('工作表内容不完整（缺少 sheetData）');
  if (data.selfClosing) {
    out.dataEnd = data.end;
    return out;
  }
  const sharedMasters = new Map<string, { formula: string; row: number; col: number }>();
  let row = 0;
  let col = 0;
  let lastRow = 0;
  let lastCol = 0;
  for (let tag = nextTag(xml, pos); tag; tag = nextTag(xml, pos)) {
    pos = tag.end;
    if (tag.closing) {
      if (tag.name === 'sheetData') {
        out.dataEnd = tag.end;
        return out;
      }
      continue;
    }
    if (tag.name === 'row') {
      const r = attrValue(xml, 'r', tag.start, tag.end);
      row = r !== undefined ? parseInt(r, 10) : row + 1;
      if (!(row >= 1 && row <= MAX_ROWS)) throw ctx.fail(`行号 ${r} 超出 Excel 的范围（1–${MAX_ROWS}）`);
      col = 0;
      continue;
    }
    if (tag.name !== 'c') continue;
    const ref = attrValue(xml, 'r', tag.start, tag.end);
    let cellRow = row;
    if (ref !== undefined) {
      const at = parseA1(ref);
      if (!at || at.col > MAX_COLS || at.row > MAX_ROWS || at.row < 1) throw ctx.fail(`单元格地址 “${ref.slice(0, 20)}” 无效`);
      col = at.col;
      cellRow = at.row;
    } else {
      col++;
      if (col > MAX_COLS) throw ctx.fail(`第 ${row} 行的单元格超过 Excel 的 ${MAX_COLS} 列`);
    }
    if (cellRow === 0) cellRow = row = 1;
    const style = attrValue(xml, 's', tag.start, tag.end);
    const format = style !== undefined ? (ctx.formats[Number(style)] ?? null) : null;
    const type = attrValue(xml, 't', tag.start, tag.end);
    let cell: CellContent = ERROR_NO_VALUE;
    if (!tag.selfClosing) {
      const close = endTagOf(xml, tag.qname, tag.end);
      if (close < 0) throw ctx.fail(`单元格 ${a1(cellRow, col)} 的内容不完整`);
      // Nearly every cell is <v>…</v> with no markup inside: read without a scan of its body.
      const inner = tag.end + 3;
      if (xml.startsWith('<v>', tag.end) && close - 4 >= inner && xml.indexOf('<', inner) === close - 4 && xml.startsWith('</v>', close - 4)) {
        cell = valueContent(textContent(xml.slice(inner, close - 4)), undefined, null, type, format, ctx, cellRow, col);
      } else {
        cell = cellContent(xml.slice(tag.end, close), type, format, ctx, cellRow, col);
      }
      pos = close;
      // `</c>` itself: the loop would read it as a closing tag and go on past it.
      if (xml.charCodeAt(close + tag.qname.length + 2) === 62) pos = close + tag.qname.length + 3;
    }
    let formula = cell.formula;
    if (cell.shared) {
      if (formula !== null && cell.shared.ref) sharedMasters.set(cell.shared.si, { formula, row: cellRow, col });
      else if (formula === null) {
        const master = sharedMasters.get(cell.shared.si);
        if (master) formula = slideFormula(master.formula, master.row, master.col, cellRow, col);
      }
    }
    // A styled empty cell keeps its number format (the planner writes into such cells).
    if (cell.value === null && formula === null && style === undefined) continue;
    const n = out.rows.length;
    if (n >= ctx.limits.maxCells) {
      throw ctx.fail(`单元格数量超过上限 ${ctx.limits.maxCells.toLocaleString('en-US')} 个，无法处理`, 'too-large');
    }
    if (cellRow < lastRow || (cellRow === lastRow && col <= lastCol)) out.sorted = false;
    lastRow = cellRow;
    lastCol = col;
    out.rows.push(cellRow);
    out.cols.push(col);
    out.values.push(cell.value);
    out.styles.push(style !== undefined ? Number(style) : -1);
    if (formula !== null) out.formulas.set(n, formula);
  }
  throw ctx.fail('工作表内容不完整（sheetData 没有结束）');
}

const ERROR_NO_VALUE = { value: null, formula: null, shared: null } as const;

interface CellContent {
  value: CellValue;
  formula: string | null;
  shared: { si: string; ref: string | undefined } | null;
}

function cellContent(body: string, type: string | undefined, format: string | null, ctx: SheetReadContext, row: number, col: number): CellContent {
  if (body === '') return ERROR_NO_VALUE;
  let raw: string | undefined;
  let inline: string | undefined;
  let formula: string | null = null;
  let shared: CellContent['shared'] = null;
  let pos = 0;
  for (let tag = nextTag(body, pos); tag; tag = nextTag(body, pos)) {
    pos = tag.end;
    if (tag.closing) continue;
    if (tag.name === 'extLst') break;
    const close = tag.selfClosing ? tag.end : endTagOf(body, tag.qname, tag.end);
    if (close < 0) throw ctx.fail(`单元格 ${a1(row, col)} 的内容不完整`);
    if (tag.name === 'v') raw = tag.selfClosing ? '' : textContent(body.slice(tag.end, close));
    else if (tag.name === 'is') inline = tag.selfClosing ? '' : stringItemText(body, tag.end, close);
    else if (tag.name === 'f') {
      const fTag = body.slice(tag.start, tag.end);
      const text = tag.selfClosing ? '' : textContent(body.slice(tag.end, close));
      formula = text === '' ? null : text.startsWith('=') ? text.slice(1) : text;
      if (attrValue(fTag, 't') === 'shared') shared = { si: attrValue(fTag, 'si') ?? '', ref: attrValue(fTag, 'ref') };
    } else continue;
    pos = close;
  }
  return valueContent(raw, inline, formula, type, format, ctx, row, col, shared);
}

function valueContent(
  raw: string | undefined,
  inline: string | undefined,
  formula: string | null,
  type: string | undefined,
  format: string | null,
  ctx: SheetReadContext,
  row: number,
  col: number,
  shared: CellContent['shared'] = null,
): CellContent {
  if (type === 'inlineStr') return { value: inline !== undefined ? unescapeOoxml(inline) : raw ? unescapeOoxml(raw) : null, formula, shared };
  // A formula without its cached result shows nothing (yet).
  if (raw === undefined || raw === '') return { value: null, formula, shared };
  return { value: typedValue(raw, type, format, ctx, row, col), formula, shared };
}

function typedValue(raw: string, type: string | undefined, format: string | null, ctx: SheetReadContext, row: number, col: number): CellValue {
  switch (type) {
    case 's': {
      const i = Number(raw);
      const s = Number.isInteger(i) ? ctx.sharedStrings[i] : undefined;
      if (s === undefined) throw ctx.fail(`单元格 ${a1(row, col)} 引用的共享字符串 #${raw.slice(0, 12)} 不存在（共 ${ctx.sharedStrings.length} 个）`);
      return unescapeOoxml(s);
    }
    case 'str':
      return unescapeOoxml(raw);
    case 'b':
      return parseInt(raw, 10) !== 0;
    case 'e':
      return raw;
    case 'd': {
      const d = new Date(raw.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw}Z`);
      return Number.isNaN(d.getTime()) ? raw : dateText(d);
    }
    default: {
      const n = parseFloat(raw);
      // A number beyond a double (`1e400`) stays as written: the engine reports it at its cell, never a blank.
      if (n === Infinity || n === -Infinity) return raw.trim().slice(0, 64);
      return numberCellValue(n, format, ctx.date1904);
    }
  }
}

function readMerges(xml: string, from: number, ctx: SheetReadContext): CellArea[] {
  const out: CellArea[] = [];
  const at = xml.indexOf('mergeCell', from);
  if (at < 0) return out;
  let pos = xml.lastIndexOf('<', at);
  for (let tag = nextTag(xml, pos); tag; tag = nextTag(xml, pos)) {
    pos = tag.end;
    if (tag.closing) {
      if (tag.name === 'mergeCells') break;
      continue;
    }
    if (tag.name !== 'mergeCell') continue;
    const ref = attrValue(xml, 'ref', tag.start, tag.end) ?? '';
    const area = parseArea(ref);
    if (!area || area.top < 1 || area.left < 1 || area.bottom > MAX_ROWS || area.right > MAX_COLS) continue;
    if (area.top === area.bottom && area.left === area.right) continue;
    if (areaCellCount(area) > ctx.limits.maxMergeCells) {
      ctx.note(`合并区域 ${areaAddress(area)} 过大（超过 ${ctx.limits.maxMergeCells.toLocaleString('en-US')} 个单元格），不可能属于自评表，已忽略。`);
      continue;
    }
    out.push(area);
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Indices of the cells in row-major order (files nearly always store them so). */
function order(cells: ScannedCells): number[] | null {
  if (cells.sorted) return null;
  const rows = cells.rows.data;
  const cols = cells.cols.data;
  return Array.from({ length: cells.rows.length }, (_, i) => i).sort((a, b) => rows[a] - rows[b] || cols[a] - cols[b]);
}

function assemble(name: string, cells: ScannedCells, merges: CellArea[], ctx: SheetReadContext): SheetGrid {
  const idx = order(cells);
  const count = cells.rows.length;
  const rows = cells.rows.data;
  const cols = cells.cols.data;
  // The cells a merge hides (all but its top-left) hold nothing a person sees; swept with the sorted cells.
  const hidden = new Uint8Array(count);
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  let next = 0;
  const active: CellArea[] = [];
  for (let k = 0; k < count; k++) {
    const i = idx ? idx[k] : k;
    const r = rows[i];
    const c = cols[i];
    while (next < merges.length && merges[next].top <= r) active.push(merges[next++]);
    for (let j = active.length - 1; j >= 0; j--) if (active[j].bottom < r) active.splice(j, 1);
    for (const m of active) {
      if (c >= m.left && c <= m.right && !(r === m.top && c === m.left)) {
        hidden[i] = 1;
        break;
      }
    }
    if (hidden[i] || (cells.values[i] === null && !cells.formulas.has(i))) continue;
    if (r < top) top = r;
    if (r > bottom) bottom = r;
    if (c < left) left = c;
    if (c > right) right = c;
  }
  if (bottom === 0) return { name, originRow: 1, originCol: 1, values: [], formats: [], formulas: {}, merges };
  let area = { top, left, bottom, right };
  let slots = areaCellCount(area);
  let ignoredCells: string[] | undefined;
  if (slots > ctx.limits.maxRangeCells) {
    // A stray cell far from the form must not cost a grid over the whole gap: keep the cluster
    // that holds the data and leave the isolated far cells out (they are neither read nor written).
    const kept = mainCluster(cells, idx, hidden);
    if (!kept || areaCellCount(kept.area) > ctx.limits.maxRangeCells) {
      throw ctx.fail(
        `已用区域 ${areaAddress(area)} 过大（${slots.toLocaleString('en-US')} 个单元格，上限 ${ctx.limits.maxRangeCells.toLocaleString('en-US')}）；请删除远处多余的单元格后再试`,
        'too-large',
      );
    }
    ignoredCells = kept.dropped;
    const shown = kept.dropped.slice(0, 5).join('、') + (kept.dropped.length > 5 ? ` 等 ${kept.dropped.length} 个` : '');
    ctx.note(`单元格 ${shown} 远离表格其余内容（已用区域 ${areaAddress(area)} 过大），已忽略：不读取，也不会写入；如有用请移到表格附近。`);
    area = kept.area;
    slots = areaCellCount(area);
    ({ top, left, bottom, right } = area);
  }
  const height = bottom - top + 1;
  const width = right - left + 1;
  const dense = slots <= DENSE_SLOTS;
  const empty: CellValue[] = [];
  const values: CellValue[][] = dense ? Array.from({ length: height }, () => new Array<CellValue>(width).fill(null)) : new Array<CellValue[]>(height).fill(empty);
  const formats: (string | null)[][] = dense ? Array.from({ length: height }, () => new Array<string | null>(width).fill(null)) : new Array<(string | null)[]>(height).fill([]);
  const formulas: Record<string, string> = {};
  for (let k = 0; k < count; k++) {
    const i = idx ? idx[k] : k;
    if (hidden[i]) continue;
    const r = rows[i] - top;
    const c = cols[i] - left;
    if (r < 0 || r >= height || c < 0 || c >= width) continue;
    if (!dense && values[r] === empty) {
      values[r] = [];
      formats[r] = [];
    }
    if (!dense) {
      while (values[r].length < c) values[r].push(null);
      while (formats[r].length < c) formats[r].push(null);
    }
    values[r][c] = cells.values[i];
    const style = cells.styles.data[i];
    formats[r][c] = (style >= 0 ? ctx.formats[style] : null) ?? 'General';
    const f = cells.formulas.get(i);
    if (f !== undefined) formulas[a1(rows[i], cols[i])] = f;
  }
  return { name, originRow: top, originCol: left, values, formats, formulas, merges, ...(ignoredCells ? { ignoredCells } : {}) };
}

/** Rows (columns) this far apart split the used range into separate clusters. */
const ROW_GAP = 1000;
const COL_GAP = 100;
/** More cells than this outside the main cluster are data, not strays: the range limit applies. */
const MAX_STRAY_CELLS = 10_000;

/**
 * The rows and columns of the cluster holding most cells (split at gaps of ROW_GAP rows or COL_GAP
 * columns); the cells outside it are marked hidden (2) and listed. Null when they are too many to be strays.
 */
function mainCluster(cells: ScannedCells, idx: number[] | null, hidden: Uint8Array): { area: CellArea; dropped: string[] } | null {
  const rows = cells.rows.data;
  const cols = cells.cols.data;
  const visible = new IntList();
  for (let k = 0; k < cells.rows.length; k++) {
    const i = idx ? idx[k] : k;
    if (!hidden[i] && (cells.values[i] !== null || cells.formulas.has(i))) visible.push(i);
  }
  const list = visible.data.subarray(0, visible.length);
  const rowSpan = biggestRun(list.map((i) => rows[i]), ROW_GAP);
  const colSpan = biggestRun(list.map((i) => cols[i]), COL_GAP);
  const area = { top: rowSpan[0], bottom: rowSpan[1], left: colSpan[0], right: colSpan[1] };
  const dropped: string[] = [];
  for (const i of list) {
    if (rows[i] >= area.top && rows[i] <= area.bottom && cols[i] >= area.left && cols[i] <= area.right) continue;
    if (dropped.length >= MAX_STRAY_CELLS) return null;
    hidden[i] = 2;
    dropped.push(a1(rows[i], cols[i]));
  }
  // The kept cells' own bounding box (a cluster's row span may hold cells only in dropped columns).
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  for (const i of list) {
    if (hidden[i]) continue;
    top = Math.min(top, rows[i]);
    bottom = Math.max(bottom, rows[i]);
    left = Math.min(left, cols[i]);
    right = Math.max(right, cols[i]);
  }
  if (bottom === 0) return null;
  return { area: { top, left, bottom, right }, dropped };
}

/** [first, last] of the run of values (split where sorted neighbours differ by more than `gap`) holding most values. */
function biggestRun(values: Int32Array, gap: number): [number, number] {
  const sorted = values.sort();
  let best: [number, number] = [sorted[0], sorted[0]];
  let bestCount = 0;
  let start = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (k < sorted.length && sorted[k] - sorted[k - 1] <= gap) continue;
    if (k - start > bestCount) {
      bestCount = k - start;
      best = [sorted[start], sorted[k - 1]];
    }
    start = k;
  }
  return best;
}
