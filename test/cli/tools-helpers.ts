import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../../src/hosts/xlsx';
import { parseA1, type CellWrite } from '../../src/sheet';
import { runCli } from './run';

/** Helpers for the tests that send a scored workbook through other tools (ExcelJS, LibreOffice). */
export const SAMPLE = path.join(__dirname, '..', '..', 'examples', '辽宁-项目自评表.xlsx');
export const SHEET = '就业创业服务经费';

/** The sample scored in place in a fresh folder. */
export async function scoredSample(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-tools-')), 'a.xlsx');
  fs.copyFileSync(SAMPLE, file);
  expect((await runCli(['score', file, '--in-place'])).code).toBe(0);
  return file;
}

/** Edits one input cell with our own writer, which keeps every other part (as Excel does). */
export async function editActual(file: string, address: string, value: number): Promise<void> {
  const book = await readXlsxWorkbook(file);
  const w: CellWrite = { sheet: SHEET, address, ...parseA1(address)!, value, kind: 'row-score' };
  await writeXlsxWorkbook(book, { writes: [w], kept: [], prior: book.grid.prior }, { path: file, inPlace: true });
}

export async function cellValue(file: string, address: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet(SHEET)!.getCell(address).value;
}

export interface Report {
  files: { forms: { total: string; rows: { excelRow: number; score: string; flags: string[] }[] }[]; kept: unknown[]; discrepancies: { cell: string; value: unknown; ruleValue: string }[]; accepted?: { cell: string }[] }[];
}

/** Problems that count for the exit code (warnings and errors), as code@cell. */
export function counted(report: Report): string[] {
  const forms = (report.files[0] as unknown as { forms: { problems: { code: string; severity: string; cell?: string }[] }[] }).forms;
  return forms.flatMap((f) => f.problems.filter((p) => p.severity !== 'info').map((p) => `${p.code}@${p.cell}`));
}

