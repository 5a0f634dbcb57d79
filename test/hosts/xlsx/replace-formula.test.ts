import ExcelJS from 'exceljs';
import { applyPlanToXlsx } from '../../../src/hosts/xlsx';
import type { CellWrite, WritePlan } from '../../../src/sheet';

async function workbookWithFormula(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表');
  ws.getCell('I9').value = 10;
  ws.getCell('J9').value = { formula: 'JIXIAO.SCORE(D9,E9,G9,I9,F9,"liaoning","project")', result: 10 } as ExcelJS.CellFormulaValue;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const plan = (w: Partial<CellWrite>): WritePlan => ({
  writes: [{ sheet: '表', row: 9, col: 10, address: 'J9', value: 7.5, numberFormat: '0.00', kind: 'row-score', ...w }],
  kept: [],
  prior: {},
});

describe('writing over a formula', () => {
  test('only the formula the product wrote itself may be replaced, and it is replaced whole', async () => {
    const src = await workbookWithFormula();
    for (const other of [{}, { replacesFormula: 'I9*0.9' }]) {
      const kept = new ExcelJS.Workbook();
      await kept.xlsx.load((await applyPlanToXlsx(src, plan(other))) as unknown as ArrayBuffer);
      expect(kept.worksheets[0].getCell('J9').formula).toBe('JIXIAO.SCORE(D9,E9,G9,I9,F9,"liaoning","project")');
    }
    const out = await applyPlanToXlsx(src, plan({ replacesFormula: 'JIXIAO.SCORE(D9,E9,G9,I9,F9,"liaoning","project")' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    expect([wb.worksheets[0].getCell('J9').value, wb.worksheets[0].getCell('J9').formula]).toEqual([7.5, undefined]);
  });
});
