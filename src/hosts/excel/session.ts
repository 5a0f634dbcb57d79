/// <reference types="office-js" />
import type { WorkbookScore } from '../../sheet/contract';
import type { CellWrite, SheetGrid, WorkbookGrid } from '../../sheet/grid';
import { applyPlan, effectiveWrites, formatOf } from './apply-plan';
import { EchoFilter, type ChangeEvent } from './echo-filter';
import { DEFAULT_CHUNKING, EXCEL_LIMITS, isMergeLimitError, type ChunkOptions } from './limits';
import { parseArea } from './address';
import { gridOf, readLayout, readRects, type RectRequest, type RectResult, type WorkbookLayout } from './read-workbook';
import { applyCells, applyWritesToCache, foreignFormulaRows, newCache, normalizeSpans, rebuildBlocks, replaceMerges, rowsOfAddress, setBottom, type SheetCache } from './sheet-cache';
import { mergePrior, samePrior } from './state-part';
import { newStats, type SyncStats } from './stats';
import type { MergeArea } from '../../sheet/grid';
import { errors, excelError } from '../../sheet/errors';
import { addQualitativeDropdowns, recalculateAll, saveSetting, selectCell } from './workbook-ui';
import { writeDetailSheet, type DetailSheet } from './detail-sheet';

/** Excel.run, or the fake's equivalent in tests. */
export type ExcelRunner = <T>(fn: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** grid → forms → scores → write plan: the pure part, injected so this adapter knows nothing of scoring. */
export type ScoreWorkbook = (book: WorkbookGrid) => WorkbookScore;

export interface RecomputeResult {
  score: WorkbookScore;
  grids: SheetGrid[];
  written: CellWrite[];
  stats: SyncStats;
}

export interface SessionOptions {
  settingKeys?: string[];
  chunking?: ChunkOptions;
  /** Office.context.requirements.isSetSupported('ExcelApi', '1.14'), asked by the caller. */
  triggerSourceSupported: boolean;
}

/**
 * A sheet this small is asked for its merged areas in one query, with its values, before any are
 * known: over 512 areas would take one merged area per 4 cells (a form has about one per 7; the
 * fixtures' largest sheet has 560 cells). Should it fail, the read is retried with bounded blocks.
 */
const OPTIMISTIC_MERGE_CELLS = 2048;

/** Beyond this share of a sheet's rows dirty, the sheet is read whole. */
const DIRTY_SHARE_FULL = 0.5;

/** The part of a change event the cache needs (WorksheetChangedEventArgs / WorksheetFormatChangedEventArgs). */
export interface TrackedChange {
  worksheetId: string;
  address: string;
  /** Excel.DataChangeType; anything but 'RangeEdited' moves cells (rows/columns/cells inserted or deleted). */
  changeType?: string;
}

/** Told of every change that is not the add-in's own, by whoever listens to Excel's events (AutoRecompute). */
export interface ChangeTracker {
  noteChange(ev: TrackedChange): void;
  noteFormatChange(ev: TrackedChange): void;
  setTracking(on: boolean): void;
}

export interface RecomputeOptions {
  /** Read every sheet in scope again, whatever the cache says (the pane's explicit button may ask for this). */
  fresh?: boolean;
}

/**
 * The Office.js host: keeps what it learnt about the open workbook (sheet list, used ranges,
 * cells, merged areas, the state record). While change events are tracked, a recompute costs one
 * sync that checks the sheet list and used ranges and reads only the rows that
 * changed; otherwise it reads the sheets in scope whole, still in budget-sized syncs and with
 * merge queries that cannot fail.
 */
export class ExcelSession implements ChangeTracker {
  layout: WorkbookLayout | null = null;
  readonly echo: EchoFilter;
  private readonly chunking: ChunkOptions;
  private readonly caches = new Map<string, SheetCache>();
  private tracking = false;
  /** Cells whose number format the add-in just wrote (sheet id|A1), until their format event comes back. */
  private readonly ownFormats = new Set<string>();

  constructor(
    private readonly run: ExcelRunner,
    private readonly opts: SessionOptions,
  ) {
    this.echo = new EchoFilter(opts.triggerSourceSupported);
    this.chunking = opts.chunking ?? DEFAULT_CHUNKING;
  }

  async prepare(stats: SyncStats = newStats()): Promise<WorkbookLayout> {
    return this.userFacing(() => this.prepareNow(stats));
  }

  /**
   * What leaves the session is a catalogue error (sheet/errors.ts): Chinese first, Excel's own code
   * and message as the detail. Inside, Office.js errors stay raw: their codes drive the retries.
   */
  private async userFacing<T>(fn: () => Promise<T>, sheet?: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = excelError(e);
      throw sheet && err.code === 'sheet-missing' ? errors.sheetMissing(sheet, err.detail ?? undefined) : err;
    }
  }

  private async prepareNow(stats: SyncStats): Promise<WorkbookLayout> {
    this.layout = await this.run((ctx) => readLayout(ctx, this.opts.settingKeys ?? [], stats));
    const seen = new Set<string>();
    for (const s of this.layout.sheets) {
      seen.add(s.id);
      const c = this.caches.get(s.id);
      if (!c) this.caches.set(s.id, newCache(s.id, s.name, s.used));
      else c.name = s.name;
    }
    for (const id of [...this.caches.keys()]) if (!seen.has(id)) this.caches.delete(id);
    return this.layout;
  }

  sheetIdOf(name: string): string | undefined {
    return this.layout?.sheets.find((s) => s.name === name)?.id;
  }

  sheetNameOf(id: string): string | undefined {
    return this.layout?.sheets.find((s) => s.id === id)?.name;
  }

  // ---------- change tracking ----------

  setTracking(on: boolean): void {
    // Whatever happened while nobody listened is unknown: the next read starts from scratch.
    if (on && !this.tracking) for (const c of this.caches.values()) c.grid = null;
    this.tracking = on;
  }

  get isTracking(): boolean {
    return this.tracking;
  }

  noteChange(ev: TrackedChange): void {
    for (const c of this.caches.values()) c.formulasStale = true;
    this.markRows(ev);
  }

  noteFormatChange(ev: TrackedChange): void {
    // The add-in's own format writes come back as events with no triggerSource: a cell we just formatted is skipped once.
    const key = `${ev.worksheetId}|${ev.address.slice(ev.address.lastIndexOf('!') + 1)}`;
    if (this.ownFormats.delete(key)) return;
    this.markRows(ev);
  }

  private markRows(ev: TrackedChange): void {
    const c = this.caches.get(ev.worksheetId);
    if (!c || !c.grid) return;
    const rows = ev.changeType && ev.changeType !== 'RangeEdited' ? null : rowsOfAddress(ev.address);
    if (!rows) c.grid = null;
    else c.dirty = normalizeSpans([...c.dirty, ...rows]);
  }

  // ---------- recompute ----------

  /**
   * Reads the given sheets (all when omitted), scores them and writes the outputs.
   */
  async recompute(score: ScoreWorkbook, onlySheets?: string[], options: RecomputeOptions = {}): Promise<RecomputeResult> {
    return this.userFacing(() => this.recomputeNow(score, onlySheets, options));
  }

  private async recomputeNow(score: ScoreWorkbook, onlySheets: string[] | undefined, options: RecomputeOptions): Promise<RecomputeResult> {
    const stats = newStats();
    if (!this.layout) await this.prepareNow(stats);
    let grids: SheetGrid[];
    try {
      grids = await this.readScope(onlySheets, options, stats);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ItemNotFound') throw e;
      // A sheet was deleted since the layout was taken.
      await this.prepareNow(stats);
      grids = await this.readScope(onlySheets, options, stats);
    }
    const layout = this.layout!;

    const book: WorkbookGrid = { sheets: grids, prior: layout.prior };
    const result = score(book);
    const writes = effectiveWrites(result.plan.writes, grids);
    const prior = mergePrior(
      layout.prior,
      result.plan.prior,
      grids.map((g) => g.name),
    );
    const changed = !samePrior(prior, layout.prior);
    if (writes.length || changed) {
      // Remembered before the sync: the events of these writes may arrive before it resolves.
      this.echo.recordWrites(writes, (n) => this.sheetIdOf(n));
      if (this.tracking) {
        // Echoes of an earlier write still missing by now are not waited for (at worst a row is read again).
        this.ownFormats.clear();
        for (const w of writes) {
          const id = this.sheetIdOf(w.sheet);
          if (id && formatOf(w)) this.ownFormats.add(`${id}|${w.address}`);
        }
      }
      let applied;
      try {
        applied = await this.run((ctx) => applyPlan(ctx, writes, { prior, changed, partId: layout.statePartId }, stats, this.chunking));
      } catch (e) {
        // Some batches may be in: their events are ours (ignored), so the cache cannot learn them; read those sheets whole next time.
        for (const c of this.caches.values()) if (writes.some((w) => w.sheet === c.name)) c.grid = null;
        throw e;
      }
      layout.statePartId = applied.statePartId;
      layout.prior = prior;
      applyWritesToCache(this.caches.values(), writes);
    }
    return { score: result, grids, written: writes, stats };
  }

  /** The probe sync (sheet list, used ranges, dirty rows with their merged areas), then whatever it showed is missing. */
  private async readScope(onlySheets: string[] | undefined, options: RecomputeOptions, stats: SyncStats, safe = false): Promise<SheetGrid[]> {
    const inScope = (name: string) => !onlySheets || onlySheets.includes(name);
    const scope = this.layout!.sheets.filter((s) => inScope(s.name)).map((s) => this.caches.get(s.id)!);
    for (const c of scope) this.triage(c, options.fresh || !this.tracking);
    const probe = this.planProbe(scope, safe);
    let results: RectResult[];
    try {
      results = await this.run((ctx) => readRects(ctx, probe.reqs, stats, this.chunking, (x) => loadProbe(x, probe)));
    } catch (e) {
      if (!isMergeLimitError(e) || safe) throw e;
      // A block counted (or a small sheet read optimistically) now holds too many areas: read the scope whole, merges bounded from values.
      for (const c of scope) {
        c.grid = null;
        c.blocks = [];
      }
      return this.readScope(onlySheets, { fresh: true }, stats, true);
    }
    const fill = this.reconcile(probe, new Map(results.map((r) => [r.req, r])), stats);
    if (fill.length) await this.readFill(fill, stats);
    // Blocks follow the areas as they are now (a paste may have filled one), so no count query can exceed the limit.
    for (const c of scope) rebuildBlocks(c);

    // Sheets that appeared meanwhile (in scope) are probed and read by one more pass.
    const scopeIds = new Set(scope.map((c) => c.id));
    const added = this.layout!.sheets.filter((s) => !scopeIds.has(s.id) && inScope(s.name));
    if (added.length) return this.readScope(onlySheets, { fresh: false }, stats, safe);
    return this.gridsOf(scopeIds);
  }

  /** Decides before the probe whether a cached sheet can be patched by rows or must be read whole. */
  private triage(c: SheetCache, fresh: boolean): void {
    if (fresh) c.grid = null;
    // Another formula may now give a different value: rows with formulas not ours are read again.
    if (c.grid && c.used && c.formulasStale) c.dirty = normalizeSpans([...c.dirty, ...foreignFormulaRows(c.grid, this.layout!.prior)]);
    c.formulasStale = false;
    if (c.grid && c.used) {
      const dirtyRows = c.dirty.reduce((n, [t, b]) => n + b - t + 1, 0);
      if (dirtyRows > (c.used.bottom - c.used.top + 1) * DIRTY_SHARE_FULL) c.grid = null;
    }
  }

  /** What the probe reads: uncached sheets whole, cached ones their dirty rows. */
  private planProbe(scope: SheetCache[], safe: boolean): Probe {
    const probe: Probe = { scope, reqs: [], whole: new Map(), spans: new Map(), used: new Map(), sheetList: null };
    for (const c of scope) {
      if (!c.used) continue;
      if (!c.grid) {
        const req: RectRequest = { rect: { sheet: c.id, ...c.used }, cells: true, merges: safe ? 'bound' : this.mergePlanFor(c) };
        probe.whole.set(c, req);
        probe.reqs.push(req);
        continue;
      }
      // Merging or unmerging raises onChanged (RangeEdited) over the area (OfficeDev/office-js#4069), so the
      // dirty rows carry every merge change: the clean rows are not asked for their merged areas again.
      const dirty = dirtyRowRequests(c);
      probe.spans.set(c, dirty);
      probe.reqs.push(...dirty);
    }
    return probe;
  }

  /** Applies what the probe showed to the caches; returns the reads still needed. */
  private reconcile(probe: Probe, byReq: Map<RectRequest, RectResult>, stats: SyncStats): Fill[] {
    const list = probe.sheetList;
    if (list) this.refreshSheetList(list.items.map((w) => ({ id: w.id, name: w.name })));
    const fill: Fill[] = [];
    for (const c of probe.scope) {
      // Deleted meanwhile (refreshSheetList dropped its cache).
      if (!this.caches.has(c.id)) continue;
      const u = probe.used.get(c);
      const now: MergeArea | null = u && !u.isNullObject ? parseArea(u.address) : null;
      const w = probe.whole.get(c);
      if (w) settleWhole(c, byReq.get(w)!, now, stats);
      else if (!c.used) {
        c.used = now;
        c.grid = null;
      } else if (c.grid) {
        applyDirtyRows(c, probe.spans.get(c) ?? [], byReq);
        fill.push(...followUsedRange(c, now));
      }
      c.dirty = [];
      if (!c.grid && c.used) fill.push({ cache: c, kind: 'whole', req: { rect: { sheet: c.id, ...c.used }, cells: true, merges: 'bound' } });
    }
    // A whole read supersedes the sheet's partial ones.
    const wholeIds = new Set(fill.filter((f) => f.kind === 'whole').map((f) => f.cache.id));
    return fill.filter((f) => f.kind === 'whole' || !wholeIds.has(f.cache.id));
  }

  /** The reads the probe showed are missing, in as few syncs as the budget allows. */
  private async readFill(todo: Fill[], stats: SyncStats): Promise<void> {
    const more = await this.run((ctx) => readRects(ctx, todo.map((f) => f.req), stats, this.chunking));
    const got = new Map(more.map((r) => [r.req, r]));
    for (const f of todo) {
      const r = got.get(f.req)!;
      const c = f.cache;
      if (f.kind === 'whole') {
        c.grid = gridOf(c.name, r.cells, r.merges ?? []);
        stats.fullSheets++;
      } else if (c.grid) {
        if (r.cells) applyCells(c.grid, r.cells);
        replaceMerges(c.grid, f.req.rect.top, f.req.rect.bottom, r.merges ?? []);
      }
    }
  }

  /** The scope's grids in workbook order, the layout's used ranges brought up to date. */
  private gridsOf(scopeIds: Set<string>): SheetGrid[] {
    return this.layout!.sheets
      .filter((s) => scopeIds.has(s.id))
      .map((s) => {
        const c = this.caches.get(s.id)!;
        if (!c.grid) c.grid = gridOf(c.name, null, []);
        c.grid.name = c.name;
        s.used = c.used;
        return c.grid;
      });
  }

  /** How to read a sheet's merged areas with its cells: counts known from the last read, one query when small, else bounded from the values. */
  private mergePlanFor(c: SheetCache): RectRequest['merges'] {
    const u = c.used!;
    if (c.blocks.length && c.blocks[0].top === u.top && c.blocks[c.blocks.length - 1].bottom === u.bottom) return { blocks: c.blocks };
    const cells = (u.bottom - u.top + 1) * (u.right - u.left + 1);
    if (cells <= OPTIMISTIC_MERGE_CELLS) return { blocks: [{ top: u.top, bottom: u.bottom, count: 0 }] };
    return 'bound';
  }

  /** The workbook's sheets now: renamed ones keep their cache (ids are stable), new ones start empty, deleted ones go. */
  private refreshSheetList(now: { id: string; name: string }[]): void {
    const layout = this.layout!;
    const old = new Map(layout.sheets.map((s) => [s.id, s]));
    layout.sheets = now.map((w) => {
      const c = this.caches.get(w.id);
      if (c) c.name = w.name;
      else this.caches.set(w.id, newCache(w.id, w.name, null));
      const prev = old.get(w.id);
      return prev ? { ...prev, name: w.name } : { id: w.id, name: w.name, used: null };
    });
    const ids = new Set(now.map((w) => w.id));
    for (const id of [...this.caches.keys()]) if (!ids.has(id)) this.caches.delete(id);
  }

  isOwnChange(ev: ChangeEvent): boolean {
    return this.echo.isOwnChange(ev);
  }

  async select(sheet: string, address: string): Promise<void> {
    await this.userFacing(() => this.run((ctx) => selectCell(ctx, sheet, address, newStats())), sheet);
  }

  async addDropdowns(cells: { sheet: string; address: string }[]): Promise<number> {
    return this.userFacing(() => this.run((ctx) => addQualitativeDropdowns(ctx, cells, newStats())));
  }

  /** Excel recalculates every formula (the worksheet functions' default profile changed). */
  async recalculate(): Promise<void> {
    await this.userFacing(() => this.run((ctx) => recalculateAll(ctx, newStats())));
  }

  /** Adds (or rewrites the add-in's own) sheet of plain values, e.g. the roll-up's 汇总明细; returns its name. */
  async writeDetailSheet(sheet: DetailSheet): Promise<string> {
    return this.userFacing(() => this.run((ctx) => writeDetailSheet(ctx, sheet, newStats())));
  }

  async saveSetting(key: string, value: string): Promise<void> {
    await this.userFacing(() => this.run((ctx) => saveSetting(ctx, key, value, newStats())));
    if (this.layout) this.layout.settings[key] = value;
  }
}

/** One probe sync: what it asks for, and the proxies its extra loads fill in. */
interface Probe {
  scope: SheetCache[];
  reqs: RectRequest[];
  whole: Map<SheetCache, RectRequest>;
  spans: Map<SheetCache, RectRequest[]>;
  used: Map<SheetCache, Excel.Range>;
  sheetList: Excel.WorksheetCollection | null;
}

/** A read the probe showed is needed: a sheet whole, or rows added at the bottom. */
interface Fill {
  cache: SheetCache;
  req: RectRequest;
  kind: 'whole' | 'rows';
}

/** The probe's own loads, riding on the first sync of readRects (and again on each retry of it). */
function loadProbe(ctx: Excel.RequestContext, probe: Probe): () => void {
  probe.sheetList = ctx.workbook.worksheets;
  probe.sheetList.load('items/name,items/id');
  for (const c of probe.scope) {
    const ws = ctx.workbook.worksheets.getItem(c.id);
    const u = ws.getUsedRangeOrNullObject(true);
    u.load('address');
    probe.used.set(c, u);
  }
  return () => undefined;
}

/** The dirty rows of a cached sheet, clipped to its used range, each span with its merged areas. */
function dirtyRowRequests(c: SheetCache): RectRequest[] {
  const used = c.used!;
  const width = used.right - used.left + 1;
  const reqs: RectRequest[] = [];
  for (const [t, b] of c.dirty) {
    const top = Math.max(t, used.top);
    const bottom = Math.min(b, used.bottom);
    if (top > bottom) continue;
    // A span of up to 512 cells cannot hold more areas than that: queried with its cells; a larger one (a paste) is bounded from its values.
    const cells = (bottom - top + 1) * width;
    const merges: RectRequest['merges'] = cells <= EXCEL_LIMITS.mergedAreasPerQuery ? { blocks: [{ top, bottom, count: cells }] } : 'bound';
    reqs.push({ rect: { sheet: c.id, top, bottom, left: used.left, right: used.right }, cells: true, merges });
  }
  return reqs;
}

/** A sheet read whole in the probe counts only if its used range did not move meanwhile. */
function settleWhole(c: SheetCache, r: RectResult, now: MergeArea | null, stats: SyncStats): void {
  if (sameArea(now, c.used)) {
    c.grid = gridOf(c.name, r.cells, r.merges ?? []);
    stats.fullSheets++;
    rebuildBlocks(c);
  } else {
    c.used = now;
    c.grid = null;
  }
}

function applyDirtyRows(c: SheetCache, reqs: RectRequest[], byReq: Map<RectRequest, RectResult>): void {
  for (const req of reqs) {
    const r = byReq.get(req)!;
    applyCells(c.grid!, r.cells!);
    replaceMerges(c.grid!, req.rect.top, req.rect.bottom, r.merges ?? []);
  }
}

/** Rows added or cleared at the bottom are grown or cropped (the new rows read); any other move drops the grid. */
function followUsedRange(c: SheetCache, now: MergeArea | null): Fill[] {
  if (sameArea(now, c.used)) return [];
  const was = c.used;
  if (now && was && now.top === was.top && now.left === was.left && now.right === was.right) {
    setBottom(c, now.bottom);
    if (now.bottom <= was.bottom) return [];
    return [{ cache: c, kind: 'rows', req: { rect: { sheet: c.id, top: was.bottom + 1, bottom: now.bottom, left: now.left, right: now.right }, cells: true, merges: 'bound' } }];
  }
  c.used = now;
  c.grid = null;
  return [];
}

function sameArea(a: MergeArea | null, b: MergeArea | null): boolean {
  if (!a || !b) return a === b;
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}
