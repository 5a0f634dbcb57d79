import { decodeXmlEntities, textContent } from '../xml-text';

/**
 * A forward-only scanner for the large parts (worksheets, shared strings): it reports tags with
 * their positions and reads only the attributes asked for, so a sheet of a million rows is read
 * in one pass without building a tree. Elements are matched by local name, whatever the prefix.
 */

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Offset of the '>' that ends the tag starting at `lt` (quoted attribute values may hold '>'), or -1. */
export function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/**
 * Value of attribute `name` in a start tag (entity-decoded), or undefined. The tag may be given in
 * place, as [start, end) of a longer text (a sheet's XML), so no copy of it is made.
 */
export function attrValue(tag: string, name: string, start = 0, end = tag.length): string | undefined {
  for (let at = indexIn(tag, name, start, end); at > start; at = indexIn(tag, name, at + 1, end)) {
    if (!isSpace(tag.charCodeAt(at - 1))) continue;
    let i = at + name.length;
    while (i < end && isSpace(tag.charCodeAt(i))) i++;
    if (i >= end || tag.charCodeAt(i) !== 61) continue;
    i++;
    while (i < end && isSpace(tag.charCodeAt(i))) i++;
    const q = i < end ? tag.charCodeAt(i) : -1;
    if (q !== 34 && q !== 39) return undefined;
    const close = tag.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close < 0 || close >= end) return undefined;
    const raw = tag.slice(i + 1, close);
    return raw.includes('&') ? decodeXmlEntities(raw) : raw;
  }
  return undefined;
}

/**
 * indexOf within [from, end) only: a sheet's XML may not hold the name again for megabytes (a
 * sheet of numbers has no 't' until </sheetData>), and each cell must not cost a search that far.
 */
function indexIn(text: string, name: string, from: number, end: number): number {
  const first = name.charCodeAt(0);
  for (let i = from; i + name.length <= end; i++) if (text.charCodeAt(i) === first && text.startsWith(name, i)) return i;
  return -1;
}

export interface Tag {
  /** Offset of '<'. */
  start: number;
  /** Offset just past '>'. */
  end: number;
  /** Local name (prefix removed). */
  name: string;
  /** Qualified name as written ('x:row'). */
  qname: string;
  closing: boolean;
  selfClosing: boolean;
}

/**
 * The next tag at or after `from` (comments, processing instructions, CDATA and DOCTYPE are
 * skipped), or null. Throws on a tag that is never closed.
 */
export function nextTag(xml: string, from: number, limit = xml.length): Tag | null {
  let pos = from;
  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt >= limit) return null;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 33 /* ! */) {
      const end = xml.startsWith('<!--', lt) ? xml.indexOf('-->', lt + 4) + 3 : xml.startsWith('<![CDATA[', lt) ? xml.indexOf(']]>', lt + 9) + 3 : tagEnd(xml, lt) + 1;
      if (end <= 2) throw new Error(`malformed XML at ${lt}`);
      pos = end;
      continue;
    }
    if (c1 === 63 /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new Error(`malformed XML at ${lt}`);
      pos = end + 2;
      continue;
    }
    const gt = tagEnd(xml, lt);
    if (gt < 0) throw new Error(`malformed XML: tag at ${lt} is not closed`);
    const closing = c1 === 47;
    let i = closing ? lt + 2 : lt + 1;
    const nameStart = i;
    for (; i < gt; i++) {
      const c = xml.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62) break;
    }
    const qname = xml.slice(nameStart, i);
    const colon = qname.indexOf(':');
    return {
      start: lt,
      end: gt + 1,
      name: colon >= 0 ? qname.slice(colon + 1) : qname,
      qname,
      closing,
      selfClosing: !closing && xml.charCodeAt(gt - 1) === 47,
    };
  }
}

/** Offset of the end tag `</qname>` closing an element whose content starts at `from` (no nesting of the same name), or -1. */
export function endTagOf(xml: string, qname: string, from: number): number {
  const close = `</${qname}`;
  for (let at = xml.indexOf(close, from); at >= 0; at = xml.indexOf(close, at + 1)) {
    const c = xml.charCodeAt(at + close.length);
    if (c === 62 || isSpace(c)) return at;
  }
  return -1;
}

/**
 * Text of a string item (<si> of the shared strings, <is> of an inline string): the <t> texts of
 * its runs, without phonetic guides (<rPh>), entities decoded, CDATA kept.
 */
export function stringItemText(xml: string, from: number, to: number): string {
  let out = '';
  let pos = from;
  for (let tag = nextTag(xml, pos, to); tag; tag = nextTag(xml, pos, to)) {
    pos = tag.end;
    if (tag.closing) continue;
    if (tag.name === 'rPh' && !tag.selfClosing) {
      const close = endTagOf(xml, tag.qname, tag.end);
      if (close < 0) break;
      pos = close;
      continue;
    }
    if (tag.name !== 't' || tag.selfClosing) continue;
    const close = endTagOf(xml, tag.qname, tag.end);
    if (close < 0) break;
    out += textContent(xml.slice(tag.end, close));
    pos = close;
  }
  return out;
}

