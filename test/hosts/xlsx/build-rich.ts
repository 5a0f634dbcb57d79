import ExcelJS from 'exceljs';
import { TINY_PNG } from './helpers';

/**
 * A workbook with the things a file round trip tends to lose: formulas (plain, shared, cross-sheet),
 * comments, data validation, conditional formatting, column widths, row heights, an image, a
 * defined name, rich text, a hyperlink, a date, an error, merges, a frozen pane and a second sheet.
 */
export async function buildRichWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao test';
  const ws = wb.addWorksheet('表一', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [{ width: 14 }, { width: 30 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 16 }];
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = '2024年度项目绩效自评表';
  ws.getCell('A1').font = { bold: true, size: 16, name: '宋体' };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(1).height = 30;
  ws.getRow(2).values = ['序号', '指标', '目标', '实际', '完成程度', '得分'];
  ws.getRow(2).font = { bold: true };
  for (let i = 0; i < 6; i++) {
    const r = 3 + i;
    ws.getCell(`A${r}`).value = i + 1;
    ws.getCell(`B${r}`).value = `指标 ${i + 1}`;
    ws.getCell(`C${r}`).value = 100 + i;
    ws.getCell(`D${r}`).value = 95 + i;
    ws.getCell(`E${r}`).numFmt = '0.00%';
    ws.getCell(`E${r}`).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    ws.getCell(`F${r}`).numFmt = '0.00';
    ws.getCell(`F${r}`).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  }
  // Rows 9 and 10 are left out on purpose: the write test puts cells there.
  ws.getCell('C11').value = { formula: 'SUM(C3:C8)', result: 615 };
  ws.getCell('D11').value = { formula: 'SUM(D3:D8)', result: 585 };
  ws.getCell('G3').value = { formula: 'D3/C3', result: 0.95, shareType: 'shared', ref: 'G3:G8' } as ExcelJS.CellValue;
  for (let r = 4; r <= 8; r++) ws.getCell(`G${r}`).value = { sharedFormula: 'G3', result: (95 + r - 3) / (100 + r - 3) } as ExcelJS.CellValue;
  ws.getCell('B12').value = { richText: [{ text: '加粗', font: { bold: true } }, { text: '普通' }] };
  ws.getCell('B13').value = { text: '链接', hyperlink: 'https://example.invalid/x' };
  ws.getCell('B14').value = new Date(Date.UTC(2024, 11, 31));
  ws.getCell('B15').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
  ws.getCell('B16').value = true;
  ws.getCell('B3').note = '这是批注';
  ws.getCell('D3').dataValidation = { type: 'decimal', operator: 'between', formulae: [0, 1000], showErrorMessage: true, errorTitle: '错误', error: '0 到 1000' };
  ws.getCell('B17').dataValidation = { type: 'list', allowBlank: true, formulae: ['"达成,未达成"'] };
  ws.addConditionalFormatting({
    ref: 'F3:F8',
    rules: [{ type: 'cellIs', operator: 'lessThan', formulae: [60], priority: 1, style: { font: { color: { argb: 'FFFF0000' } } } }],
  });
  const image = wb.addImage({ buffer: TINY_PNG as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(image, { tl: { col: 7, row: 2 }, ext: { width: 40, height: 40 } });
  wb.definedNames.add("'表一'!$C$3:$C$8", '目标值');

  const second = wb.addWorksheet('Second');
  second.getCell('A1').value = '引用';
  second.getCell('B1').value = { formula: "'表一'!C11*2", result: 1230 };
  second.getCell('A2').value = 3.5;
  second.getColumn(1).width = 20;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
