/// <reference types="office-js" />
import { countedSync, type SyncStats } from './stats';

/** The tiers of a qualitative row (SCORING.md 3.7), offered as a drop-down. */
export const QUALITATIVE_TIERS = ['达成', '部分达成', '未达成'] as const;

/** Selects a cell so the user sees the problem the pane lists. */
export async function selectCell(ctx: Excel.RequestContext, sheet: string, address: string, stats: SyncStats): Promise<void> {
  const ws = ctx.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(address).select();
  await countedSync(ctx, stats, 'write');
}

/**
 * Offers the tiers as an in-cell list. The alert is off on purpose: cells already holding a
 * description (明显, 良好 …) stay valid and people may still type free text.
 */
export async function addQualitativeDropdowns(
  ctx: Excel.RequestContext,
  cells: { sheet: string; address: string }[],
  stats: SyncStats,
): Promise<number> {
  if (!cells.length) return 0;
  for (const c of cells) {
    const dv = ctx.workbook.worksheets.getItem(c.sheet).getRange(c.address).dataValidation;
    dv.clear();
    dv.rule = { list: { inCellDropDown: true, source: QUALITATIVE_TIERS.join(',') } };
    dv.errorAlert = { showAlert: false, message: '', title: '', style: 'Information' } as Excel.DataValidationErrorAlert;
  }
  await countedSync(ctx, stats, 'write');
  return cells.length;
}

export async function saveSetting(ctx: Excel.RequestContext, key: string, value: string, stats: SyncStats): Promise<void> {
  ctx.workbook.settings.add(key, value);
  await countedSync(ctx, stats, 'write');
}

/**
 * Recalculates every formula: JIXIAO functions are not volatile, so a formula that names no
 * profile keeps its old result when the pane's profile (its default) changes, until this runs.
 */
export async function recalculateAll(ctx: Excel.RequestContext, stats: SyncStats): Promise<void> {
  ctx.workbook.application.calculate('Full');
  await countedSync(ctx, stats, 'write');
}
