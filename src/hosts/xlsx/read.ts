import { promises as fs } from 'fs';
import * as path from 'path';
import type { PriorWrites, SheetGrid, WorkbookGrid } from '../../sheet/grid';
import { readCellFormats, readSharedStrings, usesDate1904 } from './book-parts';
import { XlsxReadError } from './errors';
import { NS, REL, entry, parseRelationships, relsPathFor, resolveSheets, workbookPartPath, type SheetPart } from './package';
import { PartReader, READ_LIMITS, type ReadLimits } from './part-reader';
import { readSheetXml, type SheetReadContext } from './sheet-read';
import { findElement, prefixFor } from './xml';
import { readState } from './state-part';
import { ZipPackage } from './zip';

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
    /** The package as opened for reading, kept so writing does not open it again (never modified). */
    zip?: ZipPackage;
  };
  /** Things worth telling the user that did not stop the read (Chinese), e.g. a damaged state record. */
  notes: string[];
}

export interface ReadXlsxOptions {
  /** Name used in messages when `input` is a buffer (default: 工作簿). */
  name?: string;
  /** Size caps (defaults: READ_LIMITS). */
  limits?: Partial<ReadLimits>;
  /**
   * Told of each sheet as soon as it is read, in workbook order, with the record of earlier writes:
   * a caller may score it and let its cell values go before the next sheet is read.
   */
  onSheet?: (sheet: SheetGrid, prior: PriorWrites) => void;
}

export async function readXlsxWorkbook(input: string | Buffer, opts: ReadXlsxOptions = {}): Promise<XlsxBook> {
  const filePath = typeof input === 'string' ? path.resolve(input) : undefined;
  const name = typeof input === 'string' ? path.basename(input) : (opts.name ?? '工作簿');
  const bytes = typeof input === 'string' ? await readFileBytes(input, name) : input;
  sniff(bytes, name);
  const limits: ReadLimits = { ...READ_LIMITS, ...opts.limits };

  let zip: ZipPackage;
  try {
    zip = ZipPackage.open(bytes);
  } catch (err) {
    throw new XlsxReadError('not-xlsx', name, '文件已损坏或不完整（无法解压），不是有效的 .xlsx 工作簿', { cause: err });
  }
  const parts = new PartReader(zip, name, limits);
  const wbPath = checkPackage(parts, name);
  const wbXml = parts.required(wbPath, '工作簿部件');
  const relsXml = parts.text(relsPathFor(wbPath));
  if (relsXml === null) {
    // Without its relationships a workbook part lists sheets nobody can find (Excel calls the file damaged too).
    const stray = wbPath !== 'xl/workbook.xml' && entry(zip, 'xl/_rels/workbook.xml.rels') ? '（压缩包里的 xl/_rels/workbook.xml.rels 属于 xl/workbook.xml，不属于它）' : '';
    throw new XlsxReadError('unreadable', name, `工作簿部件 ${wbPath} 的关系部件 ${relsPathFor(wbPath)} 缺失${stray}，找不到其中的工作表，文件已损坏；请在 Excel 中打开并另存后再试`);
  }
  const rels = parseRelationships(relsXml, wbPath);
  const sharedPath = rels.find((r) => r.type === REL.sharedStrings && r.path)?.path;
  const stylesPath = rels.find((r) => r.type === REL.styles && r.path)?.path;
  const sharedXml = sharedPath ? parts.text(sharedPath) : null;
  const sharedStrings = sharedXml ? parts.parse(sharedPath!, () => readSharedStrings(sharedXml)) : [];
  const stylesXml = stylesPath ? parts.text(stylesPath) : null;
  // Writing patches these roots: a part without one is damaged (Excel refuses it too), said now, not at the write.
  requireRoot(parts, wbPath, wbXml, 'workbook', name);
  if (stylesPath && stylesXml !== null) requireRoot(parts, stylesPath, stylesXml, 'styleSheet', name);
  const formats = parts.parse(stylesPath ?? 'styles', () => readCellFormats(stylesXml));
  const date1904 = usesDate1904(wbXml);

  // The record first: whoever takes the sheets as they are read needs it to tell a person's entries.
  const state = readState(zip);
  const notes: string[] = [];
  const sheets: SheetGrid[] = [];
  const seen = new Set<string>();
  for (const sheet of resolveSheets(wbXml, rels)) {
    if (seen.has(sheet.name)) throw new XlsxReadError('unreadable', name, `工作簿中有两个同名工作表“${sheet.name}”，文件已损坏`);
    seen.add(sheet.name);
    sheets.push(
      readSheet(parts, sheet, {
        sharedStrings,
        formats,
        date1904,
        limits,
        fail: (reason, code = 'unreadable') => new XlsxReadError(code, name, `工作表“${sheet.name}”（${sheet.path}）：${reason}`),
        note: (text) => notes.push(`工作表“${sheet.name}”：${text}`),
      }),
    );
    opts.onSheet?.(sheets[sheets.length - 1], state.prior);
  }
  return {
    grid: { sheets, prior: state.prior },
    source: { path: filePath, name, bytes, zip },
    notes: [...notes, ...state.problems],
  };
}

/**
 * One sheet's XML at a time, in its own function so the text (hundreds of MB for a big sheet) is let
 * go once its grid is built, not held by the caller's frame while the rest of the workbook is read.
 */
function readSheet(parts: PartReader, sheet: SheetPart, ctx: SheetReadContext): SheetGrid {
  const xml = parts.required(sheet.path, `工作表“${sheet.name}”的部件`);
  return parts.parse(sheet.path, () => readSheetXml(xml, sheet.name, ctx));
}

function requireRoot(parts: PartReader, partPath: string, xml: string, root: string, name: string): void {
  const el = parts.parse(partPath, () => findElement(xml, `${prefixFor(xml, NS.main) ?? ''}${root}`));
  if (!el || el.selfClosing) {
    throw new XlsxReadError('unreadable', name, `部件 ${partPath} 已损坏（缺少完整的 <${root}> 根元素），无法处理；请在 Excel 中打开并另存后再试`);
  }
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

function checkPackage(parts: PartReader, name: string): string {
  const zip = parts.zip;
  const wbPath = workbookPartPath(zip);
  if (!wbPath) {
    const mimetype = parts.text('mimetype') ?? '';
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
  if (!entry(zip, '[Content_Types].xml')) {
    throw new XlsxReadError('unreadable', name, '压缩包缺少 [Content_Types].xml（内容类型清单），文件已损坏；请在 Excel 中打开并另存后再试');
  }
  const wbXml = parts.text(wbPath) ?? '';
  if (wbXml.slice(0, 2000).includes(NS.strictMain)) {
    throw new XlsxReadError('unreadable', name, '这是“Strict Open XML 电子表格”格式，请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”后再试');
  }
  return wbPath;
}
