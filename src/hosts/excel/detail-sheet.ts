/// <reference types="office-js" />
import { columnLetters, type CellValue } from '../../sheet/grid';
import { escapeRegExp } from '../xml-text';
import { TEXT_FORMAT } from './apply-plan';
import { countedSync, type SyncStats } from './stats';

/** A sheet of plain values the add-in makes (the roll-up's 汇总明细), remembered by its id in a workbook setting. */
export interface DetailSheet {
  name: string;
  rows: CellValue[][];
  /** Rows frozen at the top (the header). */
  freezeRows?: number;
  /** The workbook setting that holds the id of the sheet made last time. */
  settingKey: string;
}

/**
 * Writes the sheet in one read sync and two write syncs (the second stores the new sheet's id). The
 * sheet made last time (the id the setting remembers, still named 汇总明细 or 汇总明细 (n)) is cleared
 * and rewritten; any other sheet is a person's and is left alone: a new sheet takes the next free
 * name (汇总明细 (2) …). Text cells are formatted '@' before their value is set, so a unit named
 * '=1+1' stays text. Returns the sheet's name.
 */
export async function writeDetailSheet(ctx: Excel.RequestContext, sheet: DetailSheet, stats: SyncStats): Promise<string> {
  const sheets = ctx.workbook.worksheets;
  sheets.load('items/name,items/id');
  const setting = ctx.workbook.settings.getItemOrNullObject(sheet.settingKey);
  setting.load('value');
  await countedSync(ctx, stats, 'read');

  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced just above (the rule only knows a context named `context`)
  const ownId = setting.isNullObject ? null : String(setting.value);
  // Ours still under the name it was given (a sheet a person renamed is theirs now, like a copy they keep).
  const ownName = new RegExp(`^${escapeRegExp(sheet.name)}( \\(\\d+\\))?$`, 'i');
  const ours = sheets.items.find((w) => w.id === ownId && ownName.test(w.name)) ?? null;
  const taken = new Set(sheets.items.map((w) => w.name.toLowerCase()));
  let name = ours?.name ?? sheet.name;
  for (let n = 2; !ours && taken.has(name.toLowerCase()); n++) name = `${sheet.name} (${n})`;

  const ws = ours ? sheets.getItem(ours.id) : sheets.add(name);
  if (ours) ws.getRange().clear();
  const width = sheet.rows.reduce((m, r) => Math.max(m, r.length), 0);
  if (sheet.rows.length && width) {
    const range = ws.getRange(`A1:${columnLetters(width)}${sheet.rows.length}`);
    const full = sheet.rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null));
    range.numberFormat = full.map((r) => r.map((v) => (typeof v === 'string' ? TEXT_FORMAT : 'General')));
    range.values = full.map((r) => r.map((v) => (v === null ? '' : v))) as never;
  }
  if (sheet.freezeRows) ws.freezePanes.freezeRows(sheet.freezeRows);
  ws.load('id');
  await countedSync(ctx, stats, 'write');
  ctx.workbook.settings.add(sheet.settingKey, ws.id);
  await countedSync(ctx, stats, 'write');
  return name;
}
