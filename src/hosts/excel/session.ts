/// <reference types="office-js" />
import type { WorkbookScore } from '../../sheet/contract';
import type { CellWrite, SheetGrid, WorkbookGrid } from '../../sheet/grid';
import { applyPlan, effectiveWrites } from './apply-plan';
import { EchoFilter, type ChangeEvent } from './echo-filter';
import { DEFAULT_CHUNKING, type ChunkOptions } from './limits';
import { readLayout, readSheets, type WorkbookLayout } from './read-workbook';
import { mergePrior, samePrior } from './state-part';
import { newStats, type SyncStats } from './stats';
import { addQualitativeDropdowns, recalculateAll, saveSetting, selectCell } from './workbook-ui';

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
 * The Office.js host: keeps what it learnt about the open workbook (sheet list, used ranges,
 * the state record) so that one recompute costs one read sync and one write sync.
 */
export class ExcelSession {
  layout: WorkbookLayout | null = null;
  readonly echo: EchoFilter;
  private readonly chunking: ChunkOptions;

  constructor(
    private readonly run: ExcelRunner,
    private readonly opts: SessionOptions,
  ) {
    this.echo = new EchoFilter(opts.triggerSourceSupported);
    this.chunking = opts.chunking ?? DEFAULT_CHUNKING;
  }

  async prepare(stats: SyncStats = newStats()): Promise<WorkbookLayout> {
    this.layout = await this.run((ctx) => readLayout(ctx, this.opts.settingKeys ?? [], stats));
    return this.layout;
  }

  sheetIdOf(name: string): string | undefined {
    return this.layout?.sheets.find((s) => s.name === name)?.id;
  }

  sheetNameOf(id: string): string | undefined {
    return this.layout?.sheets.find((s) => s.id === id)?.name;
  }

  /**
   * Reads the given sheets (all when omitted), scores them and writes the outputs. The layout is
   * refreshed (extra syncs) only when the sheet list changed since it was taken.
   */
  async recompute(score: ScoreWorkbook, onlySheets?: string[]): Promise<RecomputeResult> {
    const stats = newStats();
    if (!this.layout) await this.prepare(stats);
    let layout = this.layout!;
    const pick = () => layout.sheets.filter((s) => !onlySheets || onlySheets.includes(s.name));

    let read;
    try {
      read = await this.run((ctx) => readSheets(ctx, pick(), stats, this.chunking));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ItemNotFound') throw e;
      // A sheet was renamed or deleted since the layout was taken.
      layout = await this.prepare(stats);
      read = await this.run((ctx) => readSheets(ctx, pick(), stats, this.chunking));
    }
    const known = layout.sheets.map((s) => s.name);
    if (!onlySheets && read.sheetNames.join('\u0000') !== known.join('\u0000')) {
      layout = await this.prepare(stats);
      read = await this.run((ctx) => readSheets(ctx, pick(), stats, this.chunking));
    }

    const book: WorkbookGrid = { sheets: read.grids, prior: layout.prior };
    const result = score(book);
    const writes = effectiveWrites(result.plan.writes, read.grids);
    const prior = mergePrior(
      layout.prior,
      result.plan.prior,
      read.grids.map((g) => g.name),
    );
    const changed = !samePrior(prior, layout.prior);
    if (writes.length || changed) {
      // Remembered before the sync: the events of these writes may arrive before it resolves.
      this.echo.recordWrites(writes, (n) => this.sheetIdOf(n));
      const applied = await this.run((ctx) =>
        applyPlan(ctx, writes, { prior, changed, partId: layout.statePartId }, stats, this.chunking),
      );
      layout.statePartId = applied.statePartId;
      layout.prior = prior;
    }
    return { score: result, grids: read.grids, written: writes, stats };
  }

  isOwnChange(ev: ChangeEvent): boolean {
    return this.echo.isOwnChange(ev);
  }

  async select(sheet: string, address: string): Promise<void> {
    await this.run((ctx) => selectCell(ctx, sheet, address, newStats()));
  }

  async addDropdowns(cells: { sheet: string; address: string }[]): Promise<number> {
    return this.run((ctx) => addQualitativeDropdowns(ctx, cells, newStats()));
  }

  /** Excel recalculates every formula (the worksheet functions' default profile changed). */
  async recalculate(): Promise<void> {
    await this.run((ctx) => recalculateAll(ctx, newStats()));
  }

  async saveSetting(key: string, value: string): Promise<void> {
    await this.run((ctx) => saveSetting(ctx, key, value, newStats()));
    if (this.layout) this.layout.settings[key] = value;
  }
}
