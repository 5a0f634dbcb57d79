import * as fs from 'fs';
import * as path from 'path';
import { applyPlanToXlsx } from '../../src/hosts/xlsx';
import { parseA1, type CellWrite } from '../../src/sheet';
import { FIXTURES } from '../helpers/fixtures';
import { UNITS } from './f02-split';

/**
 * Workbooks built from liaoning-project-F02.xlsx: three units holding a third of the amounts and
 * actuals each, and a summary holding only the targets and weights. Actuals in G9:G15, the
 * qualitative row's completion in H15, budget C6, spent F6 (the fixture's layout).
 */
export const F02 = path.join(FIXTURES, 'liaoning-project-F02.xlsx');
export const SHEET = 'F02 职称评审及技术等级晋升培训经费';

export function put(address: string, value: number | string | null, numberFormat?: string): CellWrite {
  const at = parseA1(address)!;
  // Input cells, written through the host's plan path like any cell.
  return { sheet: SHEET, row: at.row, col: at.col, address, value, kind: 'row-score', ...(numberFormat ? { numberFormat } : {}) };
}

export async function build(file: string, writes: CellWrite[]): Promise<void> {
  fs.writeFileSync(file, await applyPlanToXlsx(fs.readFileSync(F02), { writes, kept: [], prior: {} }));
}

export async function unitBook(dir: string, u: keyof typeof UNITS): Promise<string> {
  const src = UNITS[u];
  const writes = [put('C6', Number(src.budget)), put('F6', Number(src.spent))];
  src.actuals.forEach((v, i) => writes.push(put(`G${9 + i}`, v)));
  if ('completion6' in src) writes.push(put('H15', 0.7, '0%'));
  const file = path.join(dir, `单位${u}.xlsx`);
  await build(file, writes);
  return file;
}

export async function summaryBook(dir: string): Promise<string> {
  const file = path.join(dir, '汇总.xlsx');
  await build(file, [put('C6', null), put('F6', null), ...[9, 10, 11, 12, 13, 14, 15].map((r) => put(`G${r}`, null))]);
  return file;
}

