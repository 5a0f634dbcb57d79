import { a1, parseA1 } from '../../sheet/grid';
import { decodeXmlEntities, escapeXmlText } from '../xml-text';
import { XlsxWriteError } from './errors';
import { NS } from './package';
import { attrsOf, findAll, findElement, openTag, prefixFor, removeAttr, selfClose, setAttr, type XmlElement } from './xml';

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

export function patchSheetXml(xml: string, sheetName: string, patches: CellPatch[], chooseStyle: StyleChooser): string {
  if (patches.length === 0) return xml;
  const p = prefixFor(xml, NS.main) ?? '';
  const todo = [...patches].sort((a, b) => a.row - b.row || a.col - b.col);
  checkTargets(xml, p, sheetName, todo);

  let sheetData = findElement(xml, `${p}sheetData`);
  if (!sheetData) throw new XlsxWriteError('invalid-plan', `工作表“${sheetName}”的文件结构不完整（缺少 sheetData），无法写入。`);
  if (sheetData.selfClosing) {
    const open = sheetData.tag.replace(/\s*\/>$/, '>');
    xml = `${xml.slice(0, sheetData.start)}${open}</${p}sheetData>${xml.slice(sheetData.end)}`;
    sheetData = findElement(xml, `${p}sheetData`) as XmlElement;
  }
  const colStyles = columnStyles(xml, p);
  const out: string[] = [xml.slice(0, sheetData.openEnd)];
  let pos = sheetData.openEnd;
  let next = 0;
  let lastRow = 0;

  while (next < todo.length) {
    const row = findElement(xml, `${p}row`, pos, sheetData.closeStart);
    if (!row) break;
    const attrs = attrsOf(row.tag);
    const r = attrs.r !== undefined ? Number(attrs.r) : lastRow + 1;
    lastRow = r;
    // Rows the plan needs that the file does not have go before the first row past them.
    const missing: CellPatch[] = [];
    while (next < todo.length && todo[next].row < r) missing.push(todo[next++]);
    out.push(xml.slice(pos, row.start), newRows(p, missing, colStyles, chooseStyle));
    const here: CellPatch[] = [];
    while (next < todo.length && todo[next].row === r) here.push(todo[next++]);
    const tag = attrs.r === undefined ? setAttr(row.tag, 'r', String(r)) : row.tag;
    out.push(here.length > 0 ? patchRow(xml, p, row, tag, r, here, colStyles, chooseStyle, sheetName) : tag + xml.slice(row.openEnd, row.end));
    pos = row.end;
  }
  const rest = todo.slice(next);
  out.push(xml.slice(pos, sheetData.closeStart), newRows(p, rest, colStyles, chooseStyle), xml.slice(sheetData.closeStart));
  return updateDimension(out.join(''), p, todo);
}

/** Refuses formula cells, array-formula and data-table ranges and hidden parts of merges before anything is written. */
function checkTargets(xml: string, p: string, sheetName: string, todo: CellPatch[]): void {
  const seen = new Map<string, CellPatch>();
  for (const t of todo) {
    const key = a1(t.row, t.col);
    const prev = seen.get(key);
    if (prev && (prev.value !== t.value || prev.numberFormat !== t.numberFormat)) {
      throw new XlsxWriteError('invalid-plan', `写入计划对“${sheetName}”!${key} 给出了两个不同的值，未写入任何内容。`);
    }
    seen.set(key, t);
  }
  const ranges: { ref: string; why: string }[] = [];
  if (/\bt\s*=\s*["'](?:array|dataTable)["']/.test(xml)) {
    for (const f of findAll(xml, `${p}f`)) {
      const a = attrsOf(f.tag);
      if ((a.t === 'array' || a.t === 'dataTable') && a.ref) ranges.push({ ref: a.ref, why: a.t === 'array' ? '数组公式' : '模拟运算表' });
    }
  }
  const merges: string[] = [];
  const mergeCells = findElement(xml, `${p}mergeCells`);
  if (mergeCells) for (const m of findAll(xml, `${p}mergeCell`, mergeCells.openEnd, mergeCells.closeStart)) merges.push(attrsOf(m.tag).ref ?? '');
  for (const t of todo) {
    for (const r of ranges) {
      const area = parseRef(r.ref);
      if (area && inside(area, t)) {
        throw new XlsxWriteError('invalid-plan', `不能写入“${sheetName}”!${a1(t.row, t.col)}：它属于${r.why}区域 ${r.ref}。未写入任何内容。`);
      }
    }
    for (const ref of merges) {
      const area = parseRef(ref);
      if (area && inside(area, t) && !(area.top === t.row && area.left === t.col)) {
        throw new XlsxWriteError('invalid-plan', `不能写入“${sheetName}”!${a1(t.row, t.col)}：它在合并区域 ${ref} 内，只有左上角单元格能显示内容。未写入任何内容。`);
      }
    }
  }
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
  sheetName: string,
): string {
  const rowAttrs = attrsOf(rowTag);
  const inherited = (col: number) => (rowAttrs.customFormat === '1' || rowAttrs.customFormat === 'true' ? Number(rowAttrs.s ?? 0) : colStyles(col));
  const cells = row.selfClosing ? [] : findAll(xml, `${p}c`, row.openEnd, row.closeStart);
  const parts: string[] = [];
  let pos = row.selfClosing ? row.end : row.openEnd;
  let lastCol = 0;
  let next = 0;
  for (const cell of cells) {
    const a = attrsOf(cell.tag);
    const col = a.r !== undefined ? (parseA1(a.r)?.col ?? lastCol + 1) : lastCol + 1;
    lastCol = col;
    const before: string[] = [];
    while (next < here.length && here[next].col < col) {
      const t = here[next++];
      before.push(cellXml(p, t, `<${p}c r="${a1(r, t.col)}">`, inherited(t.col), chooseStyle, ''));
    }
    parts.push(xml.slice(pos, cell.start), before.join(''));
    if (next < here.length && here[next].col === col) {
      const t = here[next++];
      const body = cell.selfClosing ? '' : xml.slice(cell.openEnd, cell.closeStart);
      const f = new RegExp(`<${p}f(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${p}f>)`).exec(body);
      if (f && (t.replacesFormula === undefined || f[1] === undefined || decodeXmlEntities(f[1]) !== t.replacesFormula)) {
        throw new XlsxWriteError('invalid-plan', `不能写入“${sheetName}”!${a1(r, col)}：该单元格有公式。未写入任何内容。`);
      }
      const extLst = new RegExp(`<${p}extLst[\\s>][\\s\\S]*</${p}extLst>`).exec(body)?.[0] ?? '';
      const tag = a.r === undefined ? setAttr(cell.tag, 'r', a1(r, col)) : cell.tag;
      parts.push(cellXml(p, t, tag, Number(a.s ?? 0), chooseStyle, extLst));
    } else {
      parts.push(a.r === undefined ? setAttr(cell.tag, 'r', a1(r, col)) + xml.slice(cell.openEnd, cell.end) : xml.slice(cell.start, cell.end));
    }
    pos = cell.end;
  }
  const after = here.slice(next).map((t) => cellXml(p, t, `<${p}c r="${a1(r, t.col)}">`, inherited(t.col), chooseStyle, ''));
  const cols = here.map((t) => t.col);
  let tag = widenSpans(rowTag, Math.min(...cols), Math.max(...cols));
  if (row.selfClosing) {
    tag = tag.replace(/\s*\/>$/, '>');
    return `${tag}${parts.join('')}${after.join('')}</${p}row>`;
  }
  // New cells go after the last cell but before a row-level <extLst>, which must stay last.
  const tail = xml.slice(pos, row.closeStart);
  const ext = tail.search(new RegExp(`<${p}extLst[\\s>]`));
  const cut = ext >= 0 ? ext : tail.length;
  return `${tag}${parts.join('')}${tail.slice(0, cut)}${after.join('')}${tail.slice(cut)}${xml.slice(row.closeStart, row.end)}`;
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
  const ranges = findAll(xml, `${p}col`, cols.openEnd, cols.closeStart).map((el) => {
    const a = attrsOf(el.tag);
    return { min: Number(a.min), max: Number(a.max), style: Number(a.style ?? 0) };
  });
  return (col) => ranges.find((r) => col >= r.min && col <= r.max)?.style ?? 0;
}

function widenSpans(tag: string, lo: number, hi: number): string {
  const spans = attrsOf(tag).spans;
  if (!spans) return tag;
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
  const area = ref ? parseRef(ref) : null;
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

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseRef(ref: string): Area | null {
  const [a, b] = ref.split(':');
  const p1 = parseA1(a ?? '');
  const p2 = b === undefined ? p1 : parseA1(b);
  if (!p1 || !p2) return null;
  return { top: Math.min(p1.row, p2.row), left: Math.min(p1.col, p2.col), bottom: Math.max(p1.row, p2.row), right: Math.max(p1.col, p2.col) };
}

function inside(area: Area, t: { row: number; col: number }): boolean {
  return t.row >= area.top && t.row <= area.bottom && t.col >= area.left && t.col <= area.right;
}
