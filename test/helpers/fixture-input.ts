import ExcelJS from 'exceljs';
import * as path from 'path';
import Decimal from 'decimal.js';
import type { FormInput, RowInput, TaskInput } from '../../src/engine';
import { FIXTURES, type ExpectedForm } from './fixtures';

/**
 * Builds the engine input of a fixture form straight from its workbook, using only the
 * addresses in the expected file and the header labels: a test harness for the engine alone,
 * independent of the sheet recogniser (which has its own tests).
 */
const books = new Map<string, Promise<ExcelJS.Workbook>>();
function book(name: string): Promise<ExcelJS.Workbook> {
  let p = books.get(name);
  if (!p) {
    const wb = new ExcelJS.Workbook();
    p = wb.xlsx.readFile(path.join(FIXTURES, name)).then(() => wb);
    books.set(name, p);
  }
  return p;
}

type Field = keyof RowInput;
const HEADER: [RegExp, Field][] = [
  [/^一级指标/, 'level1'],
  [/^二级指标/, 'level2'],
  [/^三级指标/, 'level3'],
  [/^(运算符号|绩效指标性质)$/, 'operator'],
  [/^(内容|指标值|年初目标值|本年绩效指标值|绩效指标值)/, 'target'],
  [/度量单位$/, 'unit'],
  [/^(分值|权重|本年权重)$/, 'weight'],
  [/^(全年完成值|实际完成值)/, 'actual'],
  [/^完成程度$/, 'completion'],
];

function cellInput(cell: ExcelJS.Cell): string | number | null {
  const v = cell.value;
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') {
    // A percent-formatted number is the percentage a person sees.
    return /%/.test(cell.numFmt ?? '') ? `${new Decimal(String(v)).times(100).toFixed()}%` : v;
  }
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return (v.result as number) ?? null;
  return String(v);
}

function text(cell: ExcelJS.Cell): string {
  const v = cellInput(cell);
  return v === null ? '' : String(v).replace(/\s+/g, '');
}

/** The value next to (or under) the first cell whose text matches `label`, above row `before`. */
function labelled(ws: ExcelJS.Worksheet, label: RegExp, before: number): string | number | null {
  for (let r = 1; r < before; r++) {
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      if (cell.isMerged && cell.master !== cell) continue;
      if (!label.test(text(cell))) continue;
      for (let c2 = c + 1; c2 <= ws.columnCount; c2++) {
        const right = ws.getCell(r, c2);
        if (right.isMerged && right.master.address === cell.address) continue;
        const v = cellInput(right);
        if (v !== null && (typeof v === 'number' || /^[\d.\s%]+$/.test(v))) return v;
        break;
      }
      return cellInput(ws.getCell(r + 1, c));
    }
  }
  return null;
}

/** 正向 / 反向 say which way is better, not which operator: the harness leaves them to the engine's inference. */
const POLARITY = /^(正向|反向)$/;

/**
 * The national layout fixtures (N1–N7) list their columns and funds cells: the input is read from
 * exactly those addresses (split targets joined with their unit column; 调整后指标值 over 年初指标值).
 */
function nationalInput(ws: ExcelJS.Worksheet, f: ExpectedForm): FormInput {
  const cols = f.columns as Record<string, string>;
  const funds = f.funds as { budget_cell: string; spent_cell: string; weight_cell: string };
  const at = (col: string | undefined, r: number) => (col ? cellInput(ws.getCell(`${col}${r}`)) : null);
  const rows: RowInput[] = [];
  let level1 = '';
  let level2 = '';
  for (const er of f.rows) {
    const members = er.excel_rows ?? [er.excel_row];
    members.forEach((r, k) => {
      level1 = (at(cols.level1, r) as string) || level1;
      level2 = (at(cols.level2, r) as string) || level2;
      const nature = at(cols.nature, r) as string | null;
      const direction = at(cols.dir, r) as string | null;
      rows.push({
        level1,
        level2,
        level3: at(cols.level3, r) as string,
        operator: direction ?? (nature && !POLARITY.test(nature) ? nature : null),
        target: cols.t1 ? (at(cols.t1, r) ?? at(cols.t0, r)) : at(cols.target ?? cols.tvalue, r),
        unit: at(cols.tunit, r) as string | null,
        weight: k === 0 ? at(cols.weight, r) : null,
        actual: at(cols.actual, r),
        scoringUnit: members.length > 1 ? `r${er.excel_row}` : null,
      });
    });
  }
  return {
    kind: f.kind,
    title: f.sheet,
    budget: cellInput(ws.getCell(funds.budget_cell)),
    spent: cellInput(ws.getCell(funds.spent_cell)),
    executionWeight: cellInput(ws.getCell(funds.weight_cell)),
    tasks: [],
    rows,
  };
}

export async function fixtureInput(f: ExpectedForm): Promise<FormInput> {
  const wb = await book(f.workbook);
  const ws = wb.getWorksheet(f.sheet);
  if (!ws) throw new Error(`sheet ${f.sheet} not in ${f.workbook}`);
  if (f.columns && f.funds) return nationalInput(ws, f);
  const headerTop = f.header_rows[0];
  const columns = new Map<Field, number>();
  for (const hr of [...new Set([...f.header_rows.slice(0, 1), headerTop + 1])]) {
    for (let c = 1; c <= ws.columnCount; c++) {
      const t = text(ws.getCell(hr, c));
      const hit = HEADER.find(([re]) => re.test(t));
      if (hit && !(ws.getCell(hr, c).isMerged && ws.getCell(hr, c).master.address !== ws.getCell(hr, c).address)) {
        if (hr === headerTop || !columns.has(hit[1]) || hit[1] === 'target') columns.set(hit[1], c);
      }
    }
  }
  const rows: RowInput[] = [];
  let level1 = '';
  let level2 = '';
  for (const er of f.rows) {
    const members = er.excel_rows ?? [er.excel_row];
    members.forEach((r, k) => {
      const get = (field: Field) => (columns.has(field) ? cellInput(ws.getCell(r, columns.get(field)!)) : null);
      level1 = (get('level1') as string) || level1;
      level2 = (get('level2') as string) || level2;
      rows.push({
        level1,
        level2,
        level3: get('level3') as string,
        operator: get('operator') as string,
        target: get('target'),
        unit: get('unit') as string,
        weight: k === 0 ? get('weight') : null,
        actual: get('actual'),
        completion: get('completion'),
        scoringUnit: members.length > 1 ? `r${er.excel_row}` : null,
      });
    });
  }
  const tasks: TaskInput[] = (f.tasks ?? []).map((t) => ({
    name: t.project,
    allocated: cellInput(ws.getCell(t.excel_row, 5)),
    spent: cellInput(ws.getCell(t.excel_row, 7)),
    weight: cellInput(ws.getCell(t.excel_row, 9)),
  }));
  const execLabel = (() => {
    for (let r = 1; r < headerTop; r++)
      for (let c = 1; c <= ws.columnCount; c++) {
        const m = /^得分[(（](\d+)分\*执行率[)）]$/.exec(text(ws.getCell(r, c)));
        if (m) return Number(m[1]);
      }
    return null;
  })();
  return {
    kind: f.kind,
    title: f.sheet,
    budget: labelled(ws, /^(项目预算金额|预算数\(A\)|预算数（A）)/, headerTop),
    spent: labelled(ws, /^(全年执行数|执行数\(B\)|执行数（B）)/, headerTop),
    executionWeight: execLabel,
    tasks,
    rows,
  };
}
