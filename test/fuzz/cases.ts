import JSZip from 'jszip';

/** A generated input and how to run it. */
export interface FuzzCase {
  id: string;
  kind: 'xlsx' | 'json';
  bytes: Buffer;
  /** Run in a child process (may cost memory or time the fuzz process must not risk). */
  child: boolean;
  /** What issue 10 asks of this case beyond the general contract. */
  expect?: { code?: number; forbid?: RegExp };
}

/** Messages that are a library's internals, not an explanation (issue 10's "unclear messages"). */
export const LEAKED = /Cannot read propert|is not a function|of undefined|disallowed character|Invalid string length|Worksheet name already exists|Maximum call stack/;

const EXPECT: Record<string, FuzzCase['expect']> = {
  // The workbook is findable through its relationships; a missing part is named, not "no form".
  // Moved without its relationships part: the sheets cannot be found (Excel calls it damaged too); say so.
  'hostile:workbook-part-elsewhere': { code: 2, forbid: /没有找到绩效自评表/ },
  'hostile:workbook-part-moved': { code: 0 },
  'hostile:sheet-part-missing': { code: 2, forbid: /没有找到绩效自评表/ },
  'hostile:far-cell-XFD1048576': { code: 0 },
  // Input sanity (engine): each a located problem, never a silent 0 or a qualitative row.
  'hostile:negative-spent': { code: 1 },
  'hostile:weight-1e308': { code: 1 },
  'hostile:error-target': { code: 1 },
  'hostile:value-1e400': { code: 1 },
  'hostile-json:negative-spent': { code: 1 },
  'hostile-json:weight-1e308': { code: 1 },
  'hostile-json:error-values': { code: 1 },
  'hostile-json:value-1e400': { forbid: /实际为 number/ },
};

/** A small deterministic PRNG (mulberry32), so a seed reproduces a case. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: () => number, n: number): number => Math.floor(r() * n);

async function rezip(zip: JSZip): Promise<Buffer> {
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function edit(base: Buffer, name: string, f: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(base);
  const file = zip.file(name);
  if (file) zip.file(name, f(await file.async('string')));
  return rezip(zip);
}

const SHEET = 'xl/worksheets/sheet1.xml';

/**
 * The hostile workbooks of issue 10's "Why" list, built from a real scored form. Each runs in a
 * child process: several are crafted to cost memory or time.
 */
export async function hostileWorkbooks(base: Buffer): Promise<FuzzCase[]> {
  const cases: [string, Promise<Buffer> | Buffer][] = [
    ['no-content-types', (async () => { const z = await JSZip.loadAsync(base); z.remove('[Content_Types].xml'); return rezip(z); })()],
    ['far-cell-XFD1048576', edit(base, SHEET, (x) => x.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))],
    ['merge-whole-sheet', edit(base, SHEET, (x) => x.replace(/<mergeCells[^>]*>/, (m) => `${m}<mergeCell ref="A1:XFD1048576"/>`))],
    ['col-max-1e9', edit(base, SHEET, (x) => x.replace(/<sheetData/, '<cols><col min="1" max="1000000000" width="9"/></cols><sheetData'))],
    ['row-r-1e9', edit(base, SHEET, (x) => x.replace('</sheetData>', '<row r="1000000000"><c r="A1000000000"><v>1</v></c></row></sheetData>'))],
    ['bad-shared-string-index', edit(base, SHEET, (x) => x.replace(/<c r="C3"([^>]*)t="s"([^>]*)><v>\d+<\/v>/, '<c r="C3"$1t="s"$2><v>99999</v>'))],
    ['sheet-name-40-chars', edit(base, 'xl/workbook.xml', (x) => x.replace(/<sheet name="[^"]*"/, `<sheet name="${'很长的工作表名称'.repeat(5)}"`))],
    ['duplicate-sheet-names', edit(base, 'xl/workbook.xml', (x) => x.replace(/(<sheet [^>]*\/>)/, '$1<sheet name="就业创业服务经费" sheetId="9" r:id="rId1"/>'))],
    ['workbook-part-elsewhere', (async () => {
      const z = await JSZip.loadAsync(base);
      const wb = await z.file('xl/workbook.xml')!.async('string');
      z.remove('xl/workbook.xml');
      z.file('xl/book/main.xml', wb);
      z.file('_rels/.rels', (await z.file('_rels/.rels')!.async('string')).replace('xl/workbook.xml', 'xl/book/main.xml'));
      return rezip(z);
    })()],
    // The same move done right (its relationships moved with it, content type renamed): scored as usual.
    ['workbook-part-moved', (async () => {
      const z = await JSZip.loadAsync(base);
      const move = async (from: string, to: string, f: (x: string) => string = (x) => x) => {
        const text = await z.file(from)!.async('string');
        z.remove(from);
        z.file(to, f(text));
      };
      await move('xl/workbook.xml', 'xl/book/main.xml');
      await move('xl/_rels/workbook.xml.rels', 'xl/book/_rels/main.xml.rels', (x) => x.replace(/Target="(?!\/)/g, 'Target="../'));
      await move('_rels/.rels', '_rels/.rels', (x) => x.replace('xl/workbook.xml', 'xl/book/main.xml'));
      await move('[Content_Types].xml', '[Content_Types].xml', (x) => x.replace('/xl/workbook.xml', '/xl/book/main.xml'));
      return rezip(z);
    })()],
    ['sheet-part-missing', (async () => { const z = await JSZip.loadAsync(base); z.remove(SHEET); return rezip(z); })()],
    ['oversized-part-300MB', (async () => {
      const z = await JSZip.loadAsync(base);
      z.file('xl/sharedStrings.xml', Buffer.alloc(300 * 1024 * 1024, 0x20));
      return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    })()],
    ['utf16-part', (async () => {
      const z = await JSZip.loadAsync(base);
      const xml = (await z.file(SHEET)!.async('string')).replace('encoding="UTF-8"', 'encoding="UTF-16"');
      z.file(SHEET, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
      return rezip(z);
    })()],
    ['value-1e400', edit(base, SHEET, (x) => x.replace(/(<c r="G9"[^>]*>)<v>[^<]*<\/v>/, '$1<v>1e400</v>'))],
    ['escape-in-cell', edit(base, 'xl/sharedStrings.xml', (x) => x.replace('就业创业服务经费', '_x001B_]0;title_x0007__x001B_[2J就业创业服务经费'))],
    ['negative-spent', edit(base, SHEET, (x) => x.replace(/(<c r="F6"[^>]*>)<v>[^<]*<\/v>/, '$1<v>-171.32</v>'))],
    ['weight-1e308', edit(base, SHEET, (x) => x.replace(/(<c r="I9"[^>]*>)<v>[^<]*<\/v>/, '$1<v>1e308</v>'))],
    ['error-target', edit(base, SHEET, (x) => x.replace(/<c r="E10"([^>]*?)(?: t="n")?>(<v>[^<]*<\/v>)/, '<c r="E10"$1 t="e"><v>#NAME?</v>'))],
    ['empty-file', Buffer.alloc(0)],
    ['truncated-zip', base.subarray(0, Math.floor(base.length / 2))],
    ['ole-encrypted-header', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)])],
    ['text-renamed', Buffer.from('这不是工作簿')],
    ['many-rels-loop', edit(base, 'xl/_rels/workbook.xml.rels', (x) => x.replace('</Relationships>', `${Array.from({ length: 2000 }, (_, i) => `<Relationship Id="x${i}" Type="t" Target="../../../../x${i}.xml"/>`).join('')}</Relationships>`))],
  ];
  const out: FuzzCase[] = [];
  for (const [id, bytes] of cases) out.push({ id: `hostile:${id}`, kind: 'xlsx', bytes: await bytes, child: true, expect: EXPECT[`hostile:${id}`] });
  return out;
}

/** The hostile JSON of issue 10 for `evaluate`. */
export function hostileJson(): FuzzCase[] {
  const deep = `${'['.repeat(200000)}${']'.repeat(200000)}`;
  const cases: [string, string][] = [
    ['deep-nesting', deep],
    ['deep-in-field', JSON.stringify({ forms: [{ rows: [{ weight: JSON.parse(`${'{"a":'.repeat(50)}1${'}'.repeat(50)}`) }] }] })],
    ['value-1e400', '{"forms":[{"rows":[{"operator":">=","target":1e400,"actual":"1e400","weight":10}]}]}'],
    ['negative-spent', JSON.stringify({ forms: [{ budget: 100, spent: -50, rows: [{ operator: '>=', target: 10, actual: -3, weight: 90 }] }] })],
    ['weight-1e308', JSON.stringify({ forms: [{ rows: [{ operator: '>=', target: 10, actual: 10, weight: 1e308 }] }] })],
    ['error-values', JSON.stringify({ forms: [{ rows: [{ operator: '>=', target: '#NAME?', actual: '#DIV/0!', weight: 10 }, { target: '1500.', actual: '1500', weight: 10 }] }] })],
    ['huge-string', JSON.stringify({ forms: [{ title: 'x'.repeat(5_000_000), rows: [] }] })],
    ['escape-sequences', JSON.stringify({ profile: '\u001b]0;x\u0007', forms: [{ title: '\u001b[2J', rows: [{ level3: '\u001b[31m', target: '\u001b', weight: '\u009b' }] }] })],
    ['not-json', '\u0000\u0001{{{'],
    ['bom-only', '\uFEFF'],
    ['proto-pollution', '{"__proto__":{"x":1},"constructor":{"prototype":{}},"forms":[{"__proto__":null,"rows":[]}]}'],
    ['many-forms', JSON.stringify({ forms: Array.from({ length: 20000 }, () => ({ rows: [{ target: 1, actual: 1, weight: 1 }] })) })],
  ];
  return cases.map(([id, text]) => ({ id: `hostile-json:${id}`, kind: 'json', bytes: Buffer.from(text), child: id === 'deep-nesting' || id === 'many-forms' || id === 'huge-string', expect: EXPECT[`hostile-json:${id}`] }));
}

const EXTREME = ['0', '-0', '-1', '1e308', '1e-320', '1e400', 'NaN', '-1e308', '999999999999999999999', '0.1', '1048577', '16385', '4294967296', ''];
const JUNK = ['<', '>', '&', '&#0;', '&#x1B;', ']]>', '<!--', '<?x?>', '<!DOCTYPE a [<!ENTITY x "y">]>', '&x;', '"', "'", '\u0000', '\uFFFF', '_x001B_', '=1+1', '<c r="A1"><v>1</v></c>', '<row r="3">', '</row>', '<mergeCell ref="A1:C3"/>', 't="s"', 't="e"', 't="inlineStr"', '<is><t>x</t></is>', 's="9999"'];

/** One random mutation of an XML text: cut, duplicate, inject junk, or replace numbers with extreme ones. */
function mutateXml(r: () => number, xml: string, allowHuge: boolean): string {
  if (xml.length === 0) return pick(r, JUNK);
  const at = int(r, xml.length);
  const len = 1 + int(r, Math.min(400, xml.length - at));
  switch (int(r, 6)) {
    case 0:
      return xml.slice(0, at) + xml.slice(at + len);
    case 1:
      return xml.slice(0, at) + xml.slice(at, at + len).repeat(2 + int(r, 3)) + xml.slice(at);
    case 2:
      return xml.slice(0, at) + pick(r, JUNK) + xml.slice(at);
    case 3: {
      // Replace one number (a value, a style index, a row or cell reference digit run).
      const nums = [...xml.matchAll(/\d+(\.\d+)?/g)];
      if (nums.length === 0) return xml;
      const m = pick(r, nums);
      const options = allowHuge ? EXTREME : EXTREME.filter((e) => !/^(1048577|16385|4294967296|999999999999999999999|1e308|-1e308)$/.test(e));
      return xml.slice(0, m.index) + pick(r, options) + xml.slice(m.index! + m[0].length);
    }
    case 4: {
      const tags = [...xml.matchAll(/<\/?[A-Za-z:]+/g)];
      if (tags.length === 0) return xml;
      const m = pick(r, tags);
      return xml.slice(0, m.index) + m[0] + 'x' + xml.slice(m.index! + m[0].length);
    }
    default:
      return xml.slice(0, at) + String.fromCharCode(int(r, 0x20)) + xml.slice(at);
  }
}

/**
 * A random mutation of a real workbook: bytes of the zip flipped, or 1–3 XML parts mutated and
 * re-zipped. Mutations that can make row or column numbers huge run in a child process.
 */
export async function mutatedWorkbook(seed: number, bases: Buffer[]): Promise<FuzzCase> {
  const r = rng(seed);
  const base = pick(r, bases);
  if (r() < 0.15) {
    const bytes = Buffer.from(base);
    for (let i = 0, n = 1 + int(r, 8); i < n; i++) bytes[int(r, bytes.length)] = int(r, 256);
    return { id: `mutate-bytes:${seed}`, kind: 'xlsx', bytes, child: false };
  }
  const zip = await JSZip.loadAsync(base);
  const parts = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
  const huge = r() < 0.1;
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    const name = pick(r, parts);
    const xml = await zip.file(name)!.async('string');
    let next = xml;
    for (let j = 0, m = 1 + int(r, 4); j < m; j++) next = mutateXml(r, next, huge);
    zip.file(name, next);
  }
  if (r() < 0.05) zip.remove(pick(r, parts));
  return { id: `mutate-xml:${seed}`, kind: 'xlsx', bytes: await rezip(zip), child: huge };
}

const JSON_VALUES: unknown[] = [null, true, 0, -1, 1e308, -1e-308, 0.1, '', ' ', '≥90%', '1.1万人', '9827. 48', '达成', '部分达成 70%', '#NAME?', '#DIV/0!', '1500.', '1e400', '\u001b[2J', 'x'.repeat(300), [], {}, [1, [2]], { a: { b: 1 } }];
const OPERATORS = ['>=', '<=', '=', '>', '<', '≠', '定性', '', 'x', null];

/** A random `evaluate` document: mostly well-formed, with hostile values in random fields. */
export function randomJson(seed: number): FuzzCase {
  const r = rng(seed);
  const v = () => pick(r, JSON_VALUES);
  const maybe = <T>(x: T) => (r() < 0.7 ? x : v());
  const row = () => ({
    level1: maybe('产出指标'),
    level3: maybe(`指标${int(r, 100)}`),
    operator: maybe(pick(r, OPERATORS)),
    target: r() < 0.5 ? String(int(r, 3000)) : v(),
    unit: maybe(pick(r, ['人', '%', '万元', '天', '', '张'])),
    weight: r() < 0.7 ? int(r, 30) : v(),
    actual: r() < 0.6 ? String(int(r, 3000)) : v(),
    ...(r() < 0.2 ? { completion: v() } : {}),
    ...(r() < 0.2 ? { score: v() } : {}),
    ...(r() < 0.1 ? { scoringUnit: pick(r, ['a', 'b', 1]) } : {}),
    ...(r() < 0.05 ? { unknownField: v() } : {}),
  });
  const form = () => ({
    kind: maybe(pick(r, ['project', 'department', 'overall'])),
    budget: r() < 0.7 ? String(int(r, 500)) : v(),
    spent: r() < 0.7 ? String(int(r, 500)) : v(),
    ...(r() < 0.2 ? { executionRate: v() } : {}),
    ...(r() < 0.2 ? { deduction: v() } : {}),
    ...(r() < 0.3 ? { tasks: Array.from({ length: int(r, 4) }, () => ({ name: 't', allocated: v(), spent: v(), weight: maybe(8) })) } : {}),
    rows: Array.from({ length: int(r, 12) }, row),
  });
  const profile = r() < 0.7 ? pick(r, ['national', 'hubei', 'liaoning', undefined]) : { base: pick(r, ['national', 'liaoning', 'x']), name: maybe('本市口径'), scoreDecimals: maybe(2), executionCaps: r() < 0.5 ? [{ rateBelow: maybe(0.5), maxTotal: maybe(59) }] : v() };
  const doc: Record<string, unknown> = { ...(profile !== undefined ? { profile } : {}), forms: Array.from({ length: 1 + int(r, 3) }, form) };
  let text = JSON.stringify(doc);
  if (r() < 0.1) {
    const at = int(r, text.length);
    text = text.slice(0, at) + pick(r, ['', '{', ']', '"', ',', '\u0000']) + text.slice(at + int(r, 5));
  }
  return { id: `json:${seed}`, kind: 'json', bytes: Buffer.from(text), child: false };
}
