import ExcelJS from 'exceljs';
import type { CellValue } from '../../sheet/grid';

/**
 * A new workbook of plain tables (the 审核 result): one sheet per table, header row bold and
 * frozen, an autofilter over the table so it can be sorted and filtered in Excel.
 */
export interface TableSheet {
  name: string;
  header: string[];
  rows: CellValue[][];
  /** Column widths in characters. */
  widths?: number[];
  /** Number formats by column index (e.g. '0.00', '0.00%'). */
  formats?: Record<number, string>;
  /** Skip the autofilter (a key/value sheet). */
  plain?: boolean;
}

export async function tablesWorkbook(sheets: TableSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  for (const t of sheets) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.header);
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
    t.header.forEach((_, i) => {
      const col = ws.getColumn(i + 1);
      col.width = t.widths?.[i] ?? 14;
      const fmt = t.formats?.[i];
      if (fmt) col.numFmt = fmt;
    });
    if (!t.plain && t.rows.length > 0) {
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: t.rows.length + 1, column: t.header.length } };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
