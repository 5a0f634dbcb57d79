import { PROFILES, scoreForm, toPlain, type FormResult, type Profile } from '../engine';
import type { LostPoints, ProfileChoice, RecognizedForm, ScoredForm, SheetProblem, WorkbookScore } from './contract';
import { diagnoseSheet } from './diagnose';
import { eachForm } from './find-forms';
import { parseA1, type SheetGrid, type WorkbookGrid } from './grid';
import { WritePlanner } from './plan-writes';
import { SheetView } from './sheet-view';

export interface ScoreWorkbookOptions {
  /** The profile the user chose; null/undefined lets each form's layout decide (national when it cannot). */
  profile?: Profile | null;
  /** 以公式写入: plan live JIXIAO formulas instead of values where they reproduce the engine. */
  formulas?: boolean;
  /**
   * Takes each scored form as soon as its writes are planned, in workbook order; the forms are then
   * not kept in the result's `forms` (a big workbook is never held scored as a whole).
   */
  onForm?: (scored: ScoredForm) => void;
}

/** Why a form is scored with its profile (LAYOUTS.md 5): the report says it for every form. */
export function profileChoiceOf(form: RecognizedForm, chosen: Profile | null | undefined): { profile: Profile; choice: ProfileChoice } {
  if (chosen) return { profile: chosen, choice: { source: 'user', words: [], reason: `用户选择的口径（${chosen.name}）` } };
  if (form.profileHint) {
    const words = form.profileEvidence ?? [];
    const quoted = words.map((w) => `“${w}”`).join('、');
    return {
      profile: PROFILES[form.profileHint],
      choice: { source: 'inferred', words, reason: `由表中${quoted || '版式'}推断为${PROFILES[form.profileHint].name}` },
    };
  }
  return {
    profile: PROFILES.national,
    choice: { source: 'default', words: [], reason: '表中没有能确定地区口径的文字，按财政部（national）默认口径计分' },
  };
}

/** Scoring units that scored below their weight, with their reason cell (失分项). Pending units are not listed. */
export function lostPointsOf(form: RecognizedForm, result: FormResult, view: SheetView | null): LostPoints[] {
  const out: LostPoints[] = [];
  for (const r of result.rows) {
    if (r.unitStart !== r.index || r.score === null || r.weight === null || !r.score.lessThan(r.weight)) continue;
    const cells = form.rowCells[r.index];
    const reasonCell = cells?.reason ?? null;
    const at = reasonCell ? parseA1(reasonCell) : null;
    const reason = at && view && !view.isEmpty(at.row, at.col) ? view.text(at.row, at.col, false).trim() : null;
    out.push({
      index: r.index,
      excelRow: cells?.excelRow ?? 0,
      indicator: form.input.rows[r.index]?.level3 ?? null,
      weight: toPlain(r.weight),
      score: toPlain(r.score),
      lost: toPlain(r.weight.minus(r.score)),
      reasonCell,
      reason,
    });
  }
  return out;
}

/**
 * Scores a workbook sheet by sheet, in workbook order: each form is recognised, scored and its
 * writes planned before the next, and a sheet's cell values are not needed once `addSheet`
 * returns. The xlsx host reads a workbook this way, so that only one sheet's grid is full at a time.
 */
export class WorkbookScorer {
  private readonly forms: ScoredForm[] = [];
  private readonly unrecognised: SheetProblem[] = [];
  private readonly planner: WritePlanner;

  /** `book.prior` is the record of earlier writes; its `sheets` may be empty and filled as they are added. */
  constructor(
    private readonly book: WorkbookGrid,
    private readonly options: ScoreWorkbookOptions = {},
  ) {
    this.planner = new WritePlanner(book, { formulas: options.formulas });
  }

  addSheet(sheet: SheetGrid): void {
    const { book, options } = this;
    this.planner.addSheet(sheet);
    const view = new SheetView(sheet);
    // Forms are recognised one at a time: a sheet of thousands is never held recognised as a whole.
    let found = 0;
    for (const form of eachForm(view, book.prior)) {
      found++;
      const { profile, choice } = profileChoiceOf(form, options.profile);
      const result = scoreForm(form.input, profile);
      const scored: ScoredForm = { form, profile, result, profileChoice: choice, lost: lostPointsOf(form, result, view) };
      this.planner.add(scored, view);
      if (options.onForm) options.onForm(scored);
      else this.forms.push(scored);
    }
    if (found === 0) {
      const why = diagnoseSheet(sheet);
      if (why) this.unrecognised.push(why);
    }
  }

  finish(): WorkbookScore {
    return { forms: this.forms, plan: this.planner.finish(), unrecognised: this.unrecognised };
  }
}

/** grid → forms → scores → write plan: what the CLI and the Office.js host both run. */
export function scoreWorkbook(book: WorkbookGrid, options: ScoreWorkbookOptions = {}): WorkbookScore {
  const scorer = new WorkbookScorer(book, options);
  for (const sheet of book.sheets) scorer.addSheet(sheet);
  return scorer.finish();
}
