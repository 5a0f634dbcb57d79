import { attrsOf, findAll, findElement, prefixFor, setAttr } from './xml';
import { NS } from './package';
import { escapeXmlAttr } from '../xml-text';

/**
 * Gives a cell a number format without touching anything else about its look: the cell's xf
 * (font, fill, border, alignment, protection) is cloned with another numFmtId and appended to
 * cellXfs. Existing xfs are never edited, since other cells share them.
 */

/** Built-in formats whose code is the same in every locale (the date ones are not). */
const BUILTIN_BY_CODE: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  '@': 49,
};

const BUILTIN_BY_ID = new Map<number, string>(Object.entries(BUILTIN_BY_CODE).map(([code, id]) => [id, code]));

const FIRST_CUSTOM_ID = 164;

export function minimalStylesXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<styleSheet xmlns="${NS.main}">` +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

export class StylesPatcher {
  private xml: string;
  private readonly prefix: string;
  /** Raw text of each cellXfs <xf>, by index. */
  private readonly xfs: string[];
  /** Custom number formats: id → code. */
  private readonly customFormats = new Map<number, string>();
  private readonly appendedXfs: string[] = [];
  private readonly appendedFormats: { id: number; code: string }[] = [];
  /** numFmtId per xf index, once read. */
  private readonly numFmtIds: (number | undefined)[] = [];
  /** withNumberFormat's answers by style index and code. */
  private readonly chosen = new Map<string, number>();

  constructor(stylesXml: string) {
    this.xml = stylesXml;
    this.prefix = prefixFor(stylesXml, NS.main) ?? '';
    const cellXfs = findElement(stylesXml, `${this.prefix}cellXfs`);
    this.xfs = cellXfs ? findAll(stylesXml, `${this.prefix}xf`, cellXfs.openEnd, cellXfs.closeStart).map((el) => stylesXml.slice(el.start, el.end)) : [];
    const numFmts = findElement(stylesXml, `${this.prefix}numFmts`);
    if (numFmts) {
      for (const el of findAll(stylesXml, `${this.prefix}numFmt`, numFmts.openEnd, numFmts.closeStart)) {
        const a = attrsOf(el.tag);
        const id = Number(a.numFmtId);
        if (Number.isInteger(id) && a.formatCode !== undefined) this.customFormats.set(id, a.formatCode);
      }
    }
  }

  get changed(): boolean {
    return this.appendedXfs.length > 0;
  }

  /** Number format code of a cell style index ('General' when unknown). */
  formatOf(styleIndex: number): string {
    const at = this.xfs[styleIndex] !== undefined ? styleIndex : 0;
    const xf = this.xfs[at];
    if (!xf) return 'General';
    // An xf's text never changes (xfs are only appended), so its numFmtId is read once.
    let id = this.numFmtIds[at];
    if (id === undefined) id = this.numFmtIds[at] = Number(attrsOf(xf).numFmtId ?? '0');
    return this.codeOf(id);
  }

  /** A cell style index that looks like `styleIndex` but shows numbers as `code`. */
  withNumberFormat(styleIndex: number, code: string): number {
    // Asked once per written cell: the answer for an existing xf and a code stays the same.
    if (this.xfs[styleIndex] === undefined) return this.withNumberFormatNow(styleIndex, code);
    const key = `${styleIndex}\u0000${code}`;
    let out = this.chosen.get(key);
    if (out === undefined) {
      const formats = this.appendedFormats.length;
      out = this.withNumberFormatNow(styleIndex, code);
      // A new format id may be one an xf already names without defining it: what was asked before
      // (and this very answer) may read differently now, so nothing is kept across it.
      if (this.appendedFormats.length === formats) this.chosen.set(key, out);
      else this.chosen.clear();
    }
    return out;
  }

  private withNumberFormatNow(styleIndex: number, code: string): number {
    if (sameCode(this.formatOf(styleIndex), code)) return styleIndex;
    if (this.xfs.length === 0) this.ensureCellXfs();
    const base = this.xfs[styleIndex] ?? this.xfs[0];
    const id = this.formatId(code);
    const startTag = /^<[^>]*?(\/?)>/.exec(base)?.[0] ?? base;
    let tag = setAttr(startTag, 'numFmtId', String(id));
    tag = setAttr(tag, 'applyNumberFormat', '1');
    const clone = tag + base.slice(startTag.length);
    const existing = this.xfs.indexOf(clone);
    if (existing >= 0) return existing;
    this.xfs.push(clone);
    this.appendedXfs.push(clone);
    return this.xfs.length - 1;
  }

  toXml(): string {
    if (!this.changed) return this.xml;
    let xml = this.xml;
    const p = this.prefix;
    if (this.appendedFormats.length > 0) {
      const added = this.appendedFormats.map((f) => `<${p}numFmt numFmtId="${f.id}" formatCode="${escapeXmlAttr(f.code)}"/>`).join('');
      const numFmts = findElement(xml, `${p}numFmts`);
      if (numFmts) {
        const open = setAttr(numFmts.tag.replace(/\s*\/>$/, '>'), 'count', String(this.customFormats.size));
        const inner = numFmts.selfClosing ? '' : xml.slice(numFmts.openEnd, numFmts.closeStart);
        xml = `${xml.slice(0, numFmts.start)}${open}${inner}${added}</${p}numFmts>${xml.slice(numFmts.end)}`;
      } else {
        const root = findElement(xml, `${p}styleSheet`);
        if (!root) throw new Error('malformed styles part: no <styleSheet> root element');
        xml = `${xml.slice(0, root.openEnd)}<${p}numFmts count="${this.customFormats.size}">${added}</${p}numFmts>${xml.slice(root.openEnd)}`;
      }
    }
    const cellXfs = findElement(xml, `${p}cellXfs`);
    if (!cellXfs) throw new Error('malformed styles part: no <cellXfs>');
    const open = setAttr(cellXfs.tag.replace(/\s*\/>$/, '>'), 'count', String(this.xfs.length));
    const inner = cellXfs.selfClosing ? '' : xml.slice(cellXfs.openEnd, cellXfs.closeStart);
    return `${xml.slice(0, cellXfs.start)}${open}${inner}${this.appendedXfs.join('')}</${p}cellXfs>${xml.slice(cellXfs.end)}`;
  }

  private codeOf(id: number): string {
    // An unknown built-in id (a locale date format, say) must not compare equal to any code we write.
    return this.customFormats.get(id) ?? BUILTIN_BY_ID.get(id) ?? `builtin:${id}`;
  }

  private formatId(code: string): number {
    const builtin = code.toLowerCase() === 'general' ? 0 : BUILTIN_BY_CODE[code];
    if (builtin !== undefined) return builtin;
    for (const [id, c] of this.customFormats) if (c === code) return id;
    const id = Math.max(FIRST_CUSTOM_ID - 1, ...this.customFormats.keys()) + 1;
    this.customFormats.set(id, code);
    this.appendedFormats.push({ id, code });
    return id;
  }

  /** A styles part without cellXfs (legal, rare): give it the default xf so indexes mean what Excel assumes. */
  private ensureCellXfs(): void {
    const p = this.prefix;
    const xf = `<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
    const root = findElement(this.xml, `${p}styleSheet`);
    if (!root) throw new Error('malformed styles part: no <styleSheet> root element');
    const later = ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];
    const anchor = later.map((n) => findElement(this.xml, `${p}${n}`)).find((el) => el !== null);
    const at = anchor ? anchor.start : root.closeStart;
    this.xml = `${this.xml.slice(0, at)}<${p}cellXfs count="1">${xf}</${p}cellXfs>${this.xml.slice(at)}`;
    this.xfs.push(xf);
  }
}

function sameCode(a: string, b: string): boolean {
  return a === b || (a.toLowerCase() === 'general' && b.toLowerCase() === 'general');
}
