import type { CellValue } from '../../sheet/grid';
import { columnLetters } from '../../sheet/grid';
import { XlsxWriteError } from './errors';
import { readPart as read } from './package';
import { ZipPackage } from './zip';

/**
 * Adds a worksheet of plain values (e.g. 汇总明细) to an existing package without touching any
 * other part than workbook.xml, its relationships and the content types. Text goes in as inline
 * strings, so the shared-string table is left as it is. A sheet of the same name is replaced
 * (the roll-up re-run replaces its own detail sheet).
 */
export interface NewSheet {
  name: string;
  rows: CellValue[][];
  /** Column widths in characters, from column A. */
  widths?: number[];
  /** Rows frozen at the top (the header). */
  freezeRows?: number;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const OFFICE_DOC_REL = `${REL_NS}/officeDocument`;
const WORKSHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

export async function addSheetToXlsx(bytes: Buffer, sheet: NewSheet): Promise<Buffer> {
  const name = validSheetName(sheet.name);
  const zip = ZipPackage.open(bytes);
  const rootRels = read(zip, '_rels/.rels');
  const wbTarget = rootRels ? relationships(rootRels).find((r) => r.type === OFFICE_DOC_REL)?.target : null;
  const wbPath = wbTarget ? wbTarget.replace(/^\//, '') : 'xl/workbook.xml';
  const wbXml = read(zip, wbPath);
  if (wbXml === null) throw new XlsxWriteError('invalid-plan', '工作簿结构不完整（缺少 workbook.xml），无法添加工作表。');
  if (!wbXml.includes(MAIN_NS)) throw new XlsxWriteError('invalid-plan', '工作簿为 Strict Open XML 格式，暂不支持添加工作表；请在 Excel 中另存为普通 .xlsx 后重试。');
  const dir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${wbPath.slice(dir.length)}.rels`;
  const relsXml = (read(zip, relsPath)) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"></Relationships>`;
  const rels = relationships(relsXml);
  const sheetXml = worksheetXml(sheet);

  const existing = sheetEntries(wbXml).find((s) => s.name === name);
  if (existing) {
    const rel = rels.find((r) => r.id === existing.rid);
    if (rel) {
      zip.set(resolve(dir, rel.target), sheetXml);
      return zip.toBuffer();
    }
  }

  let n = 1;
  const taken = new Set(zip.names().map((f) => f.toLowerCase()));
  while (taken.has(`${dir}worksheets/sheet${n}.xml`.toLowerCase())) n++;
  const partPath = `${dir}worksheets/sheet${n}.xml`;
  zip.set(partPath, sheetXml);

  let rid = 1;
  const ids = new Set(rels.map((r) => r.id));
  while (ids.has(`rId${rid}`)) rid++;
  const relId = `rId${rid}`;
  const rel = `<Relationship Id="${relId}" Type="${WORKSHEET_REL}" Target="worksheets/sheet${n}.xml"/>`;
  zip.set(relsPath, relsXml.replace(/<\/(\w+:)?Relationships>\s*$/, (m) => `${rel}${m}`));

  const sheetIds = sheetEntries(wbXml).map((s) => s.sheetId);
  const sheetId = Math.max(0, ...sheetIds) + 1;
  const rPrefix = prefixOf(wbXml, REL_NS);
  const idAttr = rPrefix ? `${rPrefix}:id="${relId}"` : `xmlns:jxr="${REL_NS}" jxr:id="${relId}"`;
  const mainPrefix = prefixOf(wbXml, MAIN_NS);
  const p = mainPrefix ? `${mainPrefix}:` : '';
  const closeSheets = new RegExp(`</${p}sheets>`);
  if (!closeSheets.test(wbXml)) throw new XlsxWriteError('invalid-plan', '工作簿结构不完整（缺少工作表列表），无法添加工作表。');
  zip.set(wbPath, wbXml.replace(closeSheets, `<${p}sheet name="${escapeXml(name)}" sheetId="${sheetId}" ${idAttr}/></${p}sheets>`));

  const types = read(zip, '[Content_Types].xml');
  if (types === null) throw new XlsxWriteError('invalid-plan', '工作簿结构不完整（缺少 [Content_Types].xml），无法添加工作表。');
  zip.set('[Content_Types].xml', types.replace(/<\/Types>\s*$/, `<Override PartName="/${partPath}" ContentType="${WORKSHEET_CT}"/></Types>`));
  return zip.toBuffer();
}

function resolve(dir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `${dir}${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : null;
}

function relationships(xml: string): { id: string; type: string; target: string }[] {
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => ({ id: attr(m[0], 'Id') ?? '', type: attr(m[0], 'Type') ?? '', target: attr(m[0], 'Target') ?? '' }));
}

function sheetEntries(wbXml: string): { name: string; sheetId: number; rid: string | null }[] {
  return [...wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => {
    const rid = /\s[\w]+:id\s*=\s*"([^"]*)"/.exec(m[0]);
    return { name: attr(m[0], 'name') ?? '', sheetId: Number(attr(m[0], 'sheetId') ?? 0) || 0, rid: rid ? rid[1] : null };
  });
}

function prefixOf(xml: string, ns: string): string | null {
  const root = /<(?:\w+:)?workbook\b[^>]*>/.exec(xml)?.[0] ?? '';
  for (const m of root.matchAll(/\sxmlns(?::(\w+))?\s*=\s*"([^"]*)"/g)) if (m[2] === ns) return m[1] ?? '';
  return null;
}

/** Excel's rules for a sheet name: 1–31 characters, none of : \ / ? * [ ]. */
function validSheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean || 'Sheet';
}

function escapeXml(s: string): string {
  return s
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function worksheetXml(sheet: NewSheet): string {
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`];
  const freeze = sheet.freezeRows ?? 0;
  if (freeze > 0) {
    out.push(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="${freeze}" topLeftCell="A${freeze + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`);
  }
  if (sheet.widths?.length) {
    out.push('<cols>');
    sheet.widths.forEach((w, i) => out.push(`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`));
    out.push('</cols>');
  }
  out.push('<sheetData>');
  sheet.rows.forEach((row, r) => {
    const cells: string[] = [];
    row.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      const ref = `${columnLetters(c + 1)}${r + 1}`;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) cells.push(`<c r="${ref}"><v>${v}</v></c>`);
      } else if (typeof v === 'boolean') cells.push(`<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`);
      else cells.push(`<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(v).slice(0, 32767))}</t></is></c>`);
    });
    if (cells.length) out.push(`<row r="${r + 1}">${cells.join('')}</row>`);
  });
  out.push('</sheetData></worksheet>');
  return out.join('');
}
