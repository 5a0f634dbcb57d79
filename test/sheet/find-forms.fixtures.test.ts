import { parseValue } from '../../src/engine';
import { findForms, type RecognizedForm } from '../../src/sheet';
import { expectedForms, isNational, type ExpectedForm } from '../helpers/fixtures';
import { columnOf, rowIndexAt, squash, stripGroupWeight } from './expect-helpers';
import { loadSheet } from './load-grid';

const OPS: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<' };

async function recognise(f: ExpectedForm): Promise<RecognizedForm[]> {
  const sheet = await loadSheet(f.workbook, f.sheet);
  return findForms(sheet, {});
}

const all = expectedForms();
const scored = all.filter((f) => f.layout !== 'L4');
const targets = all.filter((f) => f.layout === 'L4');

test('the fixtures hold forms of every layout', () => {
  expect(new Set(all.map((f) => f.layout))).toEqual(new Set(['L1', 'L2', 'L3', 'L4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7']));
  expect(all.filter(isNational)).toHaveLength(14);
  expect(all.length).toBeGreaterThan(74);
});

describe.each(all.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('%s', (_name, f) => {
  let form: RecognizedForm;
  beforeAll(async () => {
    const forms = await recognise(f);
    expect(forms).toHaveLength(1);
    form = forms[0];
  });

  test('is found on its sheet with its header rows and kind', () => {
    expect(form.sheet).toBe(f.sheet);
    expect(form.headerRows).toEqual(f.header_rows);
    expect(form.kind).toBe(f.kind);
    if (f.table_range) expect(form.rangeAddress).toBe(f.table_range);
    expect(form.range.top).toBe(f.header_rows[0]);
    // Target tables prefix names with codes (`21020324T…-基层服务岗位计划补助资金`); the expected file drops them.
    if (f.layout === 'L4') expect(form.name).toContain(String(f.name));
    else expect(form.name).toBe(f.name);
    if (f.layout === 'L4') {
      // A target table names no profile; 000 and 002 are scored with Liaoning rules by their authors.
      expect(form.profileHint === null || form.profileHint === f.profile).toBe(true);
      expect(form.layout).toBe('target-table');
    } else if (isNational(f)) {
      // Nothing in the national template names a region: scored with the national default, and no words claimed.
      expect(form.profileHint).toBeNull();
      expect(form.profileEvidence).toEqual([]);
      expect(form.layout).toMatch(/^national-/);
    } else {
      expect(form.profileHint).toBe(f.profile);
      expect(form.profileEvidence!.length).toBeGreaterThan(0);
    }
  });

  test('reads every indicator row (and nothing else) with its weight, levels and name', () => {
    const wanted = f.rows.filter((r) => r.kind !== 'placeholder');
    const units = form.rowCells.filter((c) => c.excelRows[0] === c.excelRow);
    expect(units.map((c) => c.excelRow)).toEqual(wanted.map((r) => r.excel_row));
    for (const r of wanted) {
      const i = rowIndexAt(form, r.excel_row);
      expect(i).toBeGreaterThanOrEqual(0);
      const row = form.input.rows[i];
      const cells = form.rowCells[i];
      expect(cells.excelRows).toEqual(r.excel_rows ?? [r.excel_row]);
      expect(row.weight ?? null).toBe(r.weight);
      expect(stripGroupWeight(row.level1)).toBe(r.level1);
      expect(row.level2).toBe(r.level2);
      expect(squash(row.level3)).toBe(squash(r.indicator));
      for (const other of cells.excelRows.slice(1)) {
        const j = rowIndexAt(form, other);
        expect(form.input.rows[j].weight ?? null).toBeNull();
        expect(form.input.rows[j].scoringUnit).toBe(row.scoringUnit);
        expect(form.rowCells[j].score).toBe(cells.score);
      }
      if (cells.excelRows.length > 1) expect(row.scoringUnit).toBeTruthy();
      else expect(row.scoringUnit ?? null).toBeNull();
    }
    for (const p of f.rows.filter((r) => r.kind === 'placeholder')) expect(rowIndexAt(form, p.excel_row)).toBe(-1);
    // Template noise (N6) and 年度主要任务 text rows (N7) are not indicators.
    const notRows = [...((f.non_scored_rows as { excel_row: number }[] | undefined) ?? []), ...((f.task_rows as { excel_row: number }[] | undefined) ?? [])];
    for (const n of notRows) expect(rowIndexAt(form, n.excel_row)).toBe(-1);
  });
});

describe.each(scored.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('outputs of %s', (_name, f) => {
  test('output cells are where the expected file says', async () => {
    const [form] = await recognise(f);
    const oc = f.output_cells ?? {};
    expect(form.outputs.executionRate).toBe(oc.execution_rate ?? null);
    expect(form.outputs.executionScore).toBe(oc.execution_score ?? null);
    expect(form.outputs.subtotal).toBe(oc.subtotal ?? null);
    expect(form.outputs.deduction).toBe(oc.deduction ?? null);
    expect(form.outputs.total).toBe(oc.total ?? null);
    expect(form.outputs.grade ?? null).toBe(oc.grade ?? null);
    expect(form.outputs.totalHeader ?? null).toBe(oc.total_header ?? null);
    for (const cells of form.rowCells) {
      expect(columnOf(cells.score)).toBe(oc.row_score_column);
      expect(columnOf(cells.completion)).toBe(oc.row_completion_column ?? null);
    }
    const reasonColumn = (f.columns as Record<string, string> | undefined)?.reason;
    if (reasonColumn) for (const cells of form.rowCells) expect(columnOf(cells.reason ?? null)).toBe(reasonColumn);
    const tasks = f.tasks ?? [];
    expect(form.taskCells.map((t) => t.excelRow)).toEqual(tasks.map((t) => t.excel_row));
    tasks.forEach((t, k) => {
      expect(form.input.tasks?.[k].name).toBe(t.project);
      expect(form.input.tasks?.[k].weight).toBe(t.weight);
      expect(columnOf(form.taskCells[k].rate)).toBe(oc.task_rate_column);
      expect(columnOf(form.taskCells[k].score)).toBe(oc.task_score_column);
    });
  });

  test('form-level inputs: budget, spent, execution weight, evaluator completion', async () => {
    const [form] = await recognise(f);
    if (f.kind === 'department') {
      expect(form.input.tasks?.length).toBeGreaterThan(0);
    } else {
      // Amounts in 元 may be text with thousands separators (`1,273,500.00`).
      const amount = (v: unknown): number => Number(String(v).replace(/,/g, ''));
      expect(Number.isFinite(amount(form.input.budget))).toBe(true);
      expect(Number.isFinite(amount(form.input.spent))).toBe(true);
      const rule = amount(form.input.spent) / amount(form.input.budget);
      expect(rule).toBeCloseTo(f.execution_rate_rule as number, 5);
    }
    if (f.layout === 'L3' || isNational(f)) expect(form.input.executionWeight).toBe(f.execution_weight);
    const funds = f.funds as { budget_cell: string; spent_cell: string; weight_cell: string } | undefined;
    if (funds) {
      // 全年预算数, not 年初预算数; the printed 分值 of 年度资金总额 is the execution weight.
      expect(form.inputCells).toEqual({ budget: funds.budget_cell, spent: funds.spent_cell, executionWeight: funds.weight_cell });
    }
    for (const r of f.rows) {
      const i = rowIndexAt(form, r.excel_row);
      if (r.completion_input !== undefined && r.completion_input !== null) {
        expect(form.input.rows[i].completion).toBe(`${r.completion_input * 100}%`);
      } else {
        expect(form.input.rows[i].completion ?? null).toBeNull();
      }
    }
  });
});

describe.each(targets.map((f) => [`${f.workbook} / ${f.sheet}`, f] as const))('target table %s', (_name, f) => {
  test('operator, value and unit are read as printed', async () => {
    const [form] = await recognise(f);
    const hasOperatorColumn = form.rowCells.some((c) => c.operator !== null);
    for (const r of f.rows.filter((x) => x.kind !== 'placeholder')) {
      const row = form.input.rows[rowIndexAt(form, r.excel_row)];
      const value = row.target === null || row.target === undefined ? '' : String(row.target);
      expect(value).toBe(r.value);
      if (hasOperatorColumn) {
        const asWritten = (r as { op_as_written?: string }).op_as_written ?? r.op;
        expect(row.operator ?? '').toBe(asWritten);
        expect(row.unit ?? '').toBe(r.unit);
      } else {
        // 001: the operator and unit live inside the value (`≤2万元`).
        expect(row.operator ?? null).toBeNull();
        const parsed = parseValue(row.target ?? null);
        const op = parsed.kind === 'number' && parsed.op ? OPS[parsed.op] : '';
        expect(op).toBe(r.op);
        if (r.unit) expect(value).toContain(r.unit === '%' ? '%' : r.unit);
      }
    }
    if (!hasOperatorColumn) expect(f.workbook).toMatch(/targets-001/);
  });
});
