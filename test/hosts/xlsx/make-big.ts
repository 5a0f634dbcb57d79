import * as fs from 'fs';
import ExcelJS from 'exceljs';

export interface BigWorkbookInfo {
  path: string;
  bytes: number;
  rows: number;
  /** Name of the big sheet (the second one; the first is a small form). */
  dataSheet: string;
}

/** Deterministic so a failing run can be reproduced. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * Writes a large workbook with ExcelJS's streaming writer (fast, little memory): a small form
 * sheet first, then `rows` rows of mixed numbers, text, percentages and formulas. 170,000 rows
 * come to about 10 MB.
 */
export async function makeBigWorkbook(file: string, rows = 170_000): Promise<BigWorkbookInfo> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const form = wb.addWorksheet('表单');
  form.columns = [{ width: 20 }, { width: 12 }, { width: 12 }];
  form.addRow(['项目名称', '预算', '执行']).commit();
  form.addRow(['培训经费', 100, 99.5]).commit();
  form.mergeCells('A4:C4');
  form.addRow([]).commit();
  form.addRow(['合并区域']).commit();
  await form.commit();

  const dataSheet = '明细';
  const ws = wb.addWorksheet(dataSheet);
  ws.columns = [{ width: 10 }, { width: 32 }, { width: 14 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const rnd = lcg(7);
  for (let r = 1; r <= rows; r++) {
    const row = ws.addRow([
      r,
      `指标${r % 997} 名称 ${Math.floor(rnd() * 1e6)}`,
      Math.round(rnd() * 1e6) / 100,
      Math.round(rnd() * 1e4) / 10000,
      rnd() > 0.5 ? '≥95%' : '完成',
      Math.round(rnd() * 1e5) / 1000,
      null,
      { formula: `C${r}*2`, result: 0 },
    ]);
    row.getCell(4).numFmt = '0.00%';
    row.getCell(7).numFmt = '0.00';
    row.commit();
  }
  await ws.commit();
  await wb.commit();
  return { path: file, bytes: fs.statSync(file).size, rows, dataSheet };
}

