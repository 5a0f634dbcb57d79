import { a1, areaAddress, parseA1, parseArea, priorKey, priorKeySheet } from '../../src/sheet/a1';
import { hostCellValue, isDateFormat, mayWriteOverFormula, numberCellValue, serialDateText } from '../../src/hosts/cell-value';
import { attributeValue, decodeXmlEntities, escapeXmlAttr, parseAttributes } from '../../src/hosts/xml-text';
import { slideFormula } from '../../src/hosts/xlsx/shared-formula';
import { decodePart } from '../../src/hosts/xlsx/part-reader';

describe('cell areas and A1 addresses (src/sheet/a1.ts)', () => {
  it('parses and prints addresses and areas, with sheet prefixes and $ signs', () => {
    expect(parseA1('$AB$12')).toEqual({ row: 12, col: 28 });
    expect(parseA1('XFD1048576')).toEqual({ row: 1048576, col: 16384 });
    for (const bad of ['', 'A', '12', 'ABCD1', 'A1:B2', 'A-1']) expect(parseA1(bad)).toBeNull();
    expect(parseArea("'My Sheet'!C3:A1")).toEqual({ top: 1, left: 1, bottom: 3, right: 3 });
    expect(parseArea('3:5')).toBeNull();
    expect(areaAddress({ top: 2, left: 2, bottom: 2, right: 2 })).toBe('B2');
    expect(areaAddress({ top: 1, left: 1, bottom: 3, right: 27 })).toBe('A1:AA3');
    expect(a1(1, 16384)).toBe('XFD1');
  });

  it('builds and splits the remembered-write key, sheet names with "!" included', () => {
    expect(priorKey('表!一', 'H6')).toBe('表!一!H6');
    expect(priorKeySheet(priorKey('表!一', 'H6'))).toBe('表!一');
  });
});

describe('one cell-value conversion for both hosts (src/hosts/cell-value.ts)', () => {
  it('recognises date formats, not percentages or quoted text', () => {
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm', '[$-804]yyyy/m/d']) expect(isDateFormat(f)).toBe(true);
    for (const f of ['General', '0.00%', '0"天"', '#,##0.00', '@', null]) expect(isDateFormat(f)).toBe(false);
  });

  it('keeps the time of a date, in the 1900 and the 1904 systems', () => {
    expect(serialDateText(45658)).toBe('2025-01-01');
    expect(serialDateText(45658.5)).toBe('2025-01-01 12:00');
    expect(serialDateText(45658.5 + 1 / 86400)).toBe('2025-01-01 12:00:01');
    expect(serialDateText(45658 - 1462, true)).toBe('2025-01-01');
    expect(numberCellValue(0.5, '0.00%')).toBe(0.5);
    expect(numberCellValue(Infinity, null)).toBeNull();
  });

  it('converts Office.js values the same way (dates with time, errors as text, empty as null)', () => {
    expect(hostCellValue(45658.75, 'yyyy-mm-dd hh:mm')).toBe('2025-01-01 18:00');
    expect(hostCellValue('#DIV/0!', 'General')).toBe('#DIV/0!');
    expect(hostCellValue('', 'General')).toBeNull();
    expect(hostCellValue(true, 'General')).toBe(true);
  });

  it("lets a write replace only the product's own formula", () => {
    expect(mayWriteOverFormula(null, {})).toBe(true);
    expect(mayWriteOverFormula('SUM(A1:A3)', {})).toBe(false);
    expect(mayWriteOverFormula('SUM(A1:A3)', { replacesFormula: 'SUM(A1:A3)' })).toBe(true);
    expect(mayWriteOverFormula('JIXIAO.GRADE(K9)', { formula: 'JIXIAO.GRADE(K9)' })).toBe(true);
    expect(mayWriteOverFormula('SUM(A1:A3)', { replacesFormula: 'SUM(A1:A4)' })).toBe(false);
  });
});

describe('XML helpers (src/hosts/xml-text.ts) and part decoding', () => {
  it('escapes and decodes attributes both ways', () => {
    const text = 'a<b & "c"\n\t';
    expect(parseAttributes(`v="${escapeXmlAttr(text)}" w='x'`)).toEqual({ v: text, w: 'x' });
    expect(decodeXmlEntities('&#x4E00;&#19968;&lt;&unknown;')).toBe('一一<&unknown;');
  });

  it('reads attributes (all, or one by name) as the attribute pattern does, on any text (repeated names: the last wins)', () => {
    expect(parseAttributes(`a = "1" b='2' a="3"`)).toEqual({ a: '3', b: '2' });
    expect(parseAttributes(`x="unclosed y='ok'`)).toEqual({ y: 'ok' });
    expect(parseAttributes(`\u3000k\u00a0=\u3000"v"/>`)).toEqual({ k: 'v' });
    const pattern = (text: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const re = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]] = decodeXmlEntities(m[2] ?? m[3] ?? '');
      return out;
    };
    const pieces = ['a', 'r', 'x:s', ' ', '\t', '\n', '=', '"', "'", '>', '/', '<', '&amp;', '&#x41;', '\u3000', '\u00a0', '1'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 20000; n++) {
      let text = '';
      for (let i = Math.floor(next() * 16); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      const want = pattern(text);
      const got = parseAttributes(text);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ text, got }).toEqual({ text, got: want });
      for (const name of ['a', 'r', 'x:s']) if (attributeValue(text, name) !== want[name]) expect({ text, name, got: attributeValue(text, name) }).toEqual({ text, name, got: want[name] });
    }
  });

  it('decodes UTF-8 with or without BOM and UTF-16 by BOM or declaration', () => {
    const xml = '<?xml version="1.0"?><a>中文</a>';
    expect(decodePart(Buffer.from(xml))).toBe(xml);
    expect(decodePart(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]))).toBe(`\uFEFF${xml}`);
    expect(decodePart(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]))).toBe(xml);
    expect(decodePart(Buffer.from(xml, 'utf16le'))).toBe(xml);
  });
});

describe('shared formulas', () => {
  it('moves relative references by the distance from the master cell, keeping absolute ones and names', () => {
    expect(slideFormula('G3/F3*$B$1+SUM(C3:D3)', 3, 7, 5, 8)).toBe('H5/G5*$B$1+SUM(D5:E5)');
    expect(slideFormula("'表一'!C11*2", 1, 2, 2, 2)).toBe("'表一'!C12*2");
    expect(slideFormula('ROUND(A1,2)', 1, 1, 2, 1)).toBe('ROUND(A2,2)');
  });
});
