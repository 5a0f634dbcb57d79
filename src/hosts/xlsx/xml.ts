import { attributeValue, escapeRegExp, escapeXmlAttr, isNameChar, isSpace, parseAttributes } from '../xml-text';

/**
 * Just enough XML scanning to patch OOXML parts in place. A DOM round trip would re-serialise the
 * whole part (namespaces, attribute quoting, whitespace); scanning keeps every byte we do not mean
 * to change. Only used on elements that never nest inside themselves (row, c, xf, calcPr, ...).
 */

export interface XmlElement {
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just past the start tag. */
  openEnd: number;
  /** Offset of the end tag ('</...') or openEnd when self-closing. */
  closeStart: number;
  /** Offset just past the element. */
  end: number;
  /** The start tag text. */
  tag: string;
  selfClosing: boolean;
}

/** The next `qname` element at or after `from` (and before `limit`), or null. */
export function findElement(xml: string, qname: string, from = 0, limit = xml.length): XmlElement | null {
  const { open, close } = tagTexts(qname);
  let start = -1;
  let openEnd = -1;
  let selfClosing = false;
  for (let at = xml.indexOf(open, from); at >= 0 && at < limit; at = xml.indexOf(open, at + 1)) {
    const end = startTagEnd(xml, at + open.length);
    if (end < 0) continue;
    start = at;
    openEnd = end;
    selfClosing = xml.charCodeAt(end - 2) === 47;
    break;
  }
  if (start < 0) return null;
  const tag = xml.slice(start, openEnd);
  if (selfClosing) return { start, openEnd, closeStart: openEnd, end: openEnd, tag, selfClosing: true };
  let closeStart = xml.indexOf(close, openEnd);
  let end = closeStart + close.length;
  if (closeStart < 0) {
    // Tolerate whitespace before '>' in the end tag.
    const cre = new RegExp(`</${escapeRegExp(qname)}\\s*>`, 'g');
    cre.lastIndex = openEnd;
    const cm = cre.exec(xml);
    if (!cm) throw new Error(`malformed XML: <${qname}> at ${start} is not closed`);
    closeStart = cm.index;
    end = cm.index + cm[0].length;
  }
  return { start, openEnd, closeStart, end, tag, selfClosing: false };
}

const tagTextCache = new Map<string, { open: string; close: string }>();

/**
 * `<qname` and `</qname>`, made once per name: findElement runs for every row and cell of a
 * written sheet, and a fresh concatenation would be flattened again by each search.
 */
function tagTexts(qname: string): { open: string; close: string } {
  let texts = tagTextCache.get(qname);
  if (!texts) {
    texts = { open: `<${qname}`, close: `</${qname}>` };
    tagTextCache.set(qname, texts);
  }
  return texts;
}

/**
 * Where a start tag whose name ends at `i` ends (just past '>'), or -1 when the text there is not
 * one: exactly what `<name(ATTRS)\s*(/?)>` matches, scanned by hand (this runs for every row and
 * every cell of a written row). The pattern cannot backtrack into a different match: every
 * attribute starts with whitespace and a name character, which the closing `\s*`, `/?`, `>` cannot take.
 */
function startTagEnd(xml: string, i: number): number {
  const n = xml.length;
  for (;;) {
    // One attribute: whitespace, name, optional whitespace, '=', optional whitespace, a quoted value.
    let k = i;
    while (k < n && isSpace(xml.charCodeAt(k))) k++;
    if (k === i) break;
    const nameStart = k;
    while (k < n && isNameChar(xml.charCodeAt(k))) k++;
    if (k === nameStart) break;
    while (k < n && isSpace(xml.charCodeAt(k))) k++;
    if (xml.charCodeAt(k) !== 61) break;
    k++;
    while (k < n && isSpace(xml.charCodeAt(k))) k++;
    const q = xml.charCodeAt(k);
    if (q !== 34 && q !== 39) break;
    const close = xml.indexOf(q === 34 ? '"' : "'", k + 1);
    if (close < 0) break;
    i = close + 1;
  }
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  if (xml.charCodeAt(i) === 47) i++;
  return xml.charCodeAt(i) === 62 ? i + 1 : -1;
}

/** All `qname` elements in [from, limit). */
export function findAll(xml: string, qname: string, from = 0, limit = xml.length): XmlElement[] {
  const out: XmlElement[] = [];
  for (let el = findElement(xml, qname, from, limit); el && el.end <= limit; el = findElement(xml, qname, el.end, limit)) {
    out.push(el);
  }
  return out;
}

/** Attribute values of a start tag, entity-decoded. */
export function attrsOf(tag: string): Record<string, string> {
  return parseAttributes(tag, pastName(tag));
}

/** attrsOf(tag)[name], without building the record. */
export function attrOf(tag: string, name: string): string | undefined {
  return attributeValue(tag, name, pastName(tag));
}

/** Offset past the element name (what /^<[^\s/>]+/ matches), without copying the tag. */
function pastName(tag: string): number {
  if (tag.charCodeAt(0) !== 60) return 0;
  let at = 1;
  while (at < tag.length) {
    const c = tag.charCodeAt(at);
    if (c === 47 || c === 62 || isSpace(c)) break;
    at++;
  }
  return at === 1 ? 0 : at;
}

const attrReCache = new Map<string, { set: RegExp; remove: RegExp }>();

/** Built once per attribute name: these run for every written cell of a big sheet. */
function attrRe(name: string): { set: RegExp; remove: RegExp } {
  let re = attrReCache.get(name);
  if (!re) {
    re = {
      set: new RegExp(`(\\s${escapeRegExp(name)}\\s*=\\s*)(?:"[^"]*"|'[^']*')`),
      remove: new RegExp(`\\s+${escapeRegExp(name)}\\s*=\\s*(?:"[^"]*"|'[^']*')`),
    };
    attrReCache.set(name, re);
  }
  return re;
}

/** The start tag with attribute `name` set to `value` (replaced in place, or appended). */
export function setAttr(tag: string, name: string, value: string): string {
  const escaped = escapeXmlAttr(value);
  const m = attrRe(name).set.exec(tag);
  if (m) return `${tag.slice(0, m.index)}${m[1]}"${escaped}"${tag.slice(m.index + m[0].length)}`;
  const close = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  let at = close;
  while (at > 0 && /\s/.test(tag[at - 1])) at--;
  return `${tag.slice(0, at)} ${name}="${escaped}"${tag.slice(at)}`;
}

export function removeAttr(tag: string, name: string): string {
  // Most tags lack the attribute (a written cell rarely has vm= or cm=): no pattern needed then.
  if (!tag.includes(name)) return tag;
  return tag.replace(attrRe(name).remove, '');
}

/** The start tag turned into a self-closing one, or back. */
export function selfClose(tag: string): string {
  if (tag.endsWith('/>') || !tag.endsWith('>')) return tag;
  return `${tag.slice(0, spaceBefore(tag, tag.length - 1))}/>`;
}

export function openTag(tag: string): string {
  return tag.endsWith('/>') ? `${tag.slice(0, spaceBefore(tag, tag.length - 2))}>` : tag;
}

/** Start of the whitespace run ending at `end` (what `\s*` takes before the tag's close; per written cell, no pattern). */
function spaceBefore(tag: string, end: number): number {
  let at = end;
  while (at > 0 && isSpace(tag.charCodeAt(at - 1))) at--;
  return at;
}

/**
 * The prefix ('' or 'x:') the document uses for `namespace`, looked up on the root element.
 * Some generators (OpenXML SDK) write `<x:worksheet xmlns:x="...">`.
 */
export function prefixFor(xml: string, namespace: string): string | null {
  const root = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
  // Skip the declaration and comments: the first real element is the root.
  const body = xml.replace(/^\uFEFF/, '');
  let from = 0;
  for (;;) {
    const lead = /^\s*(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/.exec(body.slice(from, from + 4096));
    if (!lead) break;
    from += lead[0].length;
  }
  root.lastIndex = from;
  const m = root.exec(body);
  if (!m) return null;
  const attrs = attrsOf(`<r${m[3]}>`);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== namespace) continue;
    if (k === 'xmlns') return '';
    if (k.startsWith('xmlns:')) return `${k.slice(6)}:`;
  }
  return null;
}

