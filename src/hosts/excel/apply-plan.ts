/// <reference types="office-js" />
import { canonicalCellText, type CellWrite, type PriorWrites, type SheetGrid } from '../../sheet/grid';
import { mayWriteOverFormula } from '../cell-value';
import { DEFAULT_CHUNKING, isPayloadError, packBySize, type ChunkOptions } from './limits';
import { countedSync, type SyncStats } from './stats';
import { writeStatePart } from './state-part';

/** Excel's text format: a value written into a cell formatted '@' stays text, even '=SUM(A1)'. */
export const TEXT_FORMAT = '@';

export interface ApplyResult {
  /** The writes actually sent (cells already holding the value are skipped, so a steady state writes nothing). */
  written: CellWrite[];
  statePartId: string | null;
}

/** A formula's result keeps the cell's format unless the plan gives one; never '@', which would turn the formula into text. */
const FORMULA_FORMAT = 'General';

function currentCell(grids: Map<string, SheetGrid>, w: CellWrite): { value: unknown; format: string | null; formula: string | null } | null {
  const g = grids.get(w.sheet);
  if (!g) return null;
  const r = w.row - g.originRow;
  const c = w.col - g.originCol;
  const value = g.values[r]?.[c] ?? null;
  const format = g.formats?.[r]?.[c] ?? null;
  return { value, format, formula: g.formulas?.[w.address] ?? null };
}

/** The number format a write leaves in its cell (null: whatever the cell has). */
export function formatOf(w: CellWrite): string | null {
  if (w.formula) return w.numberFormat ?? FORMULA_FORMAT;
  if (typeof w.value === 'string') return TEXT_FORMAT;
  return w.numberFormat ?? null;
}

/**
 * Skips writes that would change nothing (no event, no echo, no loop), and any write over a
 * formula other than the one the plan says it replaces (a person's formula is never overwritten).
 */
export function effectiveWrites(writes: CellWrite[], grids: SheetGrid[]): CellWrite[] {
  const byName = new Map(grids.map((g) => [g.name, g]));
  return writes.filter((w) => {
    const cur = currentCell(byName, w);
    if (!cur) return true;
    if (!mayWriteOverFormula(cur.formula, w)) return false;
    const same = w.formula
      ? cur.formula === w.formula
      : cur.formula === null && canonicalCellText(cur.value as never) === canonicalCellText(w.value);
    const wantFormat = formatOf(w);
    const sameFormat = !wantFormat || cur.format === wantFormat;
    return !(same && sameFormat);
  });
}

function estimateBytes(w: CellWrite, opts: ChunkOptions): number {
  const v = (typeof w.value === 'string' ? w.value.length * 3 : 16) + (w.formula ? w.formula.length * 3 : 0);
  return opts.bytesPerWrite + v;
}

function queueWrites(ctx: Excel.RequestContext, batch: CellWrite[]): void {
  const sheets = new Map<string, Excel.Worksheet>();
  const sheet = (name: string) => {
    let ws = sheets.get(name);
    if (!ws) {
      ws = ctx.workbook.worksheets.getItem(name);
      sheets.set(name, ws);
    }
    return ws;
  };
  const ranges = batch.map((w) => sheet(w.sheet).getRange(w.address));
  // Text first gets the text format, so no string can ever be parsed as a formula or a number;
  // a formula first loses a text format ('@' would store it as text), e.g. a grade written as a value before.
  batch.forEach((w, i) => {
    if (w.formula) ranges[i].numberFormat = [[formatOf(w)!]];
    else if (typeof w.value === 'string') ranges[i].numberFormat = [[TEXT_FORMAT]];
  });
  // Values (or the formula, only where the plan gives one) first …
  batch.forEach((w, i) => {
    if (w.formula) ranges[i].formulas = [[`=${w.formula}`]];
    else ranges[i].values = [[w.value === null ? '' : w.value]];
  });
  // … number formats after, so a percentage format never reinterprets a value being typed.
  batch.forEach((w, i) => {
    if (!w.formula && typeof w.value === 'number' && w.numberFormat) ranges[i].numberFormat = [[w.numberFormat]];
  });
}

/**
 * Applies a write plan in one sync when it fits the request payload budget (the usual case),
 * else in budget-sized batches; the state part (PriorWrites) goes with the last batch so it is
 * stored only when every value is in.
 */
export async function applyPlan(
  ctx: Excel.RequestContext,
  writes: CellWrite[],
  state: { prior: PriorWrites; changed: boolean; partId: string | null },
  stats: SyncStats,
  opts: ChunkOptions = DEFAULT_CHUNKING,
): Promise<ApplyResult> {
  const batches = packBySize(writes, (w) => estimateBytes(w, opts), opts.syncBudgetBytes);
  // The state record goes with the last batch; with nothing else to write it needs one of its own.
  if (batches.length === 0 && state.changed) batches.push([]);

  let partId = state.partId;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    queueWrites(ctx, batch);
    const last = i === batches.length - 1;
    const part = last && state.changed ? writeStatePart(ctx, state.prior, partId) : null;
    part?.load('id');
    try {
      await countedSync(ctx, stats, 'write');
    } catch (e) {
      if (isPayloadError(e) && batch.length > 1) {
        stats.payloadRetries++;
        const mid = Math.ceil(batch.length / 2);
        batches.splice(i, 1, batch.slice(0, mid), batch.slice(mid));
        i--;
        continue;
      }
      throw e;
    }
    if (part) partId = part.id;
  }
  return { written: writes, statePartId: partId };
}
