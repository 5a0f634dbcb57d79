/**
 * XML text helpers shared by every host part we read or write (the state part, OOXML parts):
 * escaping, entity decoding and attribute lists. Pure string code, for Node and the add-in.
 */

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]);
}

export function escapeXmlAttr(text: string): string {
  if (!/[&<>"\r\n\t]/.test(text)) return text;
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (all, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return NAMED_ENTITIES[body] ?? all;
  });
}

const isXmlSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12;

/**
 * Attribute values of a start tag's attribute text (`a="1" b='2'`), entity-decoded; from `from` on.
 * Scanned by hand (this runs for every written cell): what it finds is what the pattern
 * /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g finds, the last of a repeated name winning.
 */
export function parseAttributes(text: string, from = 0): Record<string, string> {
  const out: Record<string, string> = {};
  scanAttributes(text, from, (name, value) => {
    out[name] = value;
  });
  return out;
}

/** What parseAttributes(text, from)[name] gives, without building the record (asked per written cell). */
export function attributeValue(text: string, name: string, from = 0): string | undefined {
  let found: string | undefined;
  scanAttributes(text, from, (n, value) => {
    if (n === name) found = value;
  });
  return found;
}

function scanAttributes(text: string, from: number, take: (name: string, value: string) => void): void {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isNameChar(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    let k = j;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === 61 /* = */) {
      k++;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      const q = text.charCodeAt(k);
      if (q === 34 || q === 39) {
        const close = text.indexOf(q === 34 ? '"' : "'", k + 1);
        if (close >= 0) {
          take(text.slice(i, j), decodeXmlEntities(text.slice(k + 1, close)));
          i = close + 1;
          continue;
        }
      }
    }
    // No attribute starts anywhere inside this name (each suffix would fail the same way).
    i = j;
  }
}

/** `[^\s=>/]` of the attribute pattern: a name character (`\s` is JavaScript's, Unicode spaces included). */
export function isNameChar(c: number): boolean {
  return c !== 61 && c !== 62 && c !== 47 && !isSpace(c);
}

/** What `\s` matches in a JavaScript pattern, for one UTF-16 code unit. */
export function isSpace(c: number): boolean {
  if (c < 128) return isXmlSpace(c);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Character data of an element with no child elements: entities decoded, CDATA kept literally, comments dropped. */
export function textContent(raw: string): string {
  if (!raw.includes('<')) return raw.includes('&') ? decodeXmlEntities(raw) : raw;
  let out = '';
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    out += decodeXmlEntities(raw.slice(last, m.index));
    if (m[1] !== undefined) out += m[1];
    last = m.index + m[0].length;
  }
  return out + decodeXmlEntities(raw.slice(last));
}

/** A literal for a RegExp pattern (element and attribute names built into the patterns above). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
