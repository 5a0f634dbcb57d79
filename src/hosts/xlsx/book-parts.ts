import { attrValue, endTagOf, nextTag, stringItemText } from './xml-scan';

/** The workbook-wide parts a worksheet's cells refer to: shared strings and number formats. */

/** Every <si> of the shared-strings part, in order, as plain text (rich text runs joined). */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let pos = 0;
  for (let tag = nextTag(xml, pos); tag; tag = nextTag(xml, pos)) {
    pos = tag.end;
    if (tag.closing || tag.name !== 'si') continue;
    if (tag.selfClosing) {
      out.push('');
      continue;
    }
    const close = endTagOf(xml, tag.qname, tag.end);
    if (close < 0) throw new Error('malformed shared strings: <si> not closed');
    out.push(stringItemText(xml, tag.end, close));
    pos = close;
  }
  return out;
}

/** Excel's built-in number formats (ids without a <numFmt>); 27–36 and 50–58 as zh-CN Excel shows them. */
const BUILT_IN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午 h"时"mm"分"',
  35: '上午/下午 h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午 h"时"mm"分"',
  56: '上午/下午 h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Number format code per cell style index (the cell's s attribute); null for General. */
export function readCellFormats(stylesXml: string | null): (string | null)[] {
  if (!stylesXml) return [];
  const custom = new Map<number, string>();
  const out: (string | null)[] = [];
  let pos = 0;
  let inCellXfs = false;
  for (let tag = nextTag(stylesXml, pos); tag; tag = nextTag(stylesXml, pos)) {
    pos = tag.end;
    if (tag.name === 'cellXfs') {
      inCellXfs = !tag.closing && !tag.selfClosing;
      continue;
    }
    if (tag.closing) continue;
    const text = stylesXml.slice(tag.start, tag.end);
    if (tag.name === 'numFmt') {
      const id = Number(attrValue(text, 'numFmtId'));
      const code = attrValue(text, 'formatCode');
      if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
    } else if (tag.name === 'xf' && inCellXfs) {
      const id = Number(attrValue(text, 'numFmtId') ?? 0);
      const code = id ? (custom.get(id) ?? BUILT_IN[id]) : undefined;
      out.push(code === undefined || code === 'General' ? null : code);
    }
  }
  return out;
}

/** Whether the workbook uses the 1904 date system (<workbookPr date1904="1"/>). */
export function usesDate1904(workbookXml: string): boolean {
  const m = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(workbookXml);
  const v = m ? attrValue(m[0], 'date1904') : undefined;
  return v === '1' || v === 'true';
}
