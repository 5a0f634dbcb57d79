import { canonicalCellText, type CellWrite } from '../../sheet/grid';
import { cellsOf, parseArea } from './address';

/** The part of Excel.WorksheetChangedEventArgs this module reads. */
export interface ChangeEvent {
  worksheetId: string;
  address: string;
  /** ExcelApi 1.14: 'ThisLocalAddin' for changes made by this add-in in this session. */
  triggerSource?: string;
  details?: { valueAfter?: unknown } | null;
}

/**
 * Tells the add-in's own writes from a person's edits. Where ExcelApi 1.14 is there, the event
 * says so itself (triggerSource). Before 1.14 a flag set around the write cannot work — events
 * arrive after the batch, when the flag is long cleared — so each written cell is remembered
 * with its value and an event is ours when it covers only such cells with those values.
 */
export class EchoFilter {
  /** Written cell → canonical text of the value written, or null for a formula (its result is Excel's to compute). */
  private pending = new Map<string, string | null>();

  constructor(private readonly triggerSourceSupported: boolean) {}

  private key(sheetId: string, address: string): string {
    return `${sheetId}|${address}`;
  }

  recordWrites(writes: CellWrite[], sheetIdOf: (name: string) => string | undefined): void {
    if (this.triggerSourceSupported) return;
    for (const w of writes) {
      const id = sheetIdOf(w.sheet);
      if (id) this.pending.set(this.key(id, w.address), w.formula ? null : canonicalCellText(w.value));
    }
  }

  isOwnChange(ev: ChangeEvent): boolean {
    if (this.triggerSourceSupported) return ev.triggerSource === 'ThisLocalAddin';
    const area = parseArea(ev.address);
    const cells = area ? cellsOf(area, 10_000) : null;
    if (!cells) return false;
    const keys = cells.map((c) => this.key(ev.worksheetId, c));
    if (!keys.every((k) => this.pending.has(k))) return false;
    const after = ev.details && 'valueAfter' in ev.details ? ev.details.valueAfter : undefined;
    const written = this.pending.get(keys[0]);
    if (after !== undefined && keys.length === 1 && written !== null && written !== canonicalCellText(after as never)) {
      return false;
    }
    for (const k of keys) this.pending.delete(k);
    return true;
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
