import type { CellInput, FormInput, FormKind, ProfileId, RowInput, TaskInput } from '../engine';
import type { RecognizedForm, RowCells, SheetProblem, TaskCells } from './contract';
import { amountUnitOf } from './amount-unit';
import { a1, type PriorWrites, type SheetGrid } from './grid';
import { readHeader, type Header } from './header';
import { firstHit, LabelLayout, scanLabels, type LabelHit } from './info-cells';
import { isTitle, nameRank, printedExecutionWeight, stripMarks, titleStem } from './labels';
import { rowOperator } from './operator-words';
import { isPersonEntry } from './person-entry';
import { SheetView } from './sheet-view';
import { readTable, type Table } from './table-rows';
import { findTaskBlock, type TaskBlock } from './task-block';

/**
 * Finds every indicator table on a sheet and reads it into engine input (pure).
 * A sheet may hold several forms one below the other; a sheet with none gives [].
 */
export function findForms(sheet: SheetGrid, prior: PriorWrites): RecognizedForm[] {
  return [...eachForm(new SheetView(sheet), prior)];
}

/** findForms one form at a time, top to bottom, over a view of the sheet the caller may share. */
export function* eachForm(view: SheetView, prior: PriorWrites): Generator<RecognizedForm> {
  let regionTop = view.firstRow;
  for (let r = view.firstRow; r <= view.lastRow; r++) {
    const header = readHeader(view, r);
    if (!header) continue;
    const table = readTable(view, header);
    yield buildForm(view, table, regionTop, prior);
    r = table.endRow;
    regionTop = table.endRow + 1;
  }
}

type Cell = { row: number; col: number } | null;

function addr(cell: Cell): string | null {
  return cell ? a1(cell.row, cell.col) : null;
}

function buildForm(view: SheetView, table: Table, regionTop: number, prior: PriorWrites): RecognizedForm {
  const { header } = table;
  const headerTop = header.rows[0];
  const problems: SheetProblem[] = [];
  const problem = (p: Omit<SheetProblem, 'sheet'>): void => {
    problems.push({ sheet: view.name, ...p });
  };

  const task = findTaskBlock(view, regionTop, headerTop - 1);
  const skip = new Set<number>(task ? [task.headerRow, ...task.rows] : []);
  const above = scanLabels(view, regionTop, headerTop - 1, skip);
  const hits: LabelHit[] = [...above, ...table.footerHits];
  const layout = new LabelLayout(view, hits, Math.max(view.lastCol, header.right));
  const person = (cell: Cell): boolean => !!cell && isPersonEntry(view, cell.row, cell.col, prior);
  const entry = (cell: Cell): CellInput => (cell && person(cell) ? view.input(cell.row, cell.col) : null);
  const inputCellOf = (hit: LabelHit | null): Cell => (hit ? layout.inputCell(hit) : null);
  const inputOf = (cell: Cell): CellInput => (cell ? view.input(cell.row, cell.col) : null);
  const outputOf = (hit: LabelHit | null): Cell => (hit ? layout.outputCell(hit) : null);

  const title = findTitle(view, regionTop, headerTop - 1);
  const nameHit = above
    .filter((h) => h.key === 'name' && nameRank(h.text) !== null)
    .sort((a, b) => nameRank(a.text)! - nameRank(b.text)!)[0];
  const nameCell = nameHit ? layout.inputCell(nameHit) : null;
  const executionRateCell = outputOf(firstHit(above, 'executionRate') ?? firstHit(table.footerHits, 'executionRate'));
  const executionScoreHit = firstHit(above, 'executionScore') ?? firstHit(table.footerHits, 'executionScore');
  const executionScoreCell = outputOf(executionScoreHit);
  const footerOutput = (hit: LabelHit | null): Cell => (hit ? (scoreColumnCell(view, table, hit) ?? layout.outputCell(hit)) : null);
  const subtotalCell = footerOutput(firstHit(table.footerHits, 'subtotal'));
  const deductionCell = outputOf(firstHit(table.footerHits, 'deduction'));
  const totalCell = footerOutput(firstHit(table.footerHits, 'total'));
  const gradeCell = outputOf(firstHit(table.footerHits, 'grade'));
  // 自评总分 | □ in the form's head (national department form): the total again.
  const totalHeaderCell = outputOf(firstHit(above, 'total'));
  const printedWeight = findPrintedExecutionWeight(view, regionTop, headerTop - 1, hits);
  const weightRowCell = inputCellOf(firstHit(above, 'executionWeight'));
  const budgetCell = inputCellOf(firstHit(above, 'budget'));
  const spentCell = inputCellOf(firstHit(above, 'spent'));

  const { rows, rowCells } = readRows(view, table, person, entry);
  const { tasks, taskCells } = task?.scored ? readTasks(view, task, entry) : { tasks: [], taskCells: [] };

  const name = nameCell ? view.text(nameCell.row, nameCell.col).trim() || null : null;
  const kind = formKind(title, task);
  const evidence = profileEvidence(title, kind, hits, printedWeight);
  const profileHint = evidence?.profile ?? null;
  const input: FormInput = {
    kind,
    // Results are listed by what they are about (the project), not by the form's generic title.
    title: name ?? title?.text ?? null,
    budget: inputOf(budgetCell),
    spent: inputOf(spentCell),
    executionRate: entry(executionRateCell),
    executionWeight: printedWeight?.weight ?? inputOf(weightRowCell),
    deduction: entry(deductionCell),
    tasks,
    rows,
  };

  const headerAddress = a1(headerTop, header.left);
  if (header.columns.weight === undefined) {
    problem({ code: 'no-weights', severity: 'warning', field: 'weight', address: headerAddress, message: `表头（${headerAddress}）没有“分值/权重”列，无法计算得分` });
  }
  if (header.columns.target === undefined) {
    problem({ code: 'no-target-column', severity: 'error', field: 'target', address: headerAddress, message: `表头（${headerAddress}）没有“指标值/年度目标值”列` });
  }
  if (header.columns.actual === undefined) {
    problem({ code: 'no-actual-column', severity: 'info', field: 'actual', address: headerAddress, message: `表头（${headerAddress}）没有“实际完成值/全年完成值”列，只能检查目标和分值` });
  }
  if (rows.length === 0) {
    problem({ code: 'empty-table', severity: 'warning', address: headerAddress, message: `表头（${headerAddress}）下没有指标行` });
  }

  const range = { top: headerTop, left: header.left, bottom: table.lastRow, right: header.right };
  return {
    sheet: view.name,
    kind,
    title: title?.text ?? null,
    name,
    layout: layoutName(title, kind, profileHint, header, table),
    profileHint,
    profileEvidence: evidence?.words ?? [],
    range,
    rangeAddress: `${a1(range.top, range.left)}:${a1(range.bottom, range.right)}`,
    headerRows: table.headerRows,
    input,
    rowCells,
    taskCells,
    outputs: {
      executionRate: addr(executionRateCell),
      executionScore: addr(executionScoreCell),
      subtotal: addr(subtotalCell),
      deduction: addr(deductionCell),
      total: addr(totalCell),
      grade: addr(gradeCell),
      ...(totalHeaderCell ? { totalHeader: addr(totalHeaderCell) } : {}),
    },
    problems,
    amountUnit: amountUnitOf(view, regionTop, headerTop - 1),
    inputCells: {
      budget: addr(budgetCell),
      spent: addr(spentCell),
      executionWeight: printedWeight ? addr(printedWeight.cell) : addr(weightRowCell),
    },
  };
}

function readRows(
  view: SheetView,
  table: Table,
  person: (cell: Cell) => boolean,
  entry: (cell: Cell) => CellInput,
): { rows: RowInput[]; rowCells: RowCells[] } {
  const cols = table.header.columns;
  const own = (row: number, col: number | undefined): Cell => (col === undefined ? null : { row, col });
  const text = (cell: Cell): string | null => {
    if (!cell || !view.isMaster(cell.row, cell.col)) return null;
    const v = view.raw(cell.row, cell.col);
    return v === null || String(v).trim() === '' ? null : String(v);
  };
  const value = (cell: Cell): CellInput => (cell && view.isMaster(cell.row, cell.col) ? view.input(cell.row, cell.col) : null);
  const masterOf = (row: number, col: number | undefined): Cell => {
    if (col === undefined) return null;
    const m = view.master(row, col);
    return { row: m.row, col: m.col };
  };

  const unitRows = new Map<string, number[]>();
  for (const t of table.rows) {
    if (!t.unitKey) continue;
    const members = unitRows.get(t.unitKey);
    if (members) members.push(t.excelRow);
    else unitRows.set(t.unitKey, [t.excelRow]);
  }

  const targetCols = [cols.targetAdjusted, cols.target, cols.targetInitial];
  const operatorCols = [cols.direction, cols.operator, cols.nature];
  const rows: RowInput[] = [];
  const rowCells: RowCells[] = [];
  for (const t of table.rows) {
    const r = t.excelRow;
    const members = t.unitKey ? unitRows.get(t.unitKey)! : [r];
    const firstOfUnit = members[0] === r;
    const weightCell = masterOf(r, cols.weight);
    const scoreCell = masterOf(r, cols.score);
    const completionMaster = masterOf(r, cols.completion);
    // A completion cell merged down over a unit belongs to the unit's first row.
    const completionCell = completionMaster && completionMaster.row === r ? completionMaster : null;
    // 调整后指标值 where written, else the plain or 年初 target (LAYOUTS.md 2).
    let targetCell = own(r, cols.target);
    let target: CellInput = null;
    for (const col of targetCols) {
      const cell = own(r, col);
      const v = value(cell);
      if (v === null) continue;
      targetCell = cell;
      target = v;
      break;
    }
    const operatorCells = operatorCols.map((c) => own(r, c));
    const operatorTexts = operatorCells.map(text);
    const operatorCell = operatorCells[operatorTexts.findIndex((x) => x !== null)] ?? own(r, cols.operator);
    const level3 = text(own(r, cols.level3));
    const level3Address = addr(own(r, cols.level3));
    rows.push({
      level1: t.level1,
      level2: t.level2,
      level3: level3 === null ? null : stripMarks(level3) || level3,
      operator: rowOperator(operatorTexts, typeof target === 'string' || typeof target === 'number' ? target : null),
      target,
      unit: text(own(r, cols.unit)),
      weight: firstOfUnit && weightCell ? view.input(weightCell.row, weightCell.col) : null,
      actual: value(own(r, cols.actual)),
      completion: entry(completionCell),
      score: firstOfUnit && scoreCell && person(scoreCell) ? view.input(scoreCell.row, scoreCell.col) : null,
      scoringUnit: members.length > 1 ? t.unitKey : null,
    });
    rowCells.push({
      excelRow: r,
      excelRows: members,
      indicator: level3Address,
      level3: level3Address,
      operator: addr(operatorCell),
      target: addr(targetCell),
      unit: addr(own(r, cols.unit)),
      weight: addr(weightCell),
      actual: addr(own(r, cols.actual)),
      completion: addr(completionCell),
      score: addr(scoreCell),
      reason: addr(masterOf(r, cols.reason)),
    });
  }
  return { rows, rowCells };
}

function readTasks(view: SheetView, block: TaskBlock, entry: (cell: Cell) => CellInput): { tasks: TaskInput[]; taskCells: TaskCells[] } {
  const cell = (row: number, col: number | undefined): Cell => {
    if (col === undefined) return null;
    const m = view.master(row, col);
    return { row: m.row, col: m.col };
  };
  const tasks: TaskInput[] = [];
  const taskCells: TaskCells[] = [];
  for (const r of block.rows) {
    const c = block.columns;
    const name = cell(r, c.name);
    const rate = cell(r, c.rate);
    const score = cell(r, c.score);
    const get = (x: Cell): CellInput => (x ? view.input(x.row, x.col) : null);
    tasks.push({
      name: name ? view.text(name.row, name.col, false).trim() || null : null,
      allocated: get(cell(r, c.allocated)),
      spent: get(cell(r, c.spent)),
      weight: get(cell(r, c.weight)),
      rate: entry(rate),
      score: entry(score),
    });
    taskCells.push({
      excelRow: r,
      name: addr(name),
      allocated: addr(cell(r, c.allocated)),
      spent: addr(cell(r, c.spent)),
      weight: addr(cell(r, c.weight)),
      rate: addr(rate),
      score: addr(score),
    });
  }
  return { tasks, taskCells };
}

function findTitle(view: SheetView, top: number, bottom: number): { text: string; row: number } | null {
  for (let r = top; r <= bottom; r++) {
    for (const { text } of view.texts(r)) if (isTitle(text)) return { text: text.trim(), row: r };
  }
  return null;
}

/** `得分（20分*执行率）`, `预算执行情况（万元）（20分）`: the execution weight a Hubei form prints. */
function findPrintedExecutionWeight(
  view: SheetView,
  top: number,
  bottom: number,
  hits: LabelHit[],
): { weight: number; cell: Cell; text: string } | null {
  for (const h of hits) {
    const w = printedExecutionWeight(h.text);
    if (w !== null) return { weight: w, cell: { row: h.row, col: h.col }, text: h.text };
  }
  for (let r = top; r <= bottom; r++) {
    for (const { col, text } of view.texts(r)) {
      const w = printedExecutionWeight(text);
      if (w !== null) return { weight: w, cell: { row: r, col }, text };
    }
  }
  return null;
}

/**
 * The 总分 / 合计 row of the national templates: `总分 | 100 | □`, the label alone on its row (a
 * grade label aside), the printed 分值 sum under the weights and the result under the 得分 column.
 */
function scoreColumnCell(view: SheetView, table: Table, hit: LabelHit): Cell {
  const col = table.header.columns.score;
  if (col === undefined) return null;
  const others = table.footerHits.filter((h) => h.row === hit.row && h !== hit && h.key !== 'grade');
  if (others.length > 0) return null;
  const m = view.master(hit.row, col);
  if (m.row !== hit.row || m.col <= hit.area.right) return null;
  const v = view.raw(m.row, m.col);
  if (typeof v === 'string' && v.trim() !== '') return null;
  return { row: m.row, col: m.col };
}

function formKind(title: { text: string } | null, task: TaskBlock | null): FormKind {
  if (task?.scored && task.rows.length > 0) return 'department';
  const t = title ? titleStem(title.text) : '';
  if (/整体/.test(t)) return 'overall';
  return 'project';
}

/** Which regional profile the layout's words imply (SCORING.md 2), and the words; null when nothing decides. */
function profileEvidence(
  title: { text: string } | null,
  kind: FormKind,
  hits: LabelHit[],
  printedWeight: { weight: number; cell: Cell; text: string } | null,
): { profile: ProfileId; words: string[] } | null {
  if (printedWeight) return { profile: 'hubei', words: [printedWeight.text.trim()] };
  const t = title ? titleStem(title.text) : '';
  const liaoningTitle = /预算项目\(政策\)绩效自评表$/.test(t) || /部门\(单位\)整体绩效自评表$/.test(t);
  if (!liaoningTitle) return null;
  const regional = hits.filter((h) => h.key === 'subtotal' || h.key === 'deduction');
  if (regional.length > 0) return { profile: 'liaoning', words: [title!.text.trim(), ...regional.map((h) => h.text.trim())] };
  const total = hits.find((h) => h.key === 'total' && titleStem(h.text) === '总评价得分');
  if (kind === 'department' && total) return { profile: 'liaoning', words: [title!.text.trim(), total.text.trim()] };
  return null;
}

function layoutName(title: { text: string } | null, kind: FormKind, hint: ProfileId | null, header: Header, table: Table): string {
  if (hint === 'hubei') return 'hubei';
  if (kind === 'department') return hint === 'liaoning' ? 'liaoning-department' : 'department';
  if (hint === 'liaoning') return 'liaoning-project';
  const t = title ? titleStem(title.text) : '';
  const selfEvaluation = /自评/.test(t) || table.footerHits.length > 0;
  if (!selfEvaluation && (/目标表|申报表|绩效表$/.test(t) || header.columns.actual === undefined)) return 'target-table';
  // 财预〔2020〕10号 and its regional copies (衔接资金 …): a label for the report, not a branch.
  if (/整体支出绩效自评表$/.test(t)) return 'national-overall';
  if (/支出绩效自评表$|资金项目绩效自评表$/.test(t)) return 'national-project';
  return 'generic';
}
