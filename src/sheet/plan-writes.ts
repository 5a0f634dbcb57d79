import { toPlain, type Dec } from '../engine';
import type { ScoredForm } from './contract';
import { canonicalCellText, parseA1, type CellWrite, type KeptCell, type PriorWrites, type SheetGrid, type WorkbookGrid, type WriteKind, type WritePlan } from './grid';
import { formulasOf } from './formulas';
import { priorKeySheet } from './a1';
import { isPersonEntry, priorKey, sameCellValue } from './person-entry';
import { SheetView } from './sheet-view';

const FORMAT: Record<WriteKind, string | undefined> = {
  'row-completion': '0.00%',
  'row-score': '0.00',
  'task-rate': '0.00%',
  'task-score': '0.00',
  'execution-rate': '0.00%',
  'execution-score': '0.00',
  subtotal: '0.00',
  deduction: '0.00',
  total: '0.00',
  grade: undefined,
};

interface Target {
  sheet: string;
  address: string | null;
  kind: WriteKind;
  value: Dec | string | null;
  /** What the rules give when it differs from `value` (a person's entry was used). */
  rule?: Dec | null;
  /**
   * The rules' value does not depend on what the cell holds, so a cell already holding it can be
   * taken as ours. Not so for an evaluator's completion of a qualitative row, or a typed 减分项:
   * those are inputs.
   */
  adoptable?: boolean;
  /** A qualitative unit's completion or score: the evaluator's judgement, an input (see findDiscrepancies). */
  judgement?: boolean;
}

function text(v: Dec | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : toPlain(v);
}

const SCORE_KINDS: ReadonlySet<WriteKind> = new Set(['row-score', 'task-score', 'execution-score', 'subtotal', 'deduction', 'total']);

/**
 * Display format of a written value: scores show the profile's `scoreDecimals` when it is 0 or 1
 * (regions printing integer or one-decimal scores), else the two decimals the forms print.
 */
function numberFormatOf(kind: WriteKind, scoreDecimals: number | null): string | undefined {
  if (SCORE_KINDS.has(kind) && (scoreDecimals === 0 || scoreDecimals === 1)) return scoreDecimals === 0 ? '0' : '0.0';
  return FORMAT[kind];
}

/** The output cells of one form with the values the engine gave them. */
function targetsOf({ form, result }: ScoredForm): Target[] {
  const sheet = form.sheet;
  const out: Target[] = [];
  form.rowCells.forEach((cells, i) => {
    const r = result.rows[i];
    if (!r) return;
    const judgement = r.unitRows.some((j) => result.rows[j]?.rule === 'qualitative');
    if (cells.completion) out.push({ sheet, address: cells.completion, kind: 'row-completion', value: r.completion, rule: r.ruleCompletion, adoptable: r.rule !== 'qualitative', judgement });
    if (cells.score && r.unitStart === i) out.push({ sheet, address: cells.score, kind: 'row-score', value: r.score, rule: r.ruleScore, adoptable: true, judgement });
  });
  form.taskCells.forEach((cells, i) => {
    const t = result.tasks[i];
    if (!t) return;
    if (cells.rate) out.push({ sheet, address: cells.rate, kind: 'task-rate', value: t.rate, adoptable: true });
    if (cells.score) out.push({ sheet, address: cells.score, kind: 'task-score', value: t.score, rule: t.ruleScore, adoptable: true });
  });
  const o = form.outputs;
  out.push({ sheet, address: o.executionRate, kind: 'execution-rate', value: result.executionRate, adoptable: true });
  out.push({ sheet, address: o.executionScore, kind: 'execution-score', value: result.executionScore, adoptable: true });
  out.push({ sheet, address: o.subtotal, kind: 'subtotal', value: result.subtotal, adoptable: true });
  out.push({ sheet, address: o.deduction, kind: 'deduction', value: result.deduction });
  out.push({ sheet, address: o.total, kind: 'total', value: result.total, adoptable: true });
  out.push({ sheet, address: o.totalHeader ?? null, kind: 'total', value: result.total, adoptable: true });
  out.push({ sheet, address: o.grade ?? null, kind: 'grade', value: result.grade, adoptable: true });
  return out;
}

/**
 * Turns scored forms into cell writes (pure). Writes only the output cells of recognised forms;
 * a cell holding a person's entry (or a formula) is never written and is reported in `kept`;
 * a cell the product filled before is cleared when the rules now give nothing.
 */
export interface PlanOptions {
  /** 以公式写入: write live JIXIAO formulas where the functions reproduce the engine (see formulas.ts). */
  formulas?: boolean;
}

export function planWrites(forms: ScoredForm[], book: WorkbookGrid, options: PlanOptions = {}): WritePlan {
  const planner = new WritePlanner(book, options);
  for (const scored of forms) planner.add(scored);
  return planner.finish();
}

/**
 * planWrites one form at a time, so a caller can let each scored form go as soon as its writes are
 * planned (a workbook of many forms is then never held scored as a whole). Forms are added in the
 * order planWrites would take them; `finish` gives the same plan.
 */
export class WritePlanner {
  /** Sheets by name (the last of a duplicated name, as a Map built from the list keeps it). */
  private readonly sheets: Map<string, SheetGrid>;
  /** The view of the sheet whose forms come now: forms arrive sheet by sheet, views are not all held. */
  private view: SheetView | null = null;
  private viewSheet: SheetGrid | null = null;
  private readonly writes: CellWrite[] = [];
  private readonly kept: KeptCell[] = [];
  private readonly touchedSheets = new Set<string>();
  private readonly prior: PriorWrites = {};
  /** Record keys of the cells already planned: the first form naming a cell decides it. */
  private readonly done = new Set<string>();

  constructor(
    private readonly book: WorkbookGrid,
    private readonly options: PlanOptions = {},
  ) {
    this.sheets = new Map(book.sheets.map((s) => [s.name, s]));
  }

  /** A sheet that joins the book after the planner was made (a workbook read sheet by sheet); a known name keeps its sheet. */
  addSheet(sheet: SheetGrid): void {
    if (!this.sheets.has(sheet.name)) this.sheets.set(sheet.name, sheet);
  }

  /** The view of a sheet of the book; `shared` is used when it is one (the caller's view of that sheet). */
  private viewOf(name: string, shared?: SheetView): SheetView | undefined {
    const sheet = this.sheets.get(name);
    if (!sheet) return undefined;
    if (this.viewSheet !== sheet) {
      this.view = shared && shared.name === name && shared.isViewOf(sheet) ? shared : new SheetView(sheet);
      this.viewSheet = sheet;
    }
    return this.view ?? undefined;
  }

  /** Plans the writes of one scored form; `view` may be the caller's view of the form's sheet. */
  add(scored: ScoredForm, view?: SheetView): void {
    const { writes, kept, prior, book, options } = this;
    // A table with no indicator rows gives nothing to write (and must not get a total of 0).
    if (scored.form.rowCells.length === 0 && scored.form.taskCells.length === 0) return;
    this.touchedSheets.add(scored.form.sheet);
    const sheetView = this.viewOf(scored.form.sheet, view);
    const formulas = options.formulas && sheetView ? formulasOf(scored, sheetView) : null;
    for (const t of targetsOf(scored)) {
      if (!t.address) continue;
      const key = priorKey(t.sheet, t.address);
      if (this.done.has(key)) continue;
      this.done.add(key);
      const view = this.viewOf(t.sheet);
      const at = parseA1(t.address);
      if (!view || !at) continue;
      const value = t.value === null ? null : typeof t.value === 'string' ? t.value : Number(t.value.toString());
      if (isPersonEntry(view, at.row, at.col, book.prior)) {
        const current = view.raw(at.row, at.col);
        // A value equal to ours is ours (e.g. the workbook went through a tool that dropped our state part):
        // adopt it so the next edit updates it, rather than freezing it as a person's entry.
        // Compared with the rule's own value: when a person's entry was used, `value` is that entry.
        const ruleValue = t.rule ? Number(t.rule.toString()) : value;
        if (t.adoptable && ruleValue !== null && view.formula(at.row, at.col) === null && sameCellValue(current, ruleValue)) {
          prior[key] = canonicalCellText(ruleValue);
          continue;
        }
        kept.push({ sheet: t.sheet, address: t.address, kind: t.kind, current, ruleValue: text(t.rule ?? t.value), judgement: t.judgement === true });
        continue;
      }
      if (value === null) {
        // Only our own earlier value can be here (a person's would have been kept above).
        const own = view.formula(at.row, at.col) ?? undefined;
        if (!view.isEmpty(at.row, at.col) || own !== undefined) {
          writes.push({ sheet: t.sheet, row: at.row, col: at.col, address: t.address, value: null, kind: t.kind, ...(own !== undefined ? { replacesFormula: own } : {}) });
        }
        continue;
      }
      const own = view.formula(at.row, at.col);
      const formula = formulas?.get(t.address)?.formula;
      const write: CellWrite = { sheet: t.sheet, row: at.row, col: at.col, address: t.address, value, numberFormat: numberFormatOf(t.kind, scored.profile.scoreDecimals), kind: t.kind };
      if (formula) write.formula = formula;
      if (own !== null) write.replacesFormula = own;
      writes.push(write);
      prior[key] = formula ? `=${formula}` : canonicalCellText(value);
    }
  }

  /** The plan of the forms added; the record keeps what it had for sheets no form touched. */
  finish(): WritePlan {
    const { prior, touchedSheets } = this;
    for (const [key, text] of Object.entries(this.book.prior)) {
      const sheet = priorKeySheet(key);
      if (!touchedSheets.has(sheet)) prior[key] = text;
    }
    return { writes: this.writes, kept: this.kept, prior };
  }
}
