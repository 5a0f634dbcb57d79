import * as fs from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import { makeBatch, ROWS_PER_FORM } from './xlsx';

/**
 * Large workbooks for the scaling benchmark, made from a few forms built like bench/xlsx.ts (by
 * ExcelJS) and copied textually: 'one' stacks every form in one sheet (two blank rows apart),
 * 'many' puts one form per sheet. Cached in `dir`, since a 500k-row file takes a while to build.
 */

export type Layout = 'one' | 'many';

const VARIANTS = 8;
const GAP = 2;

interface Template {
  head: string;
  rows: string;
  /** Rows one form occupies. */
  height: number;
  merges: string[];
  tail: string;
}

function splitSheet(xml: string): Template {
  const open = xml.indexOf('<sheetData>');
  const close = xml.indexOf('</sheetData>');
  const rows = xml.slice(open + '<sheetData>'.length, close);
  const height = Math.max(...[...rows.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1])));
  const merges = [...xml.matchAll(/<mergeCell ref="([^"]+)"\/>/g)].map((m) => m[1]);
  const after = xml.slice(close + '</sheetData>'.length).replace(/<mergeCells[^>]*>[\s\S]*?<\/mergeCells>/, '\u0000');
  return { head: xml.slice(0, open).replace(/<dimension ref="[^"]*"\/>/, ''), rows, height, merges, tail: after };
}

const shiftRef = (ref: string, by: number) => ref.replace(/([A-Z]+)(\d+)/g, (_m, c: string, r: string) => `${c}${Number(r) + by}`);

function shiftedRows(rows: string, by: number): string {
  if (by === 0) return rows;
  return rows.replace(/<row r="(\d+)"/g, (_m, r: string) => `<row r="${Number(r) + by}"`).replace(/<c r="([A-Z]+)(\d+)"/g, (_m, c: string, r: string) => `<c r="${c}${Number(r) + by}"`);
}

function mergeXml(refs: string[]): string {
  return refs.length ? `<mergeCells count="${refs.length}">${refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>` : '';
}

export async function scaleWorkbook(dir: string, layout: Layout, indicatorRows: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${layout}-${indicatorRows}.xlsx`);
  if (fs.existsSync(file)) return file;
  const forms = Math.max(1, Math.round(indicatorRows / ROWS_PER_FORM));
  const [seed] = await makeBatch(path.join(dir, 'seed'), 1, VARIANTS, false);
  const zip = await JSZip.loadAsync(fs.readFileSync(seed));
  const templates: Template[] = [];
  for (let v = 1; v <= VARIANTS; v++) templates.push(splitSheet(await zip.file(`xl/worksheets/sheet${v}.xml`)!.async('string')));

  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const typesXml = await zip.file('[Content_Types].xml')!.async('string');
  for (let v = 1; v <= VARIANTS; v++) zip.remove(`xl/worksheets/sheet${v}.xml`);
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
  const wsRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
  const otherRels = relsXml.replace(/<Relationship [^>]*worksheets\/sheet\d+\.xml"\/>/g, '');
  const otherTypes = typesXml.replace(/<Override PartName="\/xl\/worksheets\/sheet\d+\.xml"[^>]*\/>/g, '');

  const sheetCount = layout === 'one' ? 1 : forms;
  if (layout === 'one') {
    const t = templates[0];
    const parts: string[] = [t.head, '<sheetData>'];
    const merges: string[] = [];
    for (let f = 0; f < forms; f++) {
      const tv = templates[f % VARIANTS];
      const by = f * (t.height + GAP);
      parts.push(shiftedRows(tv.rows, by));
      for (const m of tv.merges) merges.push(shiftRef(m, by));
    }
    parts.push('</sheetData>', t.tail.replace('\u0000', mergeXml(merges)));
    zip.file('xl/worksheets/sheet1.xml', parts.join(''));
  } else {
    for (let f = 0; f < forms; f++) {
      const t = templates[f % VARIANTS];
      zip.file(`xl/worksheets/sheet${f + 1}.xml`, `${t.head}<sheetData>${t.rows}</sheetData>${t.tail.replace('\u0000', mergeXml(t.merges))}`);
    }
  }
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<sheet name="项目${i + 1}" sheetId="${i + 1}" r:id="rIdS${i + 1}"/>`).join('');
  zip.file('xl/workbook.xml', wbXml.replace(/<sheets>[\s\S]*<\/sheets>/, `<sheets>${sheets}</sheets>`).replace(/<definedNames>[\s\S]*<\/definedNames>/, ''));
  const rels = Array.from({ length: sheetCount }, (_, i) => `<Relationship Id="rIdS${i + 1}" Type="${wsRel}" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  zip.file('xl/_rels/workbook.xml.rels', otherRels.replace('</Relationships>', `${rels}</Relationships>`));
  const types = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`).join('');
  zip.file('[Content_Types].xml', otherTypes.replace('</Types>', `${types}</Types>`));
  const tmp = `${file}.tmp`;
  await new Promise<void>((resolve, reject) => {
    zip
      .generateNodeStream({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, streamFiles: true })
      .pipe(fs.createWriteStream(tmp))
      .on('finish', resolve)
      .on('error', reject);
  });
  fs.renameSync(tmp, file);
  return file;
}
