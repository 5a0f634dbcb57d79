import * as path from 'path';
import { readXlsxWorkbook } from '../../src/hosts/xlsx';
import type { SheetGrid, WorkbookGrid } from '../../src/sheet/grid';
import { FIXTURES } from '../helpers/fixtures';

/** A fixture workbook as the grids `src/sheet` works on, read by the same reader the CLI uses. */
const cache = new Map<string, Promise<WorkbookGrid>>();

/** A fresh deep copy each call, so tests may change their grid freely. */
export async function loadBook(file: string): Promise<WorkbookGrid> {
  let p = cache.get(file);
  if (!p) {
    p = readXlsxWorkbook(path.join(FIXTURES, file)).then((book) => ({ sheets: book.grid.sheets, prior: {} }));
    cache.set(file, p);
  }
  return structuredClone(await p);
}

export async function loadSheet(file: string, sheet: string): Promise<SheetGrid> {
  const book = await loadBook(file);
  const found = book.sheets.find((s) => s.name === sheet);
  if (!found) throw new Error(`sheet ${sheet} not in ${file}`);
  return found;
}
