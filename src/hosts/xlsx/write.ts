import { promises as fs } from 'fs';
import * as path from 'path';
import { once } from 'events';
import * as zlib from 'zlib';
import { MAX_COLS, MAX_ROWS, a1, priorKey } from '../../sheet/a1';
import { canonicalCellText, type CellWrite, type KeptCell, type PriorWrites, type SheetGrid, type WorkbookGrid, type WritePlan } from '../../sheet/grid';
import { writeFileAtomic } from './atomic-file';
import { XlsxWriteError } from './errors';
import {
  CONTENT_TYPE,
  REL,
  addRelationship,
  parseRelationships,
  readPart,
  relsPathFor,
  removeOverride,
  partName,
  removeRelationship,
  resolveSheets,
  setOverride,
  workbookPartPath,
  type SheetPart,
} from './package';
import type { XlsxBook } from './read';
import { PartReader, READ_LIMITS } from './part-reader';
import { patchSheetParts, type CellPatch, type KeptFormula, type StyleChooser } from './sheet-patch';
import { writeState, relativeTarget } from './state-part';
import { StylesPatcher, minimalStylesXml } from './styles-patch';
import { removeFromCalcChain, setFullCalcOnLoad } from './workbook-patch';
import { DEFLATE_LEVEL, ZipPackage, deflateContent, type DeflatedContent } from './zip';

export interface XlsxWriteTarget {
  path: string;
  /** Replace the file the book was read from (atomically). Otherwise `path` must be another file. */
  inPlace?: boolean;
}

/**
 * A patched part larger than this (characters) is deflated as it is encoded, never joined into one
 * string; a smaller one is joined and deflated at once (quicker, and its text is small).
 */
const STREAM_ABOVE = 1024 * 1024;
const CHUNK = 1 << 20;

/** The pieces as UTF-8 chunks of about 1 MB. */
function* utf8Chunks(pieces: Iterable<string>): Generator<Buffer> {
  let batch: string[] = [];
  let size = 0;
  // The pieces are produced as they are taken, so the patched sheet is never whole in memory.
  for (let piece of pieces) {
    while (piece.length > 0) {
      let take = Math.min(piece.length, CHUNK - size);
      // Never split a surrogate pair (it would not be valid UTF-8 on either side).
      const last = piece.charCodeAt(take - 1);
      if (take > 1 && take < piece.length && last >= 0xd800 && last <= 0xdbff) take--;
      batch.push(piece.slice(0, take));
      size += take;
      piece = piece.slice(take);
      if (size >= CHUNK - 1) {
        yield Buffer.from(batch.join(''), 'utf8');
        batch = [];
        size = 0;
      }
    }
  }
  if (batch.length) yield Buffer.from(batch.join(''), 'utf8');
}

/**
 * Feeds the pieces to a deflater on zlib's thread pool. Resolves once every piece has been produced
 * and handed over, with the promise of the compressed part, so the caller can go on while the last
 * chunks are deflated.
 */
async function feedDeflater(pieces: Iterable<string>): Promise<{ deflated: Promise<DeflatedContent> }> {
  const deflate = zlib.createDeflateRaw({ level: DEFLATE_LEVEL });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  for (const chunk of utf8Chunks(pieces)) {
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
    deflate.write(chunk);
    // A few chunks may wait, so the patcher goes on while zlib's thread deflates; more, and it waits.
    if (deflate.writableLength > 4 * CHUNK) await once(deflate, 'drain');
  }
  deflate.end();
  return { deflated: done.then(() => ({ data: Buffer.concat(out), crc, size })) };
}

const MAX_TEXT = 32767;

/**
 * Applies the plan to the workbook and saves it. The plan is checked completely before anything
 * touches the disk; the target is written through a temporary file and a rename.
 */
export interface XlsxWriteResult {
  /** Planned writes not made because the cell holds a person's formula; reported like typed entries. */
  kept: KeptCell[];
}

export async function writeXlsxWorkbook(book: XlsxBook, plan: WritePlan, target: XlsxWriteTarget): Promise<XlsxWriteResult> {
  const targetPath = path.resolve(target.path);
  const name = path.basename(targetPath);
  const sourcePath = book.source.path;
  if (target.inPlace) {
    if (!sourcePath || !(await sameFile(sourcePath, targetPath))) {
      throw new XlsxWriteError('invalid-plan', `原地保存只能写回读取时的文件（“${book.source.name}”），不能写到 “${name}”。`);
    }
    const onDisk = await fs.readFile(targetPath).catch(() => null);
    if (!onDisk || !onDisk.equals(book.source.bytes)) {
      throw new XlsxWriteError('source-changed', `“${name}” 在读取之后被修改过（或已被移走），为避免覆盖别人的改动，未写入。请重新运行。`);
    }
  } else if (sourcePath && (await sameFile(sourcePath, targetPath))) {
    throw new XlsxWriteError('invalid-plan', `输出文件 “${name}” 就是原文件；要覆盖原文件请使用原地保存（--in-place）。`);
  }
  const { bytes, kept } = await applyPlanWithReport(book.source.zip ?? book.source.bytes, plan, book.grid);
  await writeFileAtomic(targetPath, bytes, target.inPlace ? { replace: { expect: book.source.bytes } } : {});
  return { kept };
}

/** The workbook bytes with the plan applied; every zip entry the plan does not concern is copied as is. */
export async function applyPlanToXlsx(original: Buffer | ZipPackage, plan: WritePlan): Promise<Buffer> {
  return (await applyPlanWithReport(original, plan)).bytes;
}

/** `original` as opened for reading is left as it was: the plan is applied to a copy. */
export async function applyPlanWithReport(original: Buffer | ZipPackage, plan: WritePlan, grid?: WorkbookGrid): Promise<{ bytes: Buffer; kept: KeptCell[] }> {
  const zip = Buffer.isBuffer(original) ? ZipPackage.open(original) : original.clone();
  const parts = new PartReader(zip, '工作簿', READ_LIMITS);
  const keptCells: KeptCell[] = [];
  const wbPath = workbookPartPath(zip);
  const wbXml = wbPath ? readPart(zip, wbPath) : null;
  if (!wbPath || wbXml === null) throw new XlsxWriteError('invalid-plan', '工作簿结构不完整（缺少 workbook.xml），无法写入。');
  const wbRelsPath = relsPathFor(wbPath);
  const wbRelsXml = readPart(zip, wbRelsPath) ?? '';
  const rels = parseRelationships(wbRelsXml, wbPath);
  const sheets = resolveSheets(wbXml, rels);
  const bySheet = groupWrites(plan.writes, sheets);
  refuseIgnoredCells(plan.writes, grid);

  let deflating: Promise<void> | null = null;
  if (bySheet.size > 0) {
    const styles = openStyles(zip, rels);
    const chooseStyle = (current: number, fmt: string | undefined) => (fmt === undefined ? current : styles.patcher.withNumberFormat(current, fmt));
    for (const [sheet, writes] of bySheet) {
      const { kept, stored } = await patchSheet(zip, parts, sheet, writes, chooseStyle);
      // One big part at a time is being deflated while the next is patched (its chunks are held till then).
      if (stored) {
        await deflating;
        deflating = stored;
      }
      // The sheet's grid is looked for only when a formula was kept: a workbook may have 20,000 sheets.
      if (kept.length > 0) keptCells.push(...keptWrites(sheet.name, writes, kept, grid?.sheets.find((g) => g.name === sheet.name)));
    }
    if (styles.patcher.changed) saveStyles(zip, wbPath, styles);

    const calcXml = setFullCalcOnLoad(wbXml);
    if (calcXml !== wbXml) zip.set(wbPath, calcXml);
    dropFromCalcChain(zip, wbPath, rels, bySheet);
  }
  writeState(zip, wbPath, withoutKept(plan.prior, keptCells));
  await deflating;
  const bytes = zip.toBuffer();
  return { bytes, kept: keptCells };
}

/**
 * One sheet part patched and compressed into the working copy. Its own function so the sheet's text
 * (hundreds of MB for a big sheet) is let go when it is compressed, not held by the caller's frame
 * until the workbook is saved. A big part is still being deflated when this returns: `stored` settles
 * once it is in the package (its kept formulas are all known already).
 */
async function patchSheet(
  zip: ZipPackage,
  parts: PartReader,
  sheet: SheetPart,
  writes: CellWrite[],
  chooseStyle: StyleChooser,
): Promise<{ kept: KeptFormula[]; stored?: Promise<void> }> {
  const xml = parts.text(sheet.path);
  if (xml === null) throw new XlsxWriteError('invalid-plan', `工作表“${sheet.name}”的文件缺失，无法写入。`);
  // A write is a patch (row, col, value, numberFormat, replacesFormula), copied only when it carries
  // a formula, which a file is not written with (and which must not let a cell's formula be replaced).
  const patches: CellPatch[] = writes.map((w) => (w.formula === undefined ? w : { row: w.row, col: w.col, value: w.value, numberFormat: w.numberFormat, replacesFormula: w.replacesFormula }));
  const kept: KeptFormula[] = [];
  const patched = patchSheetParts(xml, sheet.name, patches, chooseStyle, kept);
  const name = partName(zip, sheet.path);
  // Compressed now, not held as text until the save: a workbook may have thousands of sheets. A part
  // the writes leave as it was (a re-run over its own values) keeps its bytes.
  if (xml.length > STREAM_ABOVE) {
    const seen = { same: true };
    const { deflated } = await feedDeflater(comparedWith(xml, patched, seen));
    const stored = deflated.then((content) => (seen.same ? undefined : zip.set(name, content)));
    // Awaited before the save; if the write fails before then, its failure is the one to report.
    stored.catch(() => undefined);
    return { kept, stored };
  }
  const text = [...patched].join('');
  if (text !== xml) zip.set(name, deflateContent(Buffer.from(text, 'utf8')));
  return { kept };
}

/** Passes the pieces on, noting whether together they are `original` exactly. */
function* comparedWith(original: string, pieces: Iterable<string>, seen: { same: boolean }): Generator<string> {
  let at = 0;
  for (const piece of pieces) {
    if (seen.same && !original.startsWith(piece, at)) seen.same = false;
    at += piece.length;
    yield piece;
  }
  if (at !== original.length) seen.same = false;
}

function keptWrites(sheet: string, writes: CellWrite[], kept: KeptFormula[], grid: SheetGrid | undefined): KeptCell[] {
  const byCell = new Map(writes.map((w) => [`${w.row},${w.col}`, w]));
  return kept.map((k) => {
    const w = byCell.get(`${k.row},${k.col}`)!;
    const address = a1(k.row, k.col);
    // A shared formula's cell has no text of its own; the grid has it translated.
    const formula = k.formula || grid?.formulas?.[address] || '';
    return { sheet, address, kind: w.kind, current: `=${formula}`, ruleValue: w.value === null ? null : canonicalCellText(w.value) };
  });
}

/** The record must not claim a value the product did not write. */
function withoutKept(prior: PriorWrites, kept: KeptCell[]): PriorWrites {
  if (kept.length === 0) return prior;
  const out = { ...prior };
  for (const k of kept) delete out[priorKey(k.sheet, k.address)];
  return out;
}

/** Checks every write and groups them by worksheet part. */
function groupWrites(writes: CellWrite[], sheets: SheetPart[]): Map<SheetPart, CellWrite[]> {
  const out = new Map<SheetPart, CellWrite[]>();
  const byName = new Map<string, SheetPart>();
  // Exact names first; a name differing only in case is the same sheet to Excel.
  for (const s of [...sheets].reverse()) byName.set(s.name.toLowerCase(), s);
  for (const s of [...sheets].reverse()) byName.set(s.name, s);
  for (const w of writes) {
    const where = `“${w.sheet}”!${w.address}`;
    const sheet = byName.get(w.sheet) ?? byName.get(String(w.sheet).toLowerCase());
    if (!sheet) throw planError(`工作簿中没有工作表“${w.sheet}”（写入 ${w.address}）`);
    if (!Number.isInteger(w.row) || !Number.isInteger(w.col) || w.row < 1 || w.col < 1 || w.row > MAX_ROWS || w.col > MAX_COLS) {
      throw planError(`${where} 的行列号无效（${w.row}, ${w.col}）`);
    }
    const address = a1(w.row, w.col);
    if (w.address !== address && String(w.address).replace(/\$/g, '').toUpperCase() !== address) {
      throw planError(`${where} 与行列号（${w.row}, ${w.col}）不一致`);
    }
    const v = w.value;
    if (typeof v === 'number' && !Number.isFinite(v)) throw planError(`${where} 的数值无效（${v}）`);
    if (typeof v === 'string' && v.length > MAX_TEXT) throw planError(`${where} 的文本超过 Excel 单元格上限 ${MAX_TEXT} 个字符`);
    if (v !== null && typeof v !== 'number' && typeof v !== 'string') throw planError(`${where} 的值类型无效`);
    if (w.numberFormat !== undefined && (typeof w.numberFormat !== 'string' || w.numberFormat === '')) {
      throw planError(`${where} 的数字格式无效`);
    }
    const list = out.get(sheet) ?? [];
    list.push(w);
    out.set(sheet, list);
  }
  return out;
}

/** A cell the reader left out (far from the form) holds content nobody scored: never write over it. */
function refuseIgnoredCells(writes: CellWrite[], grid: WorkbookGrid | undefined): void {
  for (const sheet of grid?.sheets ?? []) {
    if (!sheet.ignoredCells?.length) continue;
    const ignored = new Set(sheet.ignoredCells);
    const hit = writes.find((w) => w.sheet === sheet.name && ignored.has(a1(w.row, w.col)));
    if (hit) throw planError(`“${sheet.name}”!${hit.address} 远离表格、读取时已忽略，不能写入`);
  }
}

function planError(what: string): XlsxWriteError {
  return new XlsxWriteError('invalid-plan', `写入计划有误：${what}。未写入任何内容。`);
}

interface OpenStyles {
  patcher: StylesPatcher;
  /** Zip path of the styles part, or null when the workbook has none yet. */
  path: string | null;
}

function openStyles(zip: ZipPackage, rels: ReturnType<typeof parseRelationships>): OpenStyles {
  const rel = rels.find((r) => r.type === REL.styles && r.path);
  const xml = rel?.path ? readPart(zip, rel.path) : null;
  if (rel?.path && xml !== null) return { patcher: new StylesPatcher(xml), path: partName(zip, rel.path) };
  return { patcher: new StylesPatcher(minimalStylesXml()), path: null };
}

function saveStyles(zip: ZipPackage, wbPath: string, styles: OpenStyles): void {
  if (styles.path) {
    zip.set(styles.path, styles.patcher.toXml());
    return;
  }
  const stylesPath = `${wbPath.slice(0, wbPath.lastIndexOf('/') + 1)}styles.xml`;
  zip.set(stylesPath, styles.patcher.toXml());
  const relsPath = partName(zip, relsPathFor(wbPath));
  const relsXml = readPart(zip, relsPath) ?? '';
  zip.set(relsPath, addRelationship(relsXml, REL.styles, relativeTarget(wbPath, stylesPath)).xml);
  const typesPath = partName(zip, '[Content_Types].xml');
  zip.set(typesPath, setOverride(readPart(zip, typesPath) ?? '', stylesPath, CONTENT_TYPE.styles));
}

function dropFromCalcChain(zip: ZipPackage, wbPath: string, rels: ReturnType<typeof parseRelationships>, bySheet: Map<SheetPart, CellWrite[]>): void {
  const rel = rels.find((r) => r.type === REL.calcChain && r.path);
  if (!rel?.path) return;
  const xml = readPart(zip, rel.path);
  if (xml === null) return;
  const cells = [...bySheet].flatMap(([sheet, writes]) => writes.map((w) => ({ sheetId: sheet.sheetId, address: a1(w.row, w.col) })));
  const next = removeFromCalcChain(xml, cells);
  if (next === xml) return;
  const chainPath = partName(zip, rel.path);
  if (next !== null) {
    zip.set(chainPath, next);
    return;
  }
  // Excel rebuilds a missing chain; an empty one is a corrupt file.
  zip.remove(chainPath);
  const relsPath = partName(zip, relsPathFor(wbPath));
  zip.set(relsPath, removeRelationship(readPart(zip, relsPath) ?? '', rel.id));
  const typesPath = partName(zip, '[Content_Types].xml');
  zip.set(typesPath, removeOverride(readPart(zip, typesPath) ?? '', rel.path));
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
