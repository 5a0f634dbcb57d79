import { ooxmlText, patchSheetXml, type CellPatch, type KeptFormula } from '../../../src/hosts/xlsx/sheet-patch';
import { StylesPatcher } from '../../../src/hosts/xlsx/styles-patch';
import { findElement } from '../../../src/hosts/xlsx/xml';
import { removeFromCalcChain, setFullCalcOnLoad } from '../../../src/hosts/xlsx/workbook-patch';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const sheet = (body: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${MAIN}">${head}<sheetData>${body}</sheetData></worksheet>`;
const keepStyle = (s: number) => s;
const patch = (xml: string, patches: CellPatch[]) => patchSheetXml(xml, 'S', patches, keepStyle);
const data = (xml: string) => /<sheetData>([\s\S]*)<\/sheetData>/.exec(xml)![1];

describe('patchSheetXml', () => {
  it('replaces a value, keeps the style, drops the old type', () => {
    const xml = sheet('<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" s="2"><v>5</v></c></row>');
    const out = patch(xml, [{ row: 1, col: 1, value: 0.95 }]);
    expect(data(out)).toBe('<row r="1"><c r="A1" s="3"><v>0.95</v></c><c r="B1" s="2"><v>5</v></c></row>');
  });

  it('writes text as an inline string, never as a formula', () => {
    const out = patch(sheet('<row r="1"><c r="A1" s="1"/></row>'), [{ row: 1, col: 1, value: '=HYPERLINK("http://x")' }]);
    expect(data(out)).toBe('<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>=HYPERLINK("http://x")</t></is></c></row>');
  });

  it('clears a value to an empty cell that keeps its style', () => {
    const out = patch(sheet('<row r="2"><c r="C2" s="7" t="str"><v>x</v></c></row>'), [{ row: 2, col: 3, value: null }]);
    expect(data(out)).toBe('<row r="2"><c r="C2" s="7"/></row>');
  });

  it('inserts cells and rows in order', () => {
    const xml = sheet('<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>', '<dimension ref="A2:C5"/>');
    const out = patch(xml, [
      { row: 7, col: 1, value: 7 },
      { row: 2, col: 2, value: 2 },
      { row: 1, col: 4, value: 'top' },
      { row: 3, col: 1, value: 3 },
      { row: 2, col: 5, value: 'e' },
    ]);
    expect(data(out)).toBe(
      '<row r="1"><c r="D1" t="inlineStr"><is><t>top</t></is></c></row>' +
        '<row r="2" spans="1:5"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c><c r="E2" t="inlineStr"><is><t>e</t></is></c></row>' +
        '<row r="3"><c r="A3"><v>3</v></c></row>' +
        '<row r="5"><c r="A5"><v>5</v></c></row>' +
        '<row r="7"><c r="A7"><v>7</v></c></row>',
    );
    expect(out).toContain('<dimension ref="A1:E7"/>');
  });

  it('fills an empty sheet (<sheetData/>)', () => {
    const xml = `<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
    expect(patch(xml, [{ row: 1, col: 1, value: 1 }])).toBe(`<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`);
  });

  it('gives a new cell the row or column style, as Excel shows an empty cell', () => {
    const xml = sheet('<row r="3" s="4" customFormat="1"><c r="A3"><v>1</v></c></row>', '<cols><col min="2" max="3" width="9" style="6" customWidth="1"/></cols>');
    const out = patch(xml, [
      { row: 3, col: 2, value: 1 },
      { row: 4, col: 2, value: 2 },
    ]);
    expect(data(out)).toContain('<c r="B3" s="4"><v>1</v></c>');
    expect(data(out)).toContain('<row r="4"><c r="B4" s="6"><v>2</v></c></row>');
  });

  it('handles a prefixed namespace (x:worksheet)', () => {
    const xml = `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const out = patch(xml, [
      { row: 1, col: 2, value: 'b' },
      { row: 2, col: 1, value: 2 },
    ]);
    expect(out).toBe(
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    );
  });

  it('gives rows and cells without r their implicit address before inserting', () => {
    const xml = sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>');
    const out = patch(xml, [{ row: 2, col: 2, value: 9 }]);
    expect(data(out)).toBe('<row r="1"><c><v>1</v></c><c><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c><c r="B2"><v>9</v></c></row>');
  });

  it('fills a self-closing row', () => {
    const out = patch(sheet('<row r="4" ht="20" customHeight="1"/>'), [{ row: 4, col: 3, value: 1 }]);
    expect(data(out)).toBe('<row r="4" ht="20" customHeight="1"><c r="C4"><v>1</v></c></row>');
  });

  it("keeps formula cells, shared-formula cells and array ranges (a person's formulas) untouched and reports them", () => {
    const xml = sheet(
      '<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c><c r="B1"><f t="shared" si="0"/><v>1</v></c>' +
        '<c r="C1"><f t="array" ref="C1:D2">E1:F2</f><v>1</v></c><c r="D1"><v>2</v></c></row>',
    );
    for (const col of [1, 2, 4]) {
      const kept: KeptFormula[] = [];
      expect(patchSheetXml(xml, 'S', [{ row: 1, col, value: 1 }], keepStyle, kept)).toBe(xml);
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ row: 1, col });
    }
    const kept: KeptFormula[] = [];
    expect(patchSheetXml(xml, 'S', [{ row: 2, col: 4, value: 1 }], keepStyle, kept)).toBe(xml);
    expect(kept).toEqual([{ row: 2, col: 4, formula: '{C1:D2}' }]);
    // The product's own formula (the plan names it) is replaced.
    const own = patchSheetXml(xml, 'S', [{ row: 1, col: 1, value: 5, replacesFormula: 'B1*2' }], keepStyle);
    expect(data(own)).toContain('<c r="A1"><v>5</v></c>');
  });

  it('refuses two different values for one cell', () => {
    expect(() =>
      patch(sheet(''), [
        { row: 1, col: 1, value: 1 },
        { row: 1, col: 1, value: 2 },
      ]),
    ).toThrow(/两个不同的值/);
  });

  it('escapes text the way SpreadsheetML stores it', () => {
    expect(ooxmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(ooxmlText('x\ry\u0001')).toBe('x_x000D_y_x0001_');
    expect(ooxmlText('_x0041_')).toBe('_x005F_x0041_');
    const out = patch(sheet(''), [{ row: 1, col: 1, value: ' two\nlines ' }]);
    expect(out).toContain('<t xml:space="preserve"> two\nlines </t>');
  });

  it('leaves everything outside the written cells byte-identical', () => {
    const head = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:B2"/><cols><col min="1" max="1" width="30" customWidth="1"/></cols>';
    const tail = '<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells><conditionalFormatting sqref="A1"><cfRule type="cellIs" priority="1" operator="lessThan"><formula>60</formula></cfRule></conditionalFormatting>';
    const xml = `<worksheet xmlns="${MAIN}">${head}<sheetData><row r="1" x14ac:dyDescent="0.25"><c r="A1" s="1"><v>1</v></c><c r="B1" s="2"/></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>${tail}</worksheet>`;
    const out = patch(xml, [{ row: 1, col: 2, value: 5 }]);
    expect(out).toBe(xml.replace('<c r="B1" s="2"/>', '<c r="B1" s="2"><v>5</v></c>'));
  });
});

describe('findElement (src/hosts/xlsx/xml.ts)', () => {
  it('finds what the start-tag pattern finds, on any text', () => {
    const ATTRS = String.raw`(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*`;
    const reference = (xml: string, qname: string, from: number, limit: number) => {
      const re = new RegExp(`<${qname}(${ATTRS})\\s*(/?)>`, 'g');
      re.lastIndex = from;
      const m = re.exec(xml);
      if (!m || m.index >= limit) return null;
      const openEnd = m.index + m[0].length;
      if (m[2] === '/') return { start: m.index, openEnd, closeStart: openEnd, end: openEnd, tag: m[0], selfClosing: true };
      const exact = xml.indexOf(`</${qname}>`, openEnd);
      if (exact >= 0) return { start: m.index, openEnd, closeStart: exact, end: exact + qname.length + 3, tag: m[0], selfClosing: false };
      const cre = new RegExp(`</${qname}\\s*>`, 'g');
      cre.lastIndex = openEnd;
      const cm = cre.exec(xml);
      return cm ? { start: m.index, openEnd, closeStart: cm.index, end: cm.index + cm[0].length, tag: m[0], selfClosing: false } : 'unclosed';
    };
    const pieces = ['<c', '<c ', '<c>', '</c>', '<col ', '<c/>', ' r="A1"', "r='1'", ' s = "2"', '=', '"', "'", '/', '>', ' ', '\u3000', 'x', '<row r="1">', '</row>', '</c >', '<c\tr="1"/>', 'a=">"'];
    let seed = 99;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 20000; n++) {
      let xml = '';
      for (let i = Math.floor(next() * 14); i > 0; i--) xml += pieces[Math.floor(next() * pieces.length)];
      for (const qname of ['c', 'row']) {
        const limit = next() < 0.3 ? Math.floor(next() * xml.length) : xml.length;
        const want = reference(xml, qname, 0, limit);
        let got: unknown;
        try {
          got = findElement(xml, qname, 0, limit);
        } catch {
          got = 'unclosed';
        }
        if (JSON.stringify(got) !== JSON.stringify(want)) expect({ xml, qname, limit, got }).toEqual({ xml, qname, limit, got: want });
      }
    }
  });
});

describe('StylesPatcher', () => {
  const styles =
    `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0&quot;分&quot;"/></numFmts><fonts count="1"><font/></fonts>` +
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs></styleSheet>';

  it('keeps a style that already shows the format', () => {
    const p = new StylesPatcher(styles);
    expect(p.withNumberFormat(1, '0.00%')).toBe(1);
    expect(p.withNumberFormat(0, '0.0"分"')).not.toBe(0);
    expect(p.changed).toBe(true);
  });

  it('clones the xf with the new format and keeps its children; reuses clones and custom formats', () => {
    const p = new StylesPatcher(styles);
    const a = p.withNumberFormat(2, '0.00');
    const b = p.withNumberFormat(2, '0.00');
    const c = p.withNumberFormat(2, '0.000');
    const d = p.withNumberFormat(0, '0.0"分"');
    expect([a, b, c, d]).toEqual([3, 3, 4, 5]);
    const xml = p.toXml();
    expect(xml).toContain('<cellXfs count="6">');
    expect(xml).toContain('<xf numFmtId="2" fontId="0" fillId="0" borderId="1" xfId="0" applyAlignment="1" applyNumberFormat="1"><alignment horizontal="center"/></xf>');
    expect(xml).toContain('<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0&quot;分&quot;"/><numFmt numFmtId="165" formatCode="0.000"/></numFmts>');
    expect(xml).toContain('<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>');
    // The original xfs are untouched, byte for byte.
    const originalXfs = styles.slice(styles.indexOf('<cellXfs count="3">') + 19, styles.indexOf('</cellXfs>'));
    expect(xml).toContain(`<cellXfs count="6">${originalXfs}<xf `);
  });

  it('adds <numFmts> when the part has none', () => {
    const p = new StylesPatcher(`<styleSheet xmlns="${MAIN}"><fonts count="1"><font/></fonts><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`);
    expect(p.withNumberFormat(0, '0.0000')).toBe(1);
    expect(p.toXml()).toBe(
      `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0000"/></numFmts><fonts count="1"><font/></fonts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    );
  });

  it('answers a repeated question as if asked afresh, also after a new format id changes what an xf shows', () => {
    // xf 1 names numFmtId 164 without defining it; the first custom format written gets id 164.
    const p = new StylesPatcher(`<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`);
    expect(p.withNumberFormat(0, '0.00')).toBe(2);
    expect(p.withNumberFormat(0, '0.00')).toBe(2);
    expect(p.withNumberFormat(1, '0.0')).toBe(3);
    // 164 is now 0.0: xf 1 shows it already, so it is kept from here on.
    expect(p.withNumberFormat(1, '0.0')).toBe(1);
    expect(p.withNumberFormat(1, '0.0')).toBe(1);
    expect(p.withNumberFormat(0, '0.00')).toBe(2);
    // A style index past the xfs is read as xf 0 each time, however many xfs were added since.
    expect(p.withNumberFormat(9, '0.00')).toBe(2);
    expect(p.withNumberFormat(2, '0.00')).toBe(2);
  });

  it('does not mistake a locale date format for General', () => {
    const p = new StylesPatcher(`<styleSheet xmlns="${MAIN}"><cellXfs count="1"><xf numFmtId="14"/></cellXfs></styleSheet>`);
    expect(p.withNumberFormat(0, 'General')).toBe(1);
  });
});

describe('workbook-level patches', () => {
  it('sets fullCalcOnLoad on calcPr, or adds calcPr in schema order', () => {
    expect(setFullCalcOnLoad(`<workbook xmlns="${MAIN}"><sheets/><calcPr calcId="171027"/></workbook>`)).toBe(
      `<workbook xmlns="${MAIN}"><sheets/><calcPr calcId="171027" fullCalcOnLoad="1"/></workbook>`,
    );
    expect(setFullCalcOnLoad(`<workbook xmlns="${MAIN}"><sheets/><definedNames/><extLst><ext/></extLst></workbook>`)).toBe(
      `<workbook xmlns="${MAIN}"><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><extLst><ext/></extLst></workbook>`,
    );
  });

  it('removes cells from calcChain, moving the sheet id to the next entry', () => {
    const chain = `<calcChain xmlns="${MAIN}"><c r="A1" i="1"/><c r="A2"/><c r="B1" i="2"/></calcChain>`;
    expect(removeFromCalcChain(chain, [{ sheetId: '1', address: 'A1' }])).toBe(`<calcChain xmlns="${MAIN}"><c r="A2" i="1"/><c r="B1" i="2"/></calcChain>`);
    expect(removeFromCalcChain(chain, [{ sheetId: '2', address: 'A2' }])).toBe(chain);
    expect(
      removeFromCalcChain(chain, [
        { sheetId: '1', address: 'A1' },
        { sheetId: '1', address: 'A2' },
        { sheetId: '2', address: 'B1' },
      ]),
    ).toBeNull();
  });
});
