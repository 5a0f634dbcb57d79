import { promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { a1, type CellValue, type MergeArea, type SheetGrid, type WorkbookGrid } from '../../sheet/grid';
import { formulaText, plainValue } from './cell-values';
import { XlsxReadError } from './errors';
import { NS, readPart, workbookPartPath, entry } from './package';
import { readState } from './state-part';

/** A workbook read from a file: the grid for src/sheet/, and what writing needs later. */
export interface XlsxBook {
  grid: WorkbookGrid;
  source: {
    /** Absolute path when read from a file. */
    path?: string;
    /** Name shown in messages. */
    name: string;
    /** The file exactly as read; writing patches these bytes. */
    bytes: Buffer;
  };
  /** Things worth telling the user that did not stop the read (Chinese), e.g. a damaged state record. */
  notes: string[];
}

export interface ReadXlsxOptions {
  /** Name used in messages when `input` is a buffer (default: 工作簿). */
  name?: string;
}

export async function readXlsxWorkbook(input: string | Buffer, opts: ReadXlsxOptions = {}): Promise<XlsxBook> {
  const filePath = typeof input === 'string' ? path.resolve(input) : undefined;
  const name = typeof input === 'string' ? path.basename(input) : (opts.name ?? '工作簿');
  const bytes = typeof input === 'string' ? await readFileBytes(input, name) : input;
  sniff(bytes, name);

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new XlsxReadError('not-xlsx', name, '文件已损坏或不完整（无法解压），不是有效的 .xlsx 工作簿', { cause: err });
  }
  await checkPackage(zip, name);

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new XlsxReadError('unreadable', name, `工作簿内容有损坏，无法解析（${detail}）`, { cause: err });
  }
  const sheets = workbook.worksheets.map(sheetGrid);
  const state = await readState(zip);
  return {
    grid: { sheets, prior: state.prior },
    source: { path: filePath, name, bytes },
    notes: state.problems,
  };
}

async function readFileBytes(file: string, name: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new XlsxReadError('not-found', name, '文件不存在，请检查路径', { cause: err });
    if (code === 'EISDIR') throw new XlsxReadError('unreadable', name, '这是一个文件夹，不是文件', { cause: err });
    if (code === 'EACCES' || code === 'EPERM') throw new XlsxReadError('unreadable', name, '没有读取这个文件的权限', { cause: err });
    if (code === 'EBUSY') throw new XlsxReadError('unreadable', name, '文件正被其他程序占用，请关闭后重试', { cause: err });
    throw new XlsxReadError('unreadable', name, `读取文件出错（${code ?? String(err)}）`, { cause: err });
  }
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Tells the common wrong files apart by their first bytes, before any parser sees them. */
function sniff(bytes: Buffer, name: string): void {
  if (bytes.length === 0) throw new XlsxReadError('not-xlsx', name, '文件是空的（0 字节），不是有效的 .xlsx 工作簿');
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    // Password-protected .xlsx files are OLE containers too, holding an EncryptedPackage stream.
    if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new XlsxReadError('encrypted', name, '工作簿设置了打开密码（已加密），请在 Excel 中取消密码后再试');
    }
    throw new XlsxReadError('not-xlsx', name, '这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中“另存为” .xlsx 格式后再试');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return;
  if (looksLikeText(bytes)) {
    throw new XlsxReadError('not-xlsx', name, '不是有效的 .xlsx 工作簿（可能是改了扩展名的文本文件）');
  }
  throw new XlsxReadError('not-xlsx', name, '不是有效的 .xlsx 工作簿（文件内容不是 Excel 格式）');
}

function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return false;
  // A cut multi-byte sequence at the end of the sample is fine; invalid bytes elsewhere are not.
  const text = head.toString('utf8');
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad <= 3;
}

async function checkPackage(zip: JSZip, name: string): Promise<void> {
  const wbPath = await workbookPartPath(zip);
  if (!wbPath) {
    const mimetype = (await readPart(zip, 'mimetype')) ?? '';
    if (mimetype.includes('opendocument.spreadsheet')) {
      throw new XlsxReadError('not-xlsx', name, '这是 OpenDocument 表格（.ods），请另存为 .xlsx 格式后再试');
    }
    if (entry(zip, 'word/document.xml')) throw new XlsxReadError('not-xlsx', name, '这是 Word 文档，不是 Excel 工作簿');
    if (entry(zip, 'ppt/presentation.xml')) throw new XlsxReadError('not-xlsx', name, '这是 PowerPoint 文件，不是 Excel 工作簿');
    throw new XlsxReadError('not-xlsx', name, '压缩包中没有 Excel 工作簿，不是有效的 .xlsx 文件');
  }
  if (/\.bin$/i.test(wbPath)) {
    throw new XlsxReadError('not-xlsx', name, '这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 格式后再试');
  }
  const wbXml = (await readPart(zip, wbPath)) ?? '';
  if (wbXml.slice(0, 2000).includes(NS.strictMain)) {
    throw new XlsxReadError('unreadable', name, '这是“Strict Open XML 电子表格”格式，请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”后再试');
  }
}

function sheetGrid(ws: ExcelJS.Worksheet): SheetGrid {
  const cells: { row: number; col: number; cell: ExcelJS.Cell }[] = [];
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    // includeEmpty also yields styled empty cells, whose number format the planner may want.
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (cell.isMerged && cell.master !== cell) return;
      cells.push({ row: r, col: c, cell });
      // A formula without a cached result is still content (the used range must show it).
      if (plainValue(cell.value) === null && cell.type !== ExcelJS.ValueType.Formula) return;
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    });
  });
  const merges = mergesOf(ws);
  if (bottom === 0) return { name: ws.name, originRow: 1, originCol: 1, values: [], formats: [], formulas: {}, merges };

  const height = bottom - top + 1;
  const width = right - left + 1;
  const values: CellValue[][] = Array.from({ length: height }, () => new Array<CellValue>(width).fill(null));
  const formats: (string | null)[][] = Array.from({ length: height }, () => new Array<string | null>(width).fill(null));
  const formulas: Record<string, string> = {};
  for (const { row, col, cell } of cells) {
    if (row < top || row > bottom || col < left || col > right) continue;
    values[row - top][col - left] = plainValue(cell.value);
    const fmt = cell.numFmt;
    formats[row - top][col - left] = typeof fmt === 'string' && fmt !== '' ? fmt : 'General';
    const f = formulaText(cell);
    if (f !== null) formulas[a1(row, col)] = f;
  }
  return { name: ws.name, originRow: top, originCol: left, values, formats, formulas, merges };
}

interface RangeLike {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** ExcelJS keeps merges in a private map; building ws.model instead would copy every row of a big sheet. */
function mergesOf(ws: ExcelJS.Worksheet): MergeArea[] {
  const internal = (ws as unknown as { _merges?: Record<string, RangeLike> })._merges;
  const ranges: RangeLike[] =
    internal && typeof internal === 'object' ? Object.values(internal) : ws.model.merges.map((ref) => rangeOf(ref)).filter((r): r is RangeLike => r !== null);
  return ranges
    .filter((r) => [r.top, r.left, r.bottom, r.right].every(Number.isInteger))
    .map((r) => ({ top: r.top, left: r.left, bottom: r.bottom, right: r.right }))
    .sort((a, b) => a.top - b.top || a.left - b.left);
}

function rangeOf(ref: string): RangeLike | null {
  const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/i.exec(ref);
  if (!m) return null;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: col(m[1]), bottom: Number(m[4]), right: col(m[3]) };
}
