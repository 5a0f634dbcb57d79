/// <reference types="office-js" />
import { STATE_XML_NAMESPACE, a1, type CellValue, type MergeArea, type PriorWrites, type SheetGrid } from '../../sheet/grid';
import { hostCellValue } from '../cell-value';
import { decodeStateXml } from '../state-xml';
import { errors } from '../../sheet/errors';
import { parseArea, parseAreaList, areaAddress } from './address';
import { DEFAULT_CHUNKING, EXCEL_LIMITS, MERGE_BLOCK_TARGET, MERGE_QUERY_TARGET, isMergeLimitError, isPayloadError, packBySize, type ChunkOptions } from './limits';
import { countSync, countedSync, type SyncStats } from './stats';

/** What the adapter remembers about the workbook between recomputes, so a recompute needs one read sync. */
export interface SheetLayout {
  name: string;
  id: string;
  /** Used range (values only) as last seen; null for an empty sheet. */
  used: MergeArea | null;
}

export interface WorkbookLayout {
  sheets: SheetLayout[];
  /** Id of the custom XML part holding PriorWrites; null until the first write. */
  statePartId: string | null;
  prior: PriorWrites;
  settings: Record<string, unknown>;
  /** Problems met while reading the state (zh-CN). */
  notes: string[];
}

/**
 * Reads sheet names, the state part and the given settings (sync 1), then each sheet's used range
 * address and the state XML (sync 2). Done once when the pane opens, and again only when the
 * sheet list changes.
 */
export async function readLayout(ctx: Excel.RequestContext, settingKeys: string[], stats: SyncStats): Promise<WorkbookLayout> {
  const wb = ctx.workbook;
  const sheets = wb.worksheets;
  sheets.load('items/name,items/id');
  const parts = wb.customXmlParts.getByNamespace(STATE_XML_NAMESPACE);
  parts.load('items/id');
  const settingItems = settingKeys.map((k) => {
    const item = wb.settings.getItemOrNullObject(k);
    item.load('value');
    return [k, item] as const;
  });
  countSync(stats, 'read');
  await ctx.sync();

  const used = sheets.items.map((ws) => {
    const r = ws.getUsedRangeOrNullObject(true);
    r.load('address');
    return r;
  });
  // Loaded ('items/id') and synced above; the lint rule does not follow a collection got from getByNamespace.
  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
  const partItems = parts.items;
  const part = partItems[0] ?? null;
  const xml = part ? part.getXml() : null;
  countSync(stats, 'read');
  await ctx.sync();

  const notes: string[] = [];
  if (partItems.length > 1) notes.push(`工作簿中有 ${partItems.length} 份助手记录，只使用第一份。`);
  let prior: PriorWrites = {};
  if (xml) {
    const decoded = decodeStateXml(xml.value);
    prior = decoded.prior;
    notes.push(...decoded.problems);
  }
  const settings: Record<string, unknown> = {};
  for (const [k, item] of settingItems) settings[k] = item.isNullObject ? null : item.value;
  return {
    sheets: sheets.items.map((ws, i) => ({
      name: ws.name,
      id: ws.id,
      used: used[i].isNullObject ? null : parseArea(used[i].address),
    })),
    statePartId: part ? part.id : null,
    prior,
    settings,
    notes,
  };
}

/** A rectangle of one sheet, 1-based inclusive; `sheet` is the worksheet's id (getItem takes a name or an id, and an id survives a rename). */
export interface Rect {
  sheet: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The cells of a rectangle in the grid contract's terms. */
export interface RectCells {
  rect: Rect;
  values: CellValue[][];
  formats: (string | null)[][];
  formulas: Record<string, string>;
  /** Per row: cells that read as '' plus 1 when the row's last cell does not (see mergeBoundBlocks). */
  rowBound: number[];
}

/** Merged areas are read per row block; counts known from the cache or the probe, or bounded from the values read. */
export type MergePlan = 'none' | 'bound' | { blocks: MergeBlock[] };

/** Rows [top, bottom] of a sheet's used columns, holding `count` merged areas by their top-left cell. */
export interface MergeBlock {
  top: number;
  bottom: number;
  count: number;
}

export interface RectRequest {
  rect: Rect;
  /** Read values, number formats and formulas (false: merged areas only). */
  cells: boolean;
  merges: MergePlan;
}

export interface RectResult {
  req: RectRequest;
  cells: RectCells | null;
  /** Merged areas whose top-left cell lies in the rectangle; null when not asked. */
  merges: MergeArea[] | null;
}

type Op =
  | { kind: 'cells'; req: RectRequest; top: number; rows: number }
  | { kind: 'merges'; req: RectRequest; top: number; bottom: number; estimate: number };

/** Bytes of one merged-area address in a response ("'Sheet'!AB12:AC13", quoted, comma). */
const BYTES_PER_MERGE = 28;
const BYTES_PER_QUERY = 64;

function cols(r: Rect): number {
  return r.right - r.left + 1;
}

function opBytes(op: Op, opts: ChunkOptions): number {
  return op.kind === 'cells' ? op.rows * cols(op.req.rect) * opts.bytesPerCellRead : op.estimate;
}

/** Row blocks of a rectangle's cells, each under the sync budget and the cells-per-read limit. */
function cellOps(req: RectRequest, opts: ChunkOptions): Op[] {
  const { top, bottom } = req.rect;
  const c = cols(req.rect);
  const byBudget = Math.floor(opts.syncBudgetBytes / (c * opts.bytesPerCellRead));
  const byCells = Math.floor(EXCEL_LIMITS.cellsPerRead / c);
  const block = Math.max(1, Math.min(opts.maxBlockRows, byBudget, byCells));
  const ops: Op[] = [];
  for (let t = top; t <= bottom; t += block) ops.push({ kind: 'cells', req, top: t, rows: Math.min(block, bottom - t + 1) });
  return ops;
}

function mergeOps(req: RectRequest, blocks: MergeBlock[]): Op[] {
  return blocks.map((b) => ({ kind: 'merges', req, top: b.top, bottom: b.bottom, estimate: BYTES_PER_QUERY + b.count * BYTES_PER_MERGE }));
}

/**
 * Splits rows into blocks that cannot hold more than `limit` merged areas, from the values alone.
 * A merged area's cells other than its top-left one are blank, and areas do not overlap, so each
 * area with its top-left cell in a block either owns a blank cell of the block, or has no other
 * cell in it: then it crosses the block's bottom edge (at most one per column) or its right edge
 * from the last column (at most one per non-blank cell there). Sizing blocks by that bound means
 * no query can fail on Excel's limit, with no need to know the merges first.
 */
export function mergeBoundBlocks(cells: RectCells, limit: number = MERGE_QUERY_TARGET): MergeBlock[] {
  const c = cols(cells.rect);
  const out: MergeBlock[] = [];
  let start = cells.rect.top;
  let sum = c;
  for (let i = 0; i < cells.rowBound.length; i++) {
    const row = cells.rect.top + i;
    if (row > start && sum + cells.rowBound[i] > limit) {
      out.push({ top: start, bottom: row - 1, count: sum });
      start = row;
      sum = c;
    }
    sum += cells.rowBound[i];
  }
  if (cells.rowBound.length) out.push({ top: start, bottom: cells.rect.bottom, count: sum });
  return out;
}

/** Blocks of a sheet's rows from the merged areas known, each holding at most `target` of them (by top-left cell). */
export function knownMergeBlocks(merges: MergeArea[], top: number, bottom: number, target: number = MERGE_BLOCK_TARGET): MergeBlock[] {
  const tops = merges.map((m) => m.top).filter((t) => t >= top && t <= bottom).sort((x, y) => x - y);
  const out: MergeBlock[] = [];
  let start = top;
  let i = 0;
  while (start <= bottom) {
    const from = i;
    const j = Math.min(i + target, tops.length);
    // Up to the row before the first area not taken, so no row's areas are split across blocks;
    // a row with more than `target` areas is a block of its own.
    const end = j < tops.length ? Math.max(start, tops[j] - 1) : bottom;
    while (i < tops.length && tops[i] <= end) i++;
    out.push({ top: start, bottom: end, count: i - from });
    start = end + 1;
  }
  return out;
}

function rectCells(rect: Rect, rawValues: unknown[][], rawFormats: unknown[][], rawFormulas: unknown[][]): RectCells {
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  const formulas: Record<string, string> = {};
  const rowBound: number[] = [];
  for (let i = 0; i < rawValues.length; i++) {
    const row = rawValues[i];
    const fmtRow = rawFormats[i] ?? [];
    const fRow = rawFormulas[i] ?? [];
    let blanks = 0;
    for (const v of row) if (v === '' || v === null || v === undefined) blanks++;
    const last = row[row.length - 1];
    rowBound.push(blanks + (row.length && last !== '' && last !== null && last !== undefined ? 1 : 0));
    values.push(row.map((v, j) => hostCellValue(v, fmtRow[j])));
    formats.push(row.map((_, j) => (typeof fmtRow[j] === 'string' ? (fmtRow[j] as string) : null)));
    for (let j = 0; j < fRow.length; j++) {
      const f = fRow[j];
      // Text such as '=' (the 等于 comparison) reads back the same through `formulas`: a constant, not a formula.
      if (typeof f === 'string' && f.startsWith('=') && f !== row[j]) formulas[a1(rect.top + i, rect.left + j)] = f.slice(1);
    }
  }
  return { rect, values, formats, formulas, rowBound };
}

function joinCells(rect: Rect, parts: RectCells[]): RectCells {
  if (parts.length === 1) return { ...parts[0], rect };
  const out: RectCells = { rect, values: [], formats: [], formulas: {}, rowBound: [] };
  for (const p of parts.sort((a, b) => a.rect.top - b.rect.top)) {
    out.values.push(...p.values);
    out.formats.push(...p.formats);
    out.rowBound.push(...p.rowBound);
    Object.assign(out.formulas, p.formulas);
  }
  return out;
}

/** Extra loads for the first sync (the session's probe); `done` runs once that sync succeeded. */
export type FirstSyncExtra = (ctx: Excel.RequestContext) => () => void;

/**
 * Reads rectangles: values, formats and formulas in row blocks packed under the sync budget, and
 * merged areas per row block planned so that no query exceeds Excel's 512-area limit — from known
 * counts (in the same syncs as the values) or from the values just read (one more sync). A payload
 * error halves the failed batch; a merged-area error (only if the workbook changed under a count
 * we trusted) halves the merge blocks of the failed batch.
 */
export async function readRects(
  ctx: Excel.RequestContext,
  reqs: RectRequest[],
  stats: SyncStats,
  opts: ChunkOptions = DEFAULT_CHUNKING,
  first?: FirstSyncExtra,
): Promise<RectResult[]> {
  const reader: RectReader = { ctx, stats, opts, first, cellParts: new Map(), mergeOut: new Map() };
  for (const r of reqs) if (r.merges !== 'none') reader.mergeOut.set(r, new Map());
  // Known merge counts go with the values; bounded ones need the values first.
  await runOps(reader, knownOps(reqs, opts));
  const cells = joinedCells(reader, reqs);
  const bound = boundMergeOps(reqs, cells);
  if (bound.length) await runOps(reader, bound);
  return reqs.map((req) => {
    const m = reader.mergeOut.get(req);
    return { req, cells: cells.get(req) ?? null, merges: m ? [...m.values()] : null };
  });
}

/** What one readRects call gathers over its syncs. */
interface RectReader {
  ctx: Excel.RequestContext;
  stats: SyncStats;
  opts: ChunkOptions;
  /** Kept until a sync carrying the caller's extra loads has succeeded: a retry must load them again. */
  first?: FirstSyncExtra;
  cellParts: Map<RectRequest, RectCells[]>;
  mergeOut: Map<RectRequest, Map<string, MergeArea>>;
}

/** An op's proxy objects, loaded and waiting for the sync. */
interface PendingOp {
  op: Op;
  range: Excel.Range | null;
  areas: Excel.RangeAreas | null;
}

function knownOps(reqs: RectRequest[], opts: ChunkOptions): Op[] {
  const ops: Op[] = [];
  for (const r of reqs) {
    if (r.cells) ops.push(...cellOps(r, opts));
    if (typeof r.merges === 'object') ops.push(...mergeOps(r, r.merges.blocks));
  }
  return ops;
}

function joinedCells(reader: RectReader, reqs: RectRequest[]): Map<RectRequest, RectCells> {
  const cells = new Map<RectRequest, RectCells>();
  for (const r of reqs) {
    const parts = reader.cellParts.get(r);
    if (parts) cells.set(r, joinCells(r.rect, parts));
  }
  return cells;
}

function boundMergeOps(reqs: RectRequest[], cells: Map<RectRequest, RectCells>): Op[] {
  const ops: Op[] = [];
  for (const r of reqs) {
    if (r.merges !== 'bound') continue;
    const c = cells.get(r);
    if (!c) throw new Error('merged areas bounded from values need the values read');
    ops.push(...mergeOps(r, mergeBoundBlocks(c)));
  }
  return ops;
}

/** Runs ops in syncs packed under the budget; a failed batch goes back on the queue smaller. */
async function runOps(reader: RectReader, ops: Op[]): Promise<void> {
  const queue = packBySize(ops, (o) => opBytes(o, reader.opts), reader.opts.syncBudgetBytes);
  // With no ops at all the caller's extra loads still need their sync.
  while (queue.length || reader.first) {
    const batch = queue.shift() ?? [];
    const done = reader.first ? reader.first(reader.ctx) : null;
    const pending = loadBatch(reader.ctx, batch, reader.stats);
    const again = await syncBatch(reader, batch);
    if (again) {
      queue.unshift(...again);
      continue;
    }
    reader.first = undefined;
    done?.();
    collectBatch(reader, pending);
  }
}

function loadBatch(ctx: Excel.RequestContext, batch: Op[], stats: SyncStats): PendingOp[] {
  const ws = new Map<string, Excel.Worksheet>();
  const sheet = (key: string) => {
    let w = ws.get(key);
    if (!w) ws.set(key, (w = ctx.workbook.worksheets.getItem(key)));
    return w;
  };
  return batch.map((op) => {
    const { rect } = op.req;
    if (op.kind === 'cells') {
      const range = sheet(rect.sheet).getRangeByIndexes(op.top - 1, rect.left - 1, op.rows, cols(rect));
      range.load('values,numberFormat,formulas');
      return { op, range, areas: null };
    }
    const range = sheet(rect.sheet).getRangeByIndexes(op.top - 1, rect.left - 1, op.bottom - op.top + 1, cols(rect));
    const areas = range.getMergedAreasOrNullObject();
    areas.load('address');
    stats.mergeQueries++;
    return { op, range: null, areas };
  });
}

/** Null when the sync succeeded, else the smaller batches to try instead. */
async function syncBatch(reader: RectReader, batch: Op[]): Promise<Op[][] | null> {
  try {
    await countedSync(reader.ctx, reader.stats, 'read');
    return null;
  } catch (e) {
    // The caller's extra loads may be what failed: a merged-area error there is the caller's to handle.
    if (reader.first && isMergeLimitError(e)) throw e;
    const again = retryBatch(e, batch, reader.stats);
    if (!again) throw e;
    return again;
  }
}

function collectBatch(reader: RectReader, pending: PendingOp[]): void {
  const { stats } = reader;
  for (const p of pending) {
    if (p.op.kind === 'cells') {
      const rect = { ...p.op.req.rect, top: p.op.top, bottom: p.op.top + p.op.rows - 1 };
      const r = p.range!;
      stats.blocks++;
      stats.cellsRead += p.op.rows * cols(rect);
      const parts = reader.cellParts.get(p.op.req) ?? [];
      parts.push(rectCells(rect, r.values, r.numberFormat, r.formulas));
      reader.cellParts.set(p.op.req, parts);
    } else if (!p.areas!.isNullObject) {
      const out = reader.mergeOut.get(p.op.req)!;
      for (const m of parseAreaList(p.areas!.address)) out.set(areaAddress(m), m);
    }
  }
}

/** A failed batch retried smaller: two batches, or one op in halves; null when nothing smaller is possible. */
function retryBatch(e: unknown, batch: Op[], stats: SyncStats): Op[][] | null {
  if (isPayloadError(e)) {
    stats.payloadRetries++;
    if (batch.length > 1) {
      const mid = Math.ceil(batch.length / 2);
      return [batch.slice(0, mid), batch.slice(mid)];
    }
    const [a, b] = halve(batch[0]) ?? [];
    if (!a) throw payloadTooBig(batch[0]);
    return [[a], [b!]];
  }
  if (isMergeLimitError(e)) {
    // A count we trusted was stale: the cells stay, every merge query of the batch is halved.
    const out: Op[] = [];
    let halved = false;
    for (const op of batch) {
      if (op.kind === 'cells') out.push(op);
      else {
        const h = halve(op);
        if (!h) return null;
        out.push(...h);
        halved = true;
      }
    }
    return halved ? [out] : null;
  }
  return null;
}

function halve(op: Op): [Op, Op] | null {
  if (op.kind === 'cells') {
    if (op.rows <= 1) return null;
    const half = Math.ceil(op.rows / 2);
    return [
      { ...op, rows: half },
      { ...op, top: op.top + half, rows: op.rows - half },
    ];
  }
  if (op.bottom <= op.top) return null;
  const mid = op.top + Math.floor((op.bottom - op.top) / 2);
  const est = Math.ceil(op.estimate / 2);
  return [
    { ...op, bottom: mid, estimate: est },
    { ...op, top: mid + 1, estimate: est },
  ];
}

function payloadTooBig(op: Op): Error {
  return errors.excelPayload(op.top);
}

/** The grid of a whole used range from its cells and merged areas. */
export function gridOf(name: string, cells: RectCells | null, merges: MergeArea[]): SheetGrid {
  if (!cells) return { name, originRow: 1, originCol: 1, values: [], formats: [], formulas: {}, merges: [] };
  return {
    name,
    originRow: cells.rect.top,
    originCol: cells.rect.left,
    values: cells.values,
    formats: cells.formats,
    formulas: cells.formulas,
    merges,
  };
}

export interface ReadSheetsResult {
  grids: SheetGrid[];
}

/** Reads whole sheets (their used ranges as in the layout) with merged areas bounded from the values: no failed request. */
export async function readSheets(
  ctx: Excel.RequestContext,
  sheets: SheetLayout[],
  stats: SyncStats,
  opts: ChunkOptions = DEFAULT_CHUNKING,
): Promise<ReadSheetsResult> {
  const reqs = sheets.map((s) =>
    s.used ? ({ rect: { sheet: s.id, ...s.used }, cells: true, merges: 'bound' } as RectRequest) : null,
  );
  const res = await readRects(ctx, reqs.filter((r): r is RectRequest => r !== null), stats, opts);
  const byReq = new Map(res.map((r) => [r.req, r]));
  return {
    grids: sheets.map((s, i) => {
      const r = reqs[i] ? byReq.get(reqs[i]!)! : null;
      return gridOf(s.name, r?.cells ?? null, r?.merges ?? []);
    }),
  };
}

