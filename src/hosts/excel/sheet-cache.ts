import { a1, canonicalCellText, type CellWrite, type MergeArea, type PriorWrites, type SheetGrid } from '../../sheet/grid';
import { areaAddress, parseArea } from './address';
import { formatOf } from './apply-plan';
import { knownMergeBlocks, type MergeBlock, type RectCells } from './read-workbook';

/** Rows [top, bottom] to read again. */
export type RowSpan = [number, number];

/**
 * What the session knows of one worksheet between recomputes. The grid is trusted only while
 * change events are tracked: then an edit marks its rows dirty, a structural change drops the
 * grid, and each recompute's first sync checks the rest (sheet list, used range). Merging and
 * unmerging raise onChanged too (RangeEdited over the area, OfficeDev/office-js#4069): their rows go dirty.
 */
export interface SheetCache {
  id: string;
  name: string;
  /** Used range (values only) the grid covers; null for an empty sheet. */
  used: MergeArea | null;
  /** null: read the sheet whole next time. */
  grid: SheetGrid | null;
  /** Merge-query blocks over the used rows, with the number of areas each held when last read. */
  blocks: MergeBlock[];
  dirty: RowSpan[];
  /** A person edited something since this sheet was read: the results of its formulas may have moved. */
  formulasStale: boolean;
}

export function newCache(id: string, name: string, used: MergeArea | null): SheetCache {
  return { id, name, used, grid: null, blocks: [], dirty: [], formulasStale: false };
}

/** Sorted, merged spans. */
export function normalizeSpans(spans: RowSpan[]): RowSpan[] {
  const s = [...spans].sort((a, b) => a[0] - b[0]);
  const out: RowSpan[] = [];
  for (const [t, b] of s) {
    const last = out[out.length - 1];
    if (last && t <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([t, b]);
  }
  return out;
}

/**
 * The rows an event address covers: 'A1:C3', 'B7', '3:5' (whole rows), possibly comma-separated;
 * null when it cannot be told (whole columns, anything unknown): then the sheet is read whole.
 */
export function rowsOfAddress(address: string): RowSpan[] | null {
  const out: RowSpan[] = [];
  for (const part of address.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const local = p.slice(p.lastIndexOf('!') + 1);
    const rows = /^\$?(\d+)(?::\$?(\d+))?$/.exec(local);
    if (rows) {
      const a = Number(rows[1]);
      const b = Number(rows[2] ?? rows[1]);
      out.push([Math.min(a, b), Math.max(a, b)]);
      continue;
    }
    const area = parseArea(local);
    if (!area) return null;
    out.push([area.top, area.bottom]);
  }
  return out;
}

/** Rows of the formulas a person (not this product) put in the sheet: their results may change with any edit anywhere. */
export function foreignFormulaRows(grid: SheetGrid, prior: PriorWrites): RowSpan[] {
  const spans: RowSpan[] = [];
  for (const [addr, f] of Object.entries(grid.formulas ?? {})) {
    if (prior[`${grid.name}!${addr}`] === `=${f}`) continue;
    const area = parseArea(addr);
    if (area) spans.push([area.top, area.top]);
  }
  return normalizeSpans(spans);
}

/** Resizes the grid to a new bottom row (same top, left and right): new rows blank until read, dropped rows forgotten. */
export function setBottom(cache: SheetCache, bottom: number): void {
  const g = cache.grid!;
  const used = cache.used!;
  const width = used.right - used.left + 1;
  const rows = bottom - used.top + 1;
  while (g.values.length < rows) {
    g.values.push(new Array(width).fill(null));
    g.formats!.push(new Array(width).fill(null));
  }
  if (g.values.length > rows) {
    g.values.length = rows;
    g.formats!.length = rows;
    for (const addr of Object.keys(g.formulas ?? {})) if (parseArea(addr)!.top > bottom) delete g.formulas![addr];
    g.merges = g.merges.filter((m) => m.top <= bottom);
  }
  cache.used = { ...used, bottom };
}

/** Copies a rectangle read from Excel into the grid (clipped to it). */
export function applyCells(grid: SheetGrid, cells: RectCells): void {
  const { rect } = cells;
  const rows = grid.values.length;
  const width = grid.values[0]?.length ?? 0;
  for (let i = 0; i < cells.values.length; i++) {
    const r = rect.top + i - grid.originRow;
    if (r < 0 || r >= rows) continue;
    for (let j = 0; j < cells.values[i].length; j++) {
      const c = rect.left + j - grid.originCol;
      if (c < 0 || c >= width) continue;
      grid.values[r][c] = cells.values[i][j];
      grid.formats![r][c] = cells.formats[i][j];
      const addr = a1(rect.top + i, rect.left + j);
      const f = cells.formulas[addr];
      if (f !== undefined) grid.formulas![addr] = f;
      else delete grid.formulas![addr];
    }
  }
}

/** Replaces the merged areas whose top-left cell lies in rows [top, bottom] with those just read. */
export function replaceMerges(grid: SheetGrid, top: number, bottom: number, fresh: MergeArea[]): void {
  const kept = grid.merges.filter((m) => m.top < top || m.top > bottom);
  const seen = new Set(kept.map(areaAddress));
  for (const m of fresh) if (!seen.has(areaAddress(m))) kept.push(m);
  grid.merges = kept;
}

export function rebuildBlocks(cache: SheetCache): void {
  cache.blocks = cache.grid && cache.used ? knownMergeBlocks(cache.grid.merges, cache.used.top, cache.used.bottom) : [];
}

/**
 * Applies the writes just synced to the cached grid, as Excel stores them (text stays text in '@',
 * numbers with their format, formulas with the value the plan computed). A write outside the
 * cached used range grows it: the sheet is then read whole next time.
 */
export function applyWritesToCache(caches: Iterable<SheetCache>, writes: CellWrite[]): void {
  const byName = new Map<string, SheetCache>();
  for (const c of caches) byName.set(c.name, c);
  for (const w of writes) {
    const cache = byName.get(w.sheet);
    const g = cache?.grid;
    if (!cache || !g) continue;
    const r = w.row - g.originRow;
    const c = w.col - g.originCol;
    if (r < 0 || c < 0 || r >= g.values.length || c >= (g.values[0]?.length ?? 0)) {
      cache.grid = null;
      continue;
    }
    const fmt = formatOf(w);
    if (fmt) g.formats![r][c] = fmt;
    if (w.formula) g.formulas![w.address] = w.formula;
    else delete g.formulas![w.address];
    // A cell read back holds '' for null, and canonical text compares the same either way.
    g.values[r][c] = w.value === null || canonicalCellText(w.value) === '' ? null : w.value;
  }
}
