/// <reference types="office-js" />
import { STATE_XML_NAMESPACE, a1, type MergeArea, type PriorWrites, type SheetGrid } from '../../sheet/grid';
import { hostCellValue } from '../cell-value';
import { decodeStateXml } from '../state-xml';
import { localAddress, parseArea, parseAreaList, areaAddress } from './address';
import { DEFAULT_CHUNKING, EXCEL_LIMITS, isMergeLimitError, isPayloadError, packBySize, type ChunkOptions } from './limits';
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

interface ReadUnit {
  sheet: SheetLayout;
  /** 'used': the whole used range, self-sizing; 'block': rows [top, top+rows) of the cached used range. */
  mode: 'used' | 'block';
  top: number;
  rows: number;
}

interface UnitResult {
  unit: ReadUnit;
  area: MergeArea | null;
  values: unknown[][];
  formats: unknown[][];
  formulas: unknown[][];
  merges: MergeArea[];
}

export interface ReadSheetsResult {
  grids: SheetGrid[];
  /** Names seen in the workbook during the read: a changed list means the layout is stale. */
  sheetNames: string[];
}

function cellCount(a: MergeArea | null): number {
  return a ? (a.bottom - a.top + 1) * (a.right - a.left + 1) : 0;
}

function estimate(unit: ReadUnit, opts: ChunkOptions): number {
  const cols = unit.sheet.used ? unit.sheet.used.right - unit.sheet.used.left + 1 : 0;
  return unit.rows * cols * opts.bytesPerCellRead;
}

/** Splits each sheet into read units: whole used range when it fits the budget, else row blocks. */
function planUnits(sheets: SheetLayout[], opts: ChunkOptions): ReadUnit[] {
  const units: ReadUnit[] = [];
  for (const sheet of sheets) {
    const u = sheet.used;
    if (!u) {
      units.push({ sheet, mode: 'used', top: 1, rows: 0 });
      continue;
    }
    const cols = u.right - u.left + 1;
    const rows = u.bottom - u.top + 1;
    const fits = rows * cols * opts.bytesPerCellRead <= opts.syncBudgetBytes && rows * cols <= EXCEL_LIMITS.cellsPerRead;
    if (fits) {
      units.push({ sheet, mode: 'used', top: u.top, rows });
      continue;
    }
    const byBudget = Math.floor(opts.syncBudgetBytes / (cols * opts.bytesPerCellRead));
    const block = Math.max(1, Math.min(opts.maxBlockRows, Math.max(Math.min(opts.minBlockRows, rows), byBudget)));
    for (let top = u.top; top <= u.bottom; top += block) {
      units.push({ sheet, mode: 'block', top, rows: Math.min(block, u.bottom - top + 1) });
    }
  }
  return units;
}

/** Packs units into batches under the sync budget, keeping order. */
function packBatches(units: ReadUnit[], opts: ChunkOptions): ReadUnit[][] {
  return packBySize(units, (u) => estimate(u, opts), opts.syncBudgetBytes);
}

/**
 * Reads values, number formats, formulas and merged areas of the given sheets. With a fresh
 * layout and sheets under the payload budget this is exactly one sync; large sheets are read in
 * row blocks, several per sync as the budget allows, and a payload error halves the blocks.
 */
export async function readSheets(
  ctx: Excel.RequestContext,
  sheets: SheetLayout[],
  stats: SyncStats,
  opts: ChunkOptions = DEFAULT_CHUNKING,
): Promise<ReadSheetsResult> {
  const queue = packBatches(planUnits(sheets, opts), opts);
  const results: UnitResult[] = [];
  let sheetNames: string[] = [];
  let first = true;
  const mergeSplit = new Set<string>();

  while (queue.length) {
    const batch = queue.shift()!;
    const wsColl = ctx.workbook.worksheets;
    if (first) wsColl.load('items/name');
    const pending = batch.map((unit) => {
      const ws = wsColl.getItem(unit.sheet.name);
      const range =
        unit.mode === 'used'
          ? ws.getUsedRangeOrNullObject(true)
          : ws.getRangeByIndexes(unit.top - 1, unit.sheet.used!.left - 1, unit.rows, unit.sheet.used!.right - unit.sheet.used!.left + 1);
      range.load('address,values,numberFormat,formulas');
      const merged = mergeSplit.has(unit.sheet.name) ? null : range.getMergedAreasOrNullObject();
      merged?.load('address');
      // A chunked sheet may have grown since the layout was taken; its used address tells.
      const grown = unit.mode === 'block' && unit.top === unit.sheet.used!.top ? ws.getUsedRangeOrNullObject(true) : null;
      grown?.load('address');
      return { unit, range, merged, grown };
    });
    try {
      await countedSync(ctx, stats, 'read');
    } catch (e) {
      if (isPayloadError(e)) {
        stats.payloadRetries++;
        queue.unshift(...splitBatch(batch));
        continue;
      }
      if (isMergeLimitError(e)) {
        // Too many merged areas for one query: read them separately, block by block.
        for (const u of batch) mergeSplit.add(u.sheet.name);
        queue.unshift(batch);
        continue;
      }
      throw e;
    }
    if (first) sheetNames = wsColl.items.map((w) => w.name);
    first = false;
    // A sheet that grew since the layout is re-planned whole; its blocks from this batch are dropped.
    const replanned = new Set<string>();
    for (const p of pending) {
      if (!p.grown || p.grown.isNullObject) continue;
      const now = parseArea(p.grown.address);
      const was = p.unit.sheet.used!;
      if (now && (now.bottom > was.bottom || now.right > was.right || now.top < was.top || now.left < was.left)) {
        p.unit.sheet.used = now;
        replanned.add(p.unit.sheet.name);
        dropSheet(results, queue, p.unit.sheet.name);
        queue.push(...packBatches(planUnits([p.unit.sheet], opts), opts));
      }
    }
    for (const p of pending) {
      stats.blocks++;
      if (replanned.has(p.unit.sheet.name)) continue;
      const isNull = p.range.isNullObject;
      results.push({
        unit: p.unit,
        area: isNull ? null : parseArea(p.range.address),
        values: isNull ? [] : p.range.values,
        formats: isNull ? [] : p.range.numberFormat,
        formulas: isNull ? [] : p.range.formulas,
        merges: p.merged && !p.merged.isNullObject ? parseAreaList(p.merged.address) : [],
      });
    }
  }

  const grids: SheetGrid[] = [];
  for (const sheet of sheets) {
    const parts = results.filter((r) => r.unit.sheet.name === sheet.name).sort((a, b) => a.unit.top - b.unit.top);
    const grid = assembleGrid(sheet.name, parts);
    if (mergeSplit.has(sheet.name)) grid.merges = await readMergesInBlocks(ctx, sheet, grid, stats);
    if (parts[0]?.area && parts[0].unit.mode === 'used') sheet.used = parts[0].area;
    grids.push(grid);
  }
  return { grids, sheetNames };
}

function dropSheet(results: UnitResult[], queue: ReadUnit[][], name: string): void {
  for (let i = results.length - 1; i >= 0; i--) if (results[i].unit.sheet.name === name) results.splice(i, 1);
  for (const b of queue) for (let i = b.length - 1; i >= 0; i--) if (b[i].sheet.name === name) b.splice(i, 1);
  for (let i = queue.length - 1; i >= 0; i--) if (!queue[i].length) queue.splice(i, 1);
}

/** A failed batch is retried as two batches; a single unit as two halves of its rows. */
function splitBatch(batch: ReadUnit[]): ReadUnit[][] {
  if (batch.length > 1) {
    const mid = Math.ceil(batch.length / 2);
    return [batch.slice(0, mid), batch.slice(mid)];
  }
  const u = batch[0];
  if (u.mode === 'used') {
    if (!u.sheet.used || u.rows <= 1) throw payloadTooBig(u);
    const block: ReadUnit = { ...u, mode: 'block', top: u.sheet.used.top, rows: u.sheet.used.bottom - u.sheet.used.top + 1 };
    return splitBatch([block]);
  }
  if (u.rows <= 1) throw payloadTooBig(u);
  const half = Math.ceil(u.rows / 2);
  return [[{ ...u, rows: half }], [{ ...u, top: u.top + half, rows: u.rows - half }]];
}

function payloadTooBig(u: ReadUnit): Error {
  return new Error(`工作表“${u.sheet.name}”第 ${u.top} 行的数据超过 Excel 单次传输上限，无法读取。`);
}

async function readMergesInBlocks(ctx: Excel.RequestContext, sheet: SheetLayout, grid: SheetGrid, stats: SyncStats): Promise<MergeArea[]> {
  const rows = grid.values.length;
  const cols = grid.values[0]?.length ?? 0;
  if (!rows || !cols) return [];
  const out = new Map<string, MergeArea>();
  const queue: { top: number; rows: number }[] = [{ top: grid.originRow, rows }];
  while (queue.length) {
    const blk = queue.shift()!;
    const range = ctx.workbook.worksheets.getItem(sheet.name).getRangeByIndexes(blk.top - 1, grid.originCol - 1, blk.rows, cols);
    const merged = range.getMergedAreasOrNullObject();
    merged.load('address');
    try {
      await countedSync(ctx, stats, 'read');
    } catch (e) {
      if ((isMergeLimitError(e) || isPayloadError(e)) && blk.rows > 1) {
        const half = Math.ceil(blk.rows / 2);
        queue.unshift({ top: blk.top, rows: half }, { top: blk.top + half, rows: blk.rows - half });
        continue;
      }
      throw e;
    }
    if (!merged.isNullObject) for (const m of parseAreaList(merged.address)) out.set(areaAddress(m), m);
  }
  return [...out.values()];
}

function assembleGrid(name: string, parts: UnitResult[]): SheetGrid {
  const grid: SheetGrid = { name, originRow: 1, originCol: 1, values: [], formats: [], formulas: {}, merges: [] };
  const merges = new Map<string, MergeArea>();
  let first = true;
  for (const p of parts) {
    if (!p.area) continue;
    if (first) {
      grid.originRow = p.area.top;
      grid.originCol = p.area.left;
      first = false;
    }
    for (let i = 0; i < p.values.length; i++) {
      const row = p.values[i];
      const fmtRow = p.formats[i] ?? [];
      const fRow = p.formulas[i] ?? [];
      grid.values.push(row.map((v, j) => hostCellValue(v, fmtRow[j])));
      grid.formats!.push(row.map((_, j) => (typeof fmtRow[j] === 'string' ? (fmtRow[j] as string) : null)));
      for (let j = 0; j < fRow.length; j++) {
        const f = fRow[j];
        if (typeof f === 'string' && f.startsWith('=')) grid.formulas![a1(p.area.top + i, p.area.left + j)] = f.slice(1);
      }
    }
    for (const m of p.merges) merges.set(areaAddress(m), m);
  }
  grid.merges = [...merges.values()];
  return grid;
}

export { localAddress, cellCount };
