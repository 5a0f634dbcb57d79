import { PROFILES, scoreForm, type Profile } from '../engine';
import type { ScoredForm, WorkbookScore } from './contract';
import { findForms } from './find-forms';
import type { WorkbookGrid } from './grid';
import { planWrites } from './plan-writes';

export interface ScoreWorkbookOptions {
  /** The profile the user chose; null/undefined lets each form's layout decide (national when it cannot). */
  profile?: Profile | null;
  /** 以公式写入: plan live JIXIAO formulas instead of values where they reproduce the engine. */
  formulas?: boolean;
}

/** grid → forms → scores → write plan: what the CLI and the Office.js host both run. */
export function scoreWorkbook(book: WorkbookGrid, options: ScoreWorkbookOptions = {}): WorkbookScore {
  const forms: ScoredForm[] = [];
  for (const sheet of book.sheets) {
    for (const form of findForms(sheet, book.prior)) {
      const profile = options.profile ?? (form.profileHint ? PROFILES[form.profileHint] : null) ?? PROFILES.national;
      forms.push({ form, profile, result: scoreForm(form.input, profile) });
    }
  }
  return { forms, plan: planWrites(forms, book, { formulas: options.formulas }) };
}
