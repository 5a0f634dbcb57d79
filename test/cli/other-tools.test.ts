import ExcelJS from 'exceljs';
import * as fs from 'fs';
import JSZip from 'jszip';
import * as path from 'path';
import { at2 } from '../helpers/fixtures';
import { runCli } from './run';
import { counted, cellValue, editActual, scoredSample, SHEET, type Report } from './tools-helpers';

/** Rewrites every number of the sheet parts with 15 significant digits, as LibreOffice saves them. */
async function fifteenDigits(file: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    zip.file(name, xml.replace(/<v>(-?\d+\.\d{15,})<\/v>/g, (_, n: string) => `<v>${Number(Number(n).toPrecision(15))}</v>`));
  }
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
}

describe('a workbook saved by another tool, then edited, then scored again', () => {
  test('numbers re-saved with 15 digits are still ours: the edited actual moves its score and the total', async () => {
    const file = await scoredSample();
    const before = await cellValue(file, 'F17');
    await fifteenDigits(file);
    expect(await cellValue(file, 'F17')).not.toBe(before); // 9.186058981233243 → 9.18605898123324
    await editActual(file, 'G9', 30); // ≥ 20: over-achievement penalty, 10 → 5
    const res = await runCli(['score', file, '--in-place', '--json']);
    const report: Report = JSON.parse(res.out);
    // Exit 1 only because the edited row now loses points without a reason (K9 is empty).
    expect([res.code, counted(report)]).toEqual([1, ['missing-reason@K9']]);
    expect(report.files[0].kept).toEqual([]);
    expect(report.files[0].discrepancies).toEqual([]);
    expect(await cellValue(file, 'J9')).toBe(5);
    expect(at2(String(await cellValue(file, 'K17')))).toBe(at2(report.files[0].forms[0].total));
    expect(at2(report.files[0].forms[0].total)).toBe('87.89');
  });

  test('a save that drops our record (ExcelJS): a differing result is a discrepancy, listed with both values; --accept-rule takes the rule', async () => {
    const file = await scoredSample();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet(SHEET)!.getCell('G9').value = 30;
    await wb.xlsx.writeFile(file);
    expect(Object.keys((await JSZip.loadAsync(fs.readFileSync(file))).files).some((n) => n.startsWith('customXml/'))).toBe(false);

    const text = await runCli(['score', file, '-o', path.join(path.dirname(file), 'check.xlsx')]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('没有助手记录');
    expect(text.out).toMatch(/就业创业服务经费!J9：单元格为 10，按规则为 5/);
    expect(text.out).toContain('--accept-rule');

    const res = await runCli(['score', file, '--in-place', '--json']);
    const kept: Report = JSON.parse(res.out);
    expect(res.code).toBe(1);
    expect(kept.files[0].discrepancies).toEqual([{ sheet: SHEET, cell: 'J9', kind: 'row-score', value: 10, ruleValue: '5' }]);
    expect(await cellValue(file, 'J9')).toBe(10); // not overwritten: it may be a person's

    const accept = await runCli(['score', file, '--in-place', '--accept-rule', '--json']);
    const taken: Report = JSON.parse(accept.out);
    expect([accept.code, counted(taken)]).toEqual([1, ['missing-reason@K9']]);
    expect(taken.files[0].discrepancies).toEqual([]);
    expect(taken.files[0].accepted?.map((a) => a.cell)).toEqual(['J9']);
    expect(await cellValue(file, 'J9')).toBe(5);
    expect(at2(String(await cellValue(file, 'K17')))).toBe('87.89');

    // The record is back: the next run is clean and a later edit is followed without the flag.
    await editActual(file, 'G9', 20);
    const next = await runCli(['score', file, '--in-place', '--json']);
    expect(next.code).toBe(0);
    expect(await cellValue(file, 'J9')).toBe(10);
    expect(at2(String(await cellValue(file, 'K17')))).toBe('92.89');
  });

  test('a stale total with no record is a discrepancy too (derived cells are never silently kept)', async () => {
    const file = await scoredSample();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet(SHEET)!.getCell('K17').value = 50; // 总分
    await wb.xlsx.writeFile(file);
    const res = await runCli(['score', file, '--in-place', '--json']);
    const report: Report = JSON.parse(res.out);
    expect(res.code).toBe(1);
    expect(report.files[0].discrepancies.map((d) => [d.cell, d.value, at2(d.ruleValue)])).toEqual([['K17', 50, '92.89']]);
    const accept = await runCli(['score', file, '--in-place', '--accept-rule']);
    expect(accept.code).toBe(0);
    expect(at2(String(await cellValue(file, 'K17')))).toBe('92.89');
  });
});
