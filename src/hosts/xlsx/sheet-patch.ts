import { a1, areaContains, parseA1, parseArea, type CellArea } from '../../sheet/a1';
import { mayWriteOverFormula } from '../cell-value';
import { decodeXmlEntities, escapeXmlText } from '../xml-text';
import { XlsxWriteError } from './errors';
import { NS } from './package';
import { attrValue } from './xml-scan';
import { attrOf, attrsOf, findAll, findElement, openTag, prefixFor, removeAttr, selfClose, setAttr, type XmlElement } from './xml';

/**
 * Rewrites the <c> elements of the written cells in one worksheet part and nothing else: every
 * other row, cell, attribute and byte of the part is copied as it was.
 */

export interface CellPatch {
  row: number;
  col: number;
  value: number | string | null;
  numberFormat?: string;
  /** The formula the cell is known to hold (the product's own): only that one may be replaced. */
  replacesFormula?: string;
}

/** Picks the style index a written cell gets, from the style it has now. */
export type StyleChooser = (currentStyle: number, numberFormat: string | undefined) => number;

/** A planned write not made because the cell holds a person's formula (kept, like a typed value). */
export interface KeptFormula {
  row: number;
  col: number;
  /** The formula (without '='), or the array-formula range the cell belongs to. */
  formula: string;
}

/**
 * `kept` collects the cells left alone because they hold a person's formula (see
 * mayWriteOverFormula); such a cell is copied byte for byte and never fails the write.
 */
export function patchSheetXml(xml: string, sheetName: string, patches: CellPatch[], chooseStyle: StyleChooser, kept: KeptFormula[] = []): string {
  return [...patchSheetParts(xml, sheetName, patches, chooseStyle, kept)].join('');
}

/**
 * The patched part as pieces in order, produced as they are consumed, so a big sheet can be
 * compressed as a stream: only the piece being encoded is held, never the whole patched part.
 * The plan is checked (and may throw) at the call, before any piece is produced.
 */
export function patchSheetParts(xml: string, sheetName: string, patches: CellPatch[], chooseStyle: StyleChooser, kept: KeptFormula[] = []): Iterable<string> {
  if (patches.length === 0) return [xml];
  const p = prefixFor(xml, NS.main) ?? '';
  const sorted = [...patches].sort((a, b) => a.row - b.row || a.col - b.col);
  const todo = checkTargets(xml, p, sheetName, sorted, kept);
  if (todo.length === 0) return [xml];

  let sheetData = findElement(xml, `${p}sheetData`);
  if (!sheetData) throw new XlsxWriteError('invalid-plan', `工作表“${sheetName}”的文件结构不完整（缺少 sheetData），无法写入。`);
  if (sheetData.selfClosing) {
    const open = sheetData.tag.replace(/\s*\/>$/, '>');
    xml = `${xml.slice(0, sheetData.start)}${open}</${p}sheetData>${xml.slice(sheetData.end)}`;
    sheetData = findElement(xml, `${p}sheetData`) as XmlElement;
  }
  const head = xml.slice(0, sheetData.openEnd);
  // <dimension> comes before <sheetData> (the schema's order), so it is in the first piece; one
  // found elsewhere is updated over the whole joined part, as it always was.
  if (findElement(head, `${p}dimension`)) return patchedPieces(xml, p, sheetData, updateDimension(head, p, todo), todo, chooseStyle, kept);
  const pieces = patchedPieces(xml, p, sheetData, head, todo, chooseStyle, kept);
  if (!findElement(xml, `${p}dimension`)) return pieces;
  return [updateDimension([...pieces].join(''), p, todo)];
}

function* patchedPieces(
  xml: string,
  p: string,
  sheetData: XmlElement,
  head: string,
  todo: CellPatch[],
  chooseStyle: StyleChooser,
  kept: KeptFormula[],
): Generator<string> {
  const colStyles = columnStyles(xml, p);
  yield head;
  // Text from `copied` on is the file's own, not yet given out: rows nobody writes are handed on as
  // one run, not row by row.
  let copied = sheetData.openEnd;
  let pos = sheetData.openEnd;
  let next = 0;
  let lastRow = 0;

  const rowName = `${p}row`;
  while (next < todo.length) {
    const row = findElement(xml, rowName, pos, sheetData.closeStart);
    if (!row) break;
    const rAttr = attrValue(row.tag, 'r');
    const r = rAttr !== undefined ? Number(rAttr) : lastRow + 1;
    lastRow = r;
    pos = row.end;
    // Rows the plan needs that the file does not have go before the first row past them.
    const missing: CellPatch[] = [];
    while (next < todo.length && todo[next].row < r) missing.push(todo[next++]);
    const here: CellPatch[] = [];
    while (next < todo.length && todo[next].row === r) here.push(todo[next++]);
    if (missing.length === 0 && here.length === 0 && rAttr !== undefined) continue;
    yield xml.slice(copied, row.start);
    yield newRows(p, missing, colStyles, chooseStyle);
    const tag = rAttr === undefined ? setAttr(row.tag, 'r', String(r)) : row.tag;
    yield here.length > 0 ? patchRow(xml, p, row, tag, r, here, colStyles, chooseStyle, kept) : tag + xml.slice(row.openEnd, row.end);
    copied = row.end;
  }
  const rest = todo.slice(next);
  yield xml.slice(copied, sheetData.closeStart);
  yield newRows(p, rest, colStyles, chooseStyle);
  yield xml.slice(sheetData.closeStart);
}

/**
 * Refuses two values for one cell and writes into the hidden part of a merge (planner bugs) before
 * anything is written; leaves out the cells of a person's array formula or data table. Merged and
 * array areas are swept with the sorted writes, so a sheet of any size is checked in one pass.
 */
function checkTargets(xml: string, p: string, sheetName: string, todo: CellPatch[], kept: KeptFormula[]): CellPatch[] {
  for (let i = 1; i < todo.length; i++) {
    const prev = todo[i - 1];
    const t = todo[i];
    if (prev.row === t.row && prev.col === t.col && (prev.value !== t.value || prev.numberFormat !== t.numberFormat)) {
      throw new XlsxWriteError('invalid-plan', `写入计划对“${sheetName}”!${a1(t.row, t.col)} 给出了两个不同的值，未写入任何内容。`);
    }
  }
  const ranges: { area: CellArea; ref: string }[] = [];
  if (/\bt\s*=\s*["'](?:array|dataTable)["']/.test(xml)) {
    for (const f of findAll(xml, `${p}f`)) {
      const a = attrsOf(f.tag);
      const area = a.ref ? parseArea(a.ref) : null;
      if ((a.t === 'array' || a.t === 'dataTable') && area) ranges.push({ area, ref: a.ref });
    }
  }
  const merges: { area: CellArea; ref: string }[] = [];
  const mergeCells = findElement(xml, `${p}mergeCells`);
  if (mergeCells) {
    for (const m of findAll(xml, `${p}mergeCell`, mergeCells.openEnd, mergeCells.closeStart)) {
      const ref = attrOf(m.tag, 'ref') ?? '';
      const area = parseArea(ref);
      if (area) merges.push({ area, ref });
    }
  }
  const inMerge = sweep(merges);
  const inArray = sweep(ranges);
  const out: CellPatch[] = [];
  for (const t of todo) {
    const array = inArray(t);
    if (array) {
      kept.push({ row: t.row, col: t.col, formula: `{${array.ref}}` });
      continue;
    }
    const merge = inMerge(t);
    if (merge && !(merge.area.top === t.row && merge.area.left === t.col)) {
      throw new XlsxWriteError('invalid-plan', `不能写入“${sheetName}”!${a1(t.row, t.col)}：它在合并区域 ${merge.ref} 内，只有左上角单元格能显示内容。未写入任何内容。`);
    }
    out.push(t);
  }
  return out;
}

/** For writes visited in row order: the area (of those given) holding the cell, if any. */
function sweep<T extends { area: CellArea }>(areas: T[]): (t: { row: number; col: number }) => T | undefined {
  const byTop = [...areas].sort((a, b) => a.area.top - b.area.top);
  const active: T[] = [];
  let next = 0;
  return (t) => {
    while (next < byTop.length && byTop[next].area.top <= t.row) active.push(byTop[next++]);
    for (let i = active.length - 1; i >= 0; i--) if (active[i].area.bottom < t.row) active.splice(i, 1);
    return active.find((a) => areaContains(a.area, t.row, t.col));
  };
}

function patchRow(
  xml: string,
  p: string,
  row: XmlElement,
  rowTag: string,
  r: number,
  here: CellPatch[],
  colStyles: ColumnStyles,
  chooseStyle: StyleChooser,
  kept: KeptFormula[],
): string {
  // A row style applies to new cells only when the row says so (customFormat).
  let rowStyle: number | null | undefined;
  const inherited = (col: number) => {
    if (rowStyle === undefined) {
      const custom = attrOf(rowTag, 'customFormat');
      rowStyle = custom === '1' || custom === 'true' ? Number(attrOf(rowTag, 's') ?? 0) : null;
    }
    return rowStyle ?? colStyles(col);
  };
  const parts: string[] = [];
  // The row's own text from `copied` on is not yet in `parts`: cells left alone are taken as one run.
  let copied = row.selfClosing ? row.end : row.openEnd;
  let pos = copied;
  let lastCol = 0;
  let next = 0;
  const cName = `${p}c`;
  const limit = row.selfClosing ? row.end : row.closeStart;
  for (let cell = findElement(xml, cName, pos, limit); cell && cell.end <= limit; cell = findElement(xml, cName, cell.end, limit)) {
    // Read in place, as the reader reads it (every cell of a written row is asked, not only the written ones).
    const ref = attrValue(xml, 'r', cell.start, cell.openEnd);
    const col = ref !== undefined ? (parseA1(ref)?.col ?? lastCol + 1) : lastCol + 1;
    lastCol = col;
    pos = cell.end;
    const written = next < here.length && here[next].col <= col;
    if (!written && ref !== undefined) continue;
    parts.push(xml.slice(copied, cell.start));
    copied = cell.end;
    while (next < here.length && here[next].col < col) {
      const t = here[next++];
      parts.push(cellXml(p, t, `<${p}c r="${a1(r, t.col)}">`, inherited(t.col), chooseStyle, ''));
    }
    if (next < here.length && here[next].col === col) {
      const t = here[next++];
      const body = cell.selfClosing ? '' : xml.slice(cell.openEnd, cell.closeStart);
      const f = cellRegexes(p).formula.exec(body);
      // A shared-formula cell (<f t="shared" si="0"/>) has no text of its own: never the product's.
      const formula = f ? (f[1] === undefined ? '' : decodeXmlEntities(f[1])) : null;
      if (formula !== null && (formula === '' || !mayWriteOverFormula(formula, t))) {
        kept.push({ row: r, col, formula });
        parts.push(cellAsIs(xml, cell, ref, r, col));
        continue;
      }
      const extLst = cellRegexes(p).extLst.exec(body)?.[0] ?? '';
      const tag = ref === undefined ? setAttr(cell.tag, 'r', a1(r, col)) : cell.tag;
      parts.push(cellXml(p, t, tag, Number(attrOf(cell.tag, 's') ?? 0), chooseStyle, extLst));
    } else {
      parts.push(cellAsIs(xml, cell, ref, r, col));
    }
  }
  parts.push(xml.slice(copied, pos));
  const after = here.slice(next).map((t) => cellXml(p, t, `<${p}c r="${a1(r, t.col)}">`, inherited(t.col), chooseStyle, ''));
  const cols = here.map((t) => t.col);
  let lo = cols[0];
  let hi = cols[0];
  for (const c of cols) {
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  let tag = widenSpans(rowTag, lo, hi);
  if (row.selfClosing) {
    tag = tag.replace(/\s*\/>$/, '>');
    return `${tag}${parts.join('')}${after.join('')}</${p}row>`;
  }
  // New cells go after the last cell but before a row-level <extLst>, which must stay last.
  const tail = xml.slice(pos, row.closeStart);
  const ext = tail.search(cellRegexes(p).extLstStart);
  const cut = ext >= 0 ? ext : tail.length;
  return `${tag}${parts.join('')}${tail.slice(0, cut)}${after.join('')}${tail.slice(cut)}${xml.slice(row.closeStart, row.end)}`;
}

/** A cell left as it is, with the address it lacked (the row's cells after it may be written). */
function cellAsIs(xml: string, cell: XmlElement, ref: string | undefined, r: number, col: number): string {
  return ref === undefined ? setAttr(cell.tag, 'r', a1(r, col)) + xml.slice(cell.openEnd, cell.end) : xml.slice(cell.start, cell.end);
}

const regexCache = new Map<string, { formula: RegExp; extLst: RegExp; extLstStart: RegExp }>();

/** Per namespace prefix, built once (not per cell). */
function cellRegexes(p: string): { formula: RegExp; extLst: RegExp; extLstStart: RegExp } {
  let re = regexCache.get(p);
  if (!re) {
    re = {
      formula: new RegExp(`<${p}f(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${p}f>)`),
      extLst: new RegExp(`<${p}extLst[\\s>][\\s\\S]*</${p}extLst>`),
      extLstStart: new RegExp(`<${p}extLst[\\s>]`),
    };
    regexCache.set(p, re);
  }
  return re;
}

function newRows(p: string, patches: CellPatch[], colStyles: ColumnStyles, chooseStyle: StyleChooser): string {
  let out = '';
  for (let i = 0; i < patches.length; ) {
    const r = patches[i].row;
    let cells = '';
    for (; i < patches.length && patches[i].row === r; i++) {
      const t = patches[i];
      cells += cellXml(p, t, `<${p}c r="${a1(r, t.col)}">`, colStyles(t.col), chooseStyle, '');
    }
    out += `<${p}row r="${r}">${cells}</${p}row>`;
  }
  return out;
}

/** The new <c> element: the old start tag minus what described the old value, the new value inside. */
function cellXml(p: string, t: CellPatch, oldTag: string, currentStyle: number, chooseStyle: StyleChooser, extLst: string): string {
  let tag = oldTag;
  for (const name of ['t', 'vm', 'cm']) tag = removeAttr(tag, name);
  const style = chooseStyle(currentStyle, t.numberFormat);
  tag = style === 0 && !/\ss\s*=/.test(tag) ? tag : setAttr(tag, 's', String(style));
  if (t.value === null) {
    return extLst ? `${openTag(tag)}${extLst}</${p}c>` : selfClose(tag);
  }
  if (typeof t.value === 'number') {
    return `${openTag(tag)}<${p}v>${numberText(t.value)}</${p}v>${extLst}</${p}c>`;
  }
  const text = ooxmlText(t.value);
  const space = /^\s|\s$|[\n\t]/.test(t.value) ? ' xml:space="preserve"' : '';
  return `${openTag(setAttr(tag, 't', 'inlineStr'))}<${p}is><${p}t${space}>${text}</${p}t></${p}is>${extLst}</${p}c>`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new XlsxWriteError('invalid-plan', `不能写入非有限数值 ${n}。`);
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * Text as SpreadsheetML stores it: XML-escaped; characters XML 1.0 cannot carry (and CR, which
 * parsers would fold into LF) as _xHHHH_, and a literal _xHHHH_ protected by escaping its '_'.
 */
export function ooxmlText(s: string): string {
  const wellFormed = s
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return escapeXmlText(wellFormed).replace(/[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

type ColumnStyles = (col: number) => number;

/** Style of an empty cell in a column (<col style>), which a new cell takes like Excel does. */
function columnStyles(xml: string, p: string): ColumnStyles {
  const cols = findElement(xml, `${p}cols`);
  if (!cols) return () => 0;
  // Searched in the text up to </cols> only: past the last <col> a search would run through every row.
  const ranges = findAll(xml.slice(0, cols.closeStart), `${p}col`, cols.openEnd, cols.closeStart).map((el) => {
    const a = attrsOf(el.tag);
    return { min: Number(a.min), max: Number(a.max), style: Number(a.style ?? 0) };
  });
  return (col) => ranges.find((r) => col >= r.min && col <= r.max)?.style ?? 0;
}

function widenSpans(tag: string, lo: number, hi: number): string {
  const spans = attrValue(tag, 'spans');
  if (!spans) return tag;
  // Nearly every row has one span `a:b` that already covers the written cells.
  const one = /^(\d+):(\d+)$/.exec(spans);
  if (one && lo >= Math.min(+one[1], +one[2]) && hi <= Math.max(+one[1], +one[2])) return tag;
  const nums = spans.split(/[\s:]+/).map(Number).filter(Number.isFinite);
  if (nums.length === 0) return removeAttr(tag, 'spans');
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  if (lo >= min && hi <= max && nums.length === 2) return tag;
  if (lo >= min && hi <= max) {
    // Inside the hull but maybe between two spans: only a hint, so one covering span is fine.
    const inSome = spans.split(/\s+/).some((s) => {
      const [a, b] = s.split(':').map(Number);
      return lo >= a && hi <= b;
    });
    if (inSome) return tag;
  }
  return setAttr(tag, 'spans', `${Math.min(min, lo)}:${Math.max(max, hi)}`);
}

function updateDimension(xml: string, p: string, todo: CellPatch[]): string {
  const dim = findElement(xml, `${p}dimension`);
  if (!dim) return xml;
  const ref = attrsOf(dim.tag).ref;
  const area = ref ? parseArea(ref) : null;
  if (!area) return xml;
  const grown = { ...area };
  for (const t of todo) {
    grown.top = Math.min(grown.top, t.row);
    grown.left = Math.min(grown.left, t.col);
    grown.bottom = Math.max(grown.bottom, t.row);
    grown.right = Math.max(grown.right, t.col);
  }
  if (grown.top === area.top && grown.left === area.left && grown.bottom === area.bottom && grown.right === area.right) return xml;
  const text = `${a1(grown.top, grown.left)}:${a1(grown.bottom, grown.right)}`;
  return xml.slice(0, dim.start) + setAttr(dim.tag, 'ref', text) + xml.slice(dim.end);
}

