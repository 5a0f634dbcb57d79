import { PROFILES, rollupForms, toPlain, type Dec, type FormInput, type Profile, type RollupOptions, type RollupProblem, type RollupResult, type RollupRow } from '../engine';
import { amountsIn } from './amount-unit';
import type { RecognizedForm, WorkbookScore } from './contract';
import { findForms } from './find-forms';
import { canonicalCellText, parseA1, type CellValue, type CellWrite, type SheetGrid, type WorkbookGrid, type WritePlan } from './grid';
import { isPersonEntry, priorKey } from './person-entry';
import { scoreWorkbook } from './score-workbook';
import { SheetView } from './sheet-view';

/** The sheet the roll-up adds beside the summary: every indicator with each unit's figures and how they were combined. */
export const DETAIL_SHEET = '汇总明细';

/** Header rows of the detail sheet (title, basis, blank, column names), frozen when it is written. */
export const DETAIL_HEADER_ROWS = 4;

/**
 * 汇总 on workbooks: the summary form and the units' forms as recognised, the combined values
 * written into the summary's empty input cells (actuals, amounts), the summary then scored and
 * planned like any form. Pure: hosts read the grids and apply the plan.
 */

export interface UnitSource {
  /** Shown in messages and in the 汇总明细 sheet (file name, or sheet when one workbook holds several units). */
  name: string;
  form: RecognizedForm;
}

export interface SheetRollupOptions extends RollupOptions {
  /** The profile chosen; else the summary layout's hint, else national. */
  profile?: Profile | null;
}

/** Input cells the roll-up fills (not output kinds of the scoring plan: kept apart for the report). */
export type RollupWriteKind = 'rollup-actual' | 'rollup-completion' | 'rollup-budget' | 'rollup-spent';

export interface RollupCellWrite extends Omit<CellWrite, 'kind'> {
  kind: RollupWriteKind;
}

export interface SheetRollup {
  summary: RecognizedForm;
  profile: Profile;
  rollup: RollupResult;
  /** The summary workbook scored after the combined values were put in (its plan holds the output writes). */
  scored: WorkbookScore;
  /** The combined values to write into the summary's input cells. */
  inputWrites: RollupCellWrite[];
  /** Input cells that already held a person's entry and were left alone. */
  keptInputs: { sheet: string; address: string; current: CellValue; combined: string }[];
  /** The 汇总明细 table: rows of cell values, header first. */
  detail: CellValue[][];
  problems: RollupProblem[];
}

/** Every form with indicator rows in a workbook. */
export function formsOf(book: WorkbookGrid): RecognizedForm[] {
  return book.sheets.flatMap((s) => findForms(s, book.prior)).filter((f) => f.rowCells.length > 0);
}

const METHOD_LABEL = {
  sum: '绝对值累加',
  'weighted-mean': '相对值按资金额度加权平均',
  'qualitative-mean': '定性：得分率按资金额度加权平均',
  'summary-typed': '汇总表已填，保留',
  'not-combined': '未汇总',
} as const;

/** The summary's sheet, and which of its cells the roll-up may overwrite. */
interface SummarySheet {
  book: WorkbookGrid;
  form: RecognizedForm;
  sheet: SheetGrid;
  view: SheetView;
  /** True when the cell holds no person's entry (empty, or what an earlier run wrote). */
  ours: (address: string | null) => boolean;
}

/** The summary grid with the combined values in place, and what was written or kept. */
interface SummaryFill {
  filled: SheetGrid;
  inputWrites: RollupCellWrite[];
  keptInputs: SheetRollup['keptInputs'];
}

type PutCell = (address: string | null, value: number | string | null, kind: RollupWriteKind, numberFormat?: string, owned?: boolean) => void;

export function rollupWorkbook(summaryBook: WorkbookGrid, summaryForm: RecognizedForm, units: UnitSource[], options: SheetRollupOptions = {}): SheetRollup {
  const profile = options.profile ?? (summaryForm.profileHint ? PROFILES[summaryForm.profileHint] : null) ?? PROFILES.national;
  const s = summarySheet(summaryBook, summaryForm);
  const input = withoutOwnWrites(s);
  const rollup = rollupForms(
    input,
    // Units may print 元 where the summary prints 万元: amounts are summed and used as weights in the summary's unit.
    units.map((u) => ({ name: u.name, form: amountsIn(u.form.input, u.form.amountUnit ?? '万元', summaryForm.amountUnit ?? '万元') })),
    profile,
    { fundWeight: options.fundWeight },
  );
  const { filled, inputWrites, keptInputs } = fillSummary(s, rollup, input);
  const scored = scoreSummary(s, filled, inputWrites, profile);
  const summaryScored = scored.forms.find((f) => f.form.rangeAddress === summaryForm.rangeAddress) ?? scored.forms[0];
  const detail = detailTable(summaryForm, units, rollup, summaryScored?.result ?? rollup.result, profile, options.fundWeight ?? 'spent');
  return { summary: summaryForm, profile, rollup, scored, inputWrites, keptInputs, detail, problems: rollup.problems };
}

function summarySheet(book: WorkbookGrid, form: RecognizedForm): SummarySheet {
  const sheet = book.sheets.find((x) => x.name === form.sheet)!;
  const view = new SheetView(sheet);
  const ours = (address: string | null): boolean => {
    const at = address ? parseA1(address) : null;
    return !!at && !isPersonEntry(view, at.row, at.col, book.prior);
  };
  return { book, form, sheet, view, ours };
}

/** Values the roll-up wrote last time are its own: blanked so a re-run combines afresh. */
function withoutOwnWrites(s: SummarySheet): FormInput {
  const input = { ...s.form.input, rows: s.form.input.rows.map((r) => ({ ...r })) };
  s.form.rowCells.forEach((cells, i) => {
    if (cells.actual && s.ours(cells.actual)) input.rows[i].actual = null;
  });
  const cellsIn = s.form.inputCells;
  if (cellsIn?.budget && s.ours(cellsIn.budget)) input.budget = null;
  if (cellsIn?.spent && s.ours(cellsIn.spent)) input.spent = null;
  return input;
}

function fillSummary(s: SummarySheet, rollup: RollupResult, input: FormInput): SummaryFill {
  const fill: SummaryFill = { filled: structuredClone(s.sheet), inputWrites: [], keptInputs: [] };
  const put = cellPutter(s, fill);
  for (const row of rollup.rows) putRow(s, rollup, row, put);
  const cellsIn = s.form.inputCells;
  // Only an amount the engine filled in (not one the summary already held) is written.
  if (rollup.input.budget !== input.budget && rollup.budget) put(cellsIn?.budget ?? null, num(rollup.budget), 'rollup-budget');
  if (rollup.input.spent !== input.spent && rollup.spent) put(cellsIn?.spent ?? null, num(rollup.spent), 'rollup-spent');
  return fill;
}

/** A person's entry is never overwritten: it is kept and listed instead. */
function cellPutter(s: SummarySheet, fill: SummaryFill): PutCell {
  return (address, value, kind, numberFormat, owned = false) => {
    const at = address ? parseA1(address) : null;
    if (!address || !at) return;
    if (!owned && !s.ours(address)) {
      if (value !== null) fill.keptInputs.push({ sheet: s.sheet.name, address, current: s.view.raw(at.row, at.col), combined: canonicalCellText(value) });
      return;
    }
    if (value === null && s.view.isEmpty(at.row, at.col)) return;
    setCell(fill.filled, at.row, at.col, value, numberFormat);
    fill.inputWrites.push({ sheet: s.sheet.name, row: at.row, col: at.col, address, value, kind, ...(numberFormat ? { numberFormat } : {}) });
  };
}

function putRow(s: SummarySheet, rollup: RollupResult, row: RollupRow, put: PutCell): void {
  const cells = s.form.rowCells[row.index];
  if (!cells) return;
  // The completion is not in the record of our writes (see scoreSummary); it is ours when the row's actual is.
  const ownedRow = !!cells.actual && s.book.prior[priorKey(s.sheet.name, cells.actual)] !== undefined && s.ours(cells.actual);
  if (row.combined === null) {
    // Not combined this time: what an earlier run wrote here is stale and goes.
    if (ownedRow && row.method === 'not-combined') {
      put(cells.actual, null, 'rollup-actual');
      if (cells.completion) put(cells.completion, null, 'rollup-completion', undefined, true);
    }
    return;
  }
  if (row.method === 'qualitative-mean') {
    put(cells.actual, String(rollup.input.rows[row.index].actual), 'rollup-actual');
    if (cells.completion) put(cells.completion, Number(row.combined.toDecimalPlaces(10).toString()), 'rollup-completion', '0.00%', ownedRow);
    return;
  }
  if (row.baseUnit === '%') put(cells.actual, Number(row.combined.toDecimalPlaces(10).toString()), 'rollup-actual', '0.00%');
  else put(cells.actual, numberOrText(String(rollup.input.rows[row.index].actual)), 'rollup-actual');
}

/**
 * Score the summary: only its sheet is scored and written, so units on other sheets of the same
 * workbook are read, not changed (the record of earlier writes on other sheets is carried over).
 */
function scoreSummary(s: SummarySheet, filled: SheetGrid, inputWrites: RollupCellWrite[], profile: Profile): WorkbookScore {
  const prior = recordWrites({ ...s.book.prior }, inputWrites);
  const scoredAll = scoreWorkbook({ sheets: [filled], prior }, { profile });
  const mine = new Set(inputWrites.map((w) => priorKey(w.sheet, w.address)));
  const plan = {
    writes: scoredAll.plan.writes.filter((w) => !mine.has(priorKey(w.sheet, w.address))),
    kept: scoredAll.plan.kept.filter((k) => !mine.has(priorKey(k.sheet, k.address))),
    prior: recordWrites({ ...scoredAll.plan.prior }, inputWrites),
  };
  return { forms: scoredAll.forms, plan };
}

/**
 * The qualitative completion is the roll-up's judgement on the summary's behalf: left out of the
 * record of our writes, so `score` keeps it as an evaluator's completion.
 */
function recordWrites(prior: WorkbookGrid['prior'], inputWrites: RollupCellWrite[]): WorkbookGrid['prior'] {
  for (const w of inputWrites) {
    if (w.kind !== 'rollup-completion' && w.value !== null) prior[priorKey(w.sheet, w.address)] = canonicalCellText(w.value);
    else delete prior[priorKey(w.sheet, w.address)];
  }
  return prior;
}

/** The whole write plan of a roll-up: the scores and the combined inputs, for either host. */
export function rollupPlan(r: SheetRollup): WritePlan {
  return {
    // The combined inputs are plain cell writes; hosts do not distinguish kinds.
    writes: [...r.scored.plan.writes, ...r.inputWrites.map((w): CellWrite => ({ ...w, kind: 'row-score' }))],
    kept: r.scored.plan.kept,
    prior: r.scored.plan.prior,
  };
}

function num(d: Dec): number {
  return Number(d.toString());
}

/** A plain decimal goes in as a number (as a person would type it); a value with its unit as text. */
function numberOrText(s: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(s) && Number.isFinite(Number(s)) && String(Number(s)) === s ? Number(s) : s;
}

function setCell(sheet: SheetGrid, row: number, col: number, value: CellValue, numberFormat?: string): void {
  const r = row - sheet.originRow;
  const c = col - sheet.originCol;
  if (r < 0 || c < 0) return;
  while (sheet.values.length <= r) sheet.values.push([]);
  const line = sheet.values[r];
  while (line.length <= c) line.push(null);
  line[c] = value;
  if (numberFormat) {
    sheet.formats ??= [];
    while (sheet.formats.length <= r) sheet.formats.push([]);
    const f = sheet.formats[r];
    while (f.length <= c) f.push(null);
    f[c] = numberFormat;
  }
}

/** A number cell for the detail sheet (4 places: a score or amount as people read it). */
function numeric(d: Dec): number {
  return Number(d.toDecimalPlaces(4).toString());
}

function text(d: Dec | null, percent = false): CellValue {
  if (d === null) return null;
  return percent ? `${toPlain(d.times(100).toDecimalPlaces(4))}%` : toPlain(d.toDecimalPlaces(4));
}

/** The 汇总明细 sheet: per indicator, each unit's value and funds weight, how combined, the result. */
function detailTable(
  summary: RecognizedForm,
  units: UnitSource[],
  rollup: RollupResult,
  result: RollupResult['result'],
  profile: Profile,
  fundWeight: 'spent' | 'budget',
): CellValue[][] {
  const out: CellValue[][] = detailHeader(summary, units, profile, fundWeight);
  out.push(['', '预算执行', '', '预算数、执行数累加', ...units.flatMap((u) => [`${u.form.input.budget ?? ''} / ${u.form.input.spent ?? ''}`, '']), rollup.budget && rollup.spent ? `${toPlain(rollup.budget)} / ${toPlain(rollup.spent)}` : '', numeric(result.executionWeight), result.executionScore ? numeric(result.executionScore) : '', rollup.problems.filter((p) => p.row === null && p.code !== 'indicator-unit-only').map((p) => p.message).join('；')]);
  for (const row of rollup.rows) out.push(detailLine(summary, rollup, result, row));
  const unitOnly = rollup.problems.filter((p) => p.code === 'indicator-unit-only');
  if (unitOnly.length) {
    out.push([]);
    for (const p of unitOnly) out.push(['', '', '', '未汇总', p.message]);
  }
  out.push([]);
  out.push(['', '汇总表', '', '', `小计 ${toPlain(result.subtotal.toDecimalPlaces(4))}`, `总分 ${toPlain(result.total.toDecimalPlaces(2))}`, `等级 ${result.grade}`]);
  return out;
}

function detailHeader(summary: RecognizedForm, units: UnitSource[], profile: Profile, fundWeight: 'spent' | 'budget'): CellValue[][] {
  const weightLabel = fundWeight === 'spent' ? '全年执行数' : '全年预算数';
  // Headers no form header uses (not 三级指标 / 指标值 / 分值): `score` must not take this sheet for a form.
  const header: CellValue[] = ['行', '指标（三级）', '目标（指标值）', '汇总方式'];
  for (const u of units) header.push(`${u.name} 完成值`, `${u.name} 资金权重`);
  header.push('汇总完成值', '满分', '汇总得分', '说明');
  return [
    [`汇总明细：${summary.name ?? summary.title ?? summary.sheet}`],
    [`评分口径：${profile.name}；资金权重：各单位${weightLabel}；定量指标先汇总完成数再计算得分（绝对值累加，相对值按资金额度加权平均）；定性指标按资金额度对得分率加权平均（SCORING.md 4.5）`],
    [],
    header,
  ];
}

function detailLine(summary: RecognizedForm, rollup: RollupResult, result: RollupResult['result'], row: RollupRow): CellValue[] {
  const cells = summary.rowCells[row.index];
  const srow = summary.input.rows[row.index];
  const line: CellValue[] = [cells?.excelRow ?? '', row.indicator, srow.target ?? '', METHOD_LABEL[row.method]];
  for (const p of row.parts) {
    const shown = row.method === 'qualitative-mean' ? text(p.value, true) : p.raw === null || p.raw === undefined ? (p.row === null ? '（无此指标）' : '') : numberOrText(String(p.raw));
    line.push(shown, p.weight === null ? '' : numeric(p.weight));
  }
  const r = result.rows[row.index];
  const combined =
    row.method === 'qualitative-mean' ? `得分率 ${text(row.combined, true)}` : row.baseUnit === '%' ? text(row.combined, true) : row.combinedInTargetUnit ? numeric(row.combinedInTargetUnit) : '';
  line.push(
    combined,
    r?.weight ? numeric(r.weight) : '',
    r?.score ? numeric(r.score) : '',
    rollup.problems.filter((p) => p.row === row.index).map((p) => p.message).join('；'),
  );
  return line;
}
