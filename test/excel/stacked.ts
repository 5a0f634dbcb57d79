import { FakeWorkbook, type FakeBookJson } from './fake-excel';
import { fixtureBookJson } from './load-fixture';

export interface Stacked {
  wb: FakeWorkbook;
  sheet: string;
  /** Forms in the sheet, each `height` rows followed by one blank row. */
  forms: number;
  height: number;
  /** Merged areas of one form. */
  mergesPerForm: number;
  /** The JSON the workbook was built from, for building its twin. */
  json: FakeBookJson;
}

/** One sheet of `rows` rows: a fixture's form repeated down the sheet, a blank row between copies (the "stacked forms"). */
export async function stackedWorkbook(rows: number, file = 'liaoning-project-F03.xlsx', name = '汇总'): Promise<Stacked> {
  const src = (await fixtureBookJson(file)).sheets[0];
  const height = Math.max(...src.cells.map((c) => c[0]), ...src.merges.map((m) => m.bottom));
  const step = height + 1;
  const forms = Math.max(1, Math.floor(rows / step));
  const sheet: FakeBookJson['sheets'][number] = { name, cells: [], merges: [] };
  for (let k = 0; k < forms; k++) {
    const off = k * step;
    for (const [r, c, v, f, formula] of src.cells) sheet.cells.push(formula ? [r + off, c, v, f, formula] : [r + off, c, v, f]);
    for (const m of src.merges) sheet.merges.push({ top: m.top + off, left: m.left, bottom: m.bottom + off, right: m.right });
  }
  const json: FakeBookJson = { sheets: [sheet] };
  return { wb: FakeWorkbook.fromJSON(json), sheet: name, forms, height, mergesPerForm: src.merges.length, json };
}
