import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures');

export function fixtureWorkbooks(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.xlsx'))
    .sort();
}

export function tempDir(prefix = 'jixiao-xlsx-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Uncompressed bytes of every file entry in a zip. */
export async function zipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (!file.dir) out.set(name, await file.async('nodebuffer'));
  }
  return out;
}

export interface CellSnapshot {
  value: string;
  note: string;
  formula: string | null;
  style: string;
  numFmt: string | null;
}

export interface SheetSnapshot {
  name: string;
  cells: Map<string, CellSnapshot>;
  rows: Map<number, string>;
  merges: string[];
  columns: string;
  dataValidations: string;
  conditionalFormattings: string;
  images: string;
  views: string;
  pageSetup: string;
}

export interface BookSnapshot {
  sheets: SheetSnapshot[];
  definedNames: string;
}

/** What a person would see of a workbook, through an independent reader (ExcelJS), for comparison. */
export async function snapshot(bytes: Buffer): Promise<BookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheets = wb.worksheets.map((ws) => {
    const cells = new Map<string, CellSnapshot>();
    const rows = new Map<number, string>();
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      rows.set(r, JSON.stringify({ height: row.height, hidden: row.hidden, outline: row.outlineLevel }));
      row.eachCell({ includeEmpty: true }, (cell) => {
        const { numFmt, ...rest } = cell.style ?? {};
        // ExcelJS shows a merged area's value in every cell of it; the hidden cells hold none of their own.
        const slave = cell.isMerged && cell.master !== cell;
        cells.set(cell.address, {
          value: slave ? `merged into ${cell.master.address}` : JSON.stringify(unescapeStrings(cell.value ?? null)),
          note: JSON.stringify(cell.note ?? null),
          formula: typeof cell.formula === 'string' ? cell.formula : null,
          style: JSON.stringify(rest),
          numFmt: numFmt ?? null,
        });
      });
    });
    const model = ws.model as unknown as Record<string, unknown>;
    return {
      name: ws.name,
      cells,
      rows,
      merges: [...ws.model.merges].sort(),
      columns: JSON.stringify(model.cols ?? null),
      dataValidations: JSON.stringify(model.dataValidations ?? null),
      conditionalFormattings: JSON.stringify(model.conditionalFormattings ?? null),
      images: JSON.stringify(ws.getImages().map((i) => ({ tl: anchor(i.range.tl), br: anchor(i.range.br), ext: (i.range as { ext?: unknown }).ext ?? null, imageId: i.imageId }))),
      views: JSON.stringify(ws.views),
      pageSetup: JSON.stringify(ws.pageSetup),
    };
  });
  return { sheets, definedNames: JSON.stringify(wb.definedNames.model) };
}

function anchor(a: unknown): unknown {
  if (!a || typeof a !== 'object') return a ?? null;
  const x = a as Record<string, unknown>;
  return { col: x.nativeCol, colOff: x.nativeColOff, row: x.nativeRow, rowOff: x.nativeRowOff };
}

/** ExcelJS leaves SpreadsheetML's _xHHHH_ escapes in strings; Excel shows the characters. */
function unescapeStrings(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (Array.isArray(v)) return v.map(unescapeStrings);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescapeStrings(x)]));
  return v;
}

/** Every difference between two snapshots outside the cells in `skip` (keys 'Sheet!A1'). */
export function differences(before: BookSnapshot, after: BookSnapshot, skip: Set<string>): string[] {
  const out: string[] = [];
  if (before.definedNames !== after.definedNames) out.push('defined names differ');
  if (before.sheets.map((s) => s.name).join('|') !== after.sheets.map((s) => s.name).join('|')) out.push('sheet list differs');
  for (const b of before.sheets) {
    const a = after.sheets.find((s) => s.name === b.name);
    if (!a) continue;
    for (const key of ['merges', 'columns', 'dataValidations', 'conditionalFormattings', 'images', 'views', 'pageSetup'] as const) {
      const x = JSON.stringify(b[key]);
      const y = JSON.stringify(a[key]);
      if (x !== y) out.push(`${b.name}: ${key} differ`);
    }
    for (const [r, props] of b.rows) {
      if (a.rows.has(r) && a.rows.get(r) !== props) out.push(`${b.name}: row ${r} props differ`);
    }
    const addresses = new Set([...b.cells.keys(), ...a.cells.keys()]);
    for (const addr of addresses) {
      if (skip.has(`${b.name}!${addr}`)) continue;
      const x = b.cells.get(addr);
      const y = a.cells.get(addr);
      const empty = (c: CellSnapshot | undefined) => !c || (c.value === 'null' && c.style === '{}' && c.numFmt === null && c.note === 'null');
      if (empty(x) && empty(y)) continue;
      if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${b.name}!${addr}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
    }
  }
  return out.slice(0, 8);
}

/** A 4×4 red PNG, enough for an image anchored in a sheet. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==',
  'base64',
);
