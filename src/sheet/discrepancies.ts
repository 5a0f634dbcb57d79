import type { ScoredForm, WorkbookScore } from './contract';
import { canonicalCellText, parseA1, type CellValue, type KeptCell, type PriorWrites, type WorkbookGrid, type WriteKind } from './grid';
import { priorKey, sameCellValue, sheetHasRecord } from './person-entry';
import { scoreWorkbook, type ScoreWorkbookOptions } from './score-workbook';
import { SheetView } from './sheet-view';

/**
 * An output cell whose value differs from the rule on a sheet the product has no record for (never
 * scored here, or the record was dropped by another tool): it may be a person's override or a stale
 * result of an earlier run, and only the user can tell. It is kept and used as typed, but reported;
 * the user resolves it by editing the cell or by taking the rule's value (`acceptRule`).
 */
export interface Discrepancy {
  sheet: string;
  address: string;
  kind: WriteKind;
  /** What the cell holds. */
  value: CellValue;
  /** What the rules give, as text (null: the rules give nothing, e.g. the row has no actual). */
  ruleValue: string | null;
}

export interface CheckedScore {
  score: WorkbookScore;
  /** Cells still holding a value that differs from the rule (empty when `acceptRule`). */
  discrepancies: Discrepancy[];
  /** Cells whose differing value was replaced by the rule's (only with `acceptRule`). */
  accepted: Discrepancy[];
}

export interface CheckedScoreOptions extends ScoreWorkbookOptions {
  /**
   * Take the rule's value for every discrepancy (CLI `--accept-rule`), or for those the predicate
   * picks (the task pane's 采用规则值 on one form); the others stay listed and kept.
   */
  acceptRule?: boolean | ((d: Discrepancy) => boolean);
}

/** Prefix of a record entry for a discrepancy left unresolved; never equal to a cell's text. */
export const UNRESOLVED = '\u0001unresolved:';

/** Enough passes for a row score to move the subtotal, the subtotal the total, the total the grade. */
const MAX_PASSES = 8;

/** scoreWorkbook, plus the discrepancies of sheets without a record, optionally resolved to the rule. */
export function scoreWorkbookChecked(book: WorkbookGrid, options: CheckedScoreOptions = {}): CheckedScore {
  const pick = options.acceptRule;
  const take: (d: Discrepancy) => boolean = typeof pick === 'function' ? pick : () => pick === true;
  // Without acceptance there is one pass, so its forms can go to `onForm` as they are planned;
  // with it, only the last pass's forms are the result, handed over at the end.
  const { onForm, ...scoring } = options;
  const passes = pick !== undefined && pick !== false;
  let score = scoreWorkbook(book, passes ? scoring : options);
  let found = findDiscrepancies(book, book.prior, score);

  // Taking the rule's value: record the cell's current value as if the product had written it, so it
  // is neither an override nor kept; the totals then move, which may reveal the next stale cell.
  const accepted: Discrepancy[] = [];
  const prior: PriorWrites = { ...book.prior };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const now = found.filter(take);
    if (now.length === 0) break;
    for (const d of now) {
      prior[priorKey(d.sheet, d.address)] = canonicalCellText(d.value);
      accepted.push(d);
    }
    score = scoreWorkbook({ ...book, prior }, scoring);
    found = findDiscrepancies(book, book.prior, score).filter((d) => !accepted.some((a) => a.sheet === d.sheet && a.address === d.address));
  }
  rememberUnresolved(score, found);
  if (onForm && passes) {
    for (const s of score.forms) onForm(s);
    score.forms = [];
  }
  return { score, discrepancies: found, accepted };
}

/**
 * The discrepancies of a workbook scored without taking rule values (what scoreWorkbookChecked
 * gives then), for a caller that scored it sheet by sheet: `book`'s sheets need their formulas and
 * merged areas, not their values.
 */
export function settleDiscrepancies(book: WorkbookGrid, score: WorkbookScore): Discrepancy[] {
  const found = findDiscrepancies(book, book.prior, score);
  rememberUnresolved(score, found);
  return found;
}

/**
 * Discrepancies left are remembered as unresolved (with the value seen), so the next run, which
 * finds a record for the sheet, still asks; a different value typed meanwhile is the person's answer.
 */
function rememberUnresolved(score: WorkbookScore, found: Discrepancy[]): void {
  for (const d of found) score.plan.prior[priorKey(d.sheet, d.address)] = UNRESOLVED + canonicalCellText(d.value);
}

/** The form a discrepancy belongs to (its cell lies in the form's range), for grouping and per-form acceptance. */
export function formOfDiscrepancy(d: Pick<Discrepancy, 'sheet' | 'address'>, forms: ScoredForm[]): ScoredForm | undefined {
  const at = parseA1(d.address);
  if (!at) return undefined;
  return forms.find(({ form: { sheet, range: r } }) => sheet === d.sheet && at.row >= r.top && at.row <= r.bottom && at.col >= r.left && at.col <= r.right);
}

/** The kept cells of `score` that are discrepancies: on a sheet without a record, no formula, not an evaluator's judgement. */
export function findDiscrepancies(book: WorkbookGrid, record: PriorWrites, score: WorkbookScore): Discrepancy[] {
  const views = new Map<string, SheetView>();
  const view = (name: string): SheetView | undefined => {
    if (!views.has(name)) {
      const sheet = book.sheets.find((s) => s.name === name);
      if (sheet) views.set(name, new SheetView(sheet));
    }
    return views.get(name);
  };
  const out: Discrepancy[] = [];
  // Once per sheet: asked for every kept cell, it scanned the whole record each time.
  const recorded = new Map<string, boolean>();
  const hasRecord = (sheet: string): boolean => {
    let known = recorded.get(sheet);
    if (known === undefined) recorded.set(sheet, (known = sheetHasRecord(record, sheet)));
    return known;
  };
  for (const k of score.plan.kept) {
    const entry = record[priorKey(k.sheet, k.address)];
    const unresolved = entry !== undefined && entry.startsWith(UNRESOLVED) && sameCellValue(k.current, entry.slice(UNRESOLVED.length));
    if (!unresolved && hasRecord(k.sheet)) continue;
    const at = parseA1(k.address);
    const v = view(k.sheet);
    if (!at || !v) continue;
    const m = v.master(at.row, at.col);
    if (v.formula(m.row, m.col) !== null) continue;
    if (k.judgement ?? isJudgement(k, score.forms)) continue;
    // Kept although equal (an input such as a typed 减分项 of 0): nothing to resolve.
    if (k.ruleValue !== null && sameCellValue(k.current, k.ruleValue)) continue;
    out.push({ sheet: k.sheet, address: k.address, kind: k.kind, value: k.current, ruleValue: k.ruleValue });
  }
  return out;
}

/** A qualitative row's completion or score is the evaluator's judgement, an input rather than a result. */
function isJudgement(k: KeptCell, forms: ScoredForm[]): boolean {
  if (k.kind !== 'row-completion' && k.kind !== 'row-score') return false;
  for (const { form, result } of forms) {
    if (form.sheet !== k.sheet) continue;
    for (const [i, cells] of form.rowCells.entries()) {
      const at = k.kind === 'row-completion' ? cells.completion : cells.score;
      if (at !== k.address) continue;
      const unit = result.rows[i]?.unitRows.map((j) => result.rows[j]) ?? [];
      return unit.some((r) => r.rule === 'qualitative');
    }
  }
  return false;
}
