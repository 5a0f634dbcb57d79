import { jsonDepth, scoredName } from '../../src/cli/safe-file';
import { show, stripControl, terminalText } from '../../src/sheet/errors';
import { sameCellValue, sheetHasRecord } from '../../src/sheet/person-entry';

describe('own-write comparison', () => {
  test('numbers compare within a relative tolerance far below display precision', () => {
    expect(sameCellValue(9.18605898123324, '9.186058981233243')).toBe(true); // LibreOffice's 15 digits
    expect(sameCellValue(92.8860589812333, '92.88605898123325')).toBe(true);
    expect(sameCellValue(0, '0')).toBe(true);
    expect(sameCellValue(9.19, '9.186058981233243')).toBe(false); // typed at display precision: a person's
    expect(sameCellValue(9.1861, '9.186058981233243')).toBe(false);
    expect(sameCellValue(1e-12, '0')).toBe(true);
    expect(sameCellValue('9.18605898123324', '9.186058981233243')).toBe(true); // a converter's number-as-text
    expect(sameCellValue('优', '优')).toBe(true);
    expect(sameCellValue('良', '优')).toBe(false);
    expect(sameCellValue(1, undefined)).toBe(false);
    expect(sameCellValue('1e3x', '1000')).toBe(false);
  });

  test('a record for a sheet is found by its exact name', () => {
    expect(sheetHasRecord({ 'A!B!C3': '1' }, 'A!B')).toBe(true);
    expect(sheetHasRecord({ 'A!B!C3': '1' }, 'A')).toBe(false);
    expect(sheetHasRecord({}, 'A')).toBe(false);
  });
});

describe('bounded, terminal-safe printing', () => {
  test('the gate on everything printed removes control characters, keeping lines, tabs and the progress line’s own codes', () => {
    expect(terminalText('单元格地址 “E\u000012\u001b[2J” 无效\n')).toBe('单元格地址 “E12[2J” 无效\n');
    expect(terminalText('a\tb\r\nc\u009b\u202ed\n')).toBe('a\tb\ncd\n');
    expect(terminalText('\r[####] 3/5 a\u001b]0;x\u0007.xlsx\u001b[K')).toBe('\r[####] 3/5 a]0;x.xlsx\u001b[K');
    expect(terminalText('\r[####] 5/5\u001b[K\n')).toBe('\r[####] 5/5\u001b[K\n');
    const plain = '文件 总分\n'.repeat(1000);
    expect(terminalText(plain)).toBe(plain);
  });

  test('control characters, escaped or not, are removed; long values cut', () => {
    expect(stripControl('_x001B_]0;title_x0007_x\u001b[2J\u009by')).toBe(']0;titlex[2Jy');
    expect(stripControl('a\tb\nc')).toBe('a b c');
    expect(stripControl('_x4E2D_')).toBe('_x4E2D_'); // not a control character: left as written
    expect(show('x'.repeat(1_000_000), 10)).toBe(`${'x'.repeat(9)}…`);
    const deep: unknown[] = [];
    let cur = deep;
    for (let i = 0; i < 100000; i++) cur.push((cur = []));
    expect(show(deep)).toBe('[数组，1 项]');
    expect(show({ a: 1, b: 2 })).toBe('{对象，2 个字段}');
    expect(jsonDepth(deep, 64)).toBe(65);
    expect(jsonDepth({ forms: [{ rows: [{ a: 1 }] }] }, 64)).toBe(5);
  });

  test('scored output names keep macro-enabled and template extensions', () => {
    expect(['a.xlsx', 'b.XLSM', 'c.xltx', 'd.xls', 'e'].map(scoredName)).toEqual(['a.scored.xlsx', 'b.scored.XLSM', 'c.scored.xltx', 'd.scored.xlsx', 'e.scored.xlsx']);
  });
});
