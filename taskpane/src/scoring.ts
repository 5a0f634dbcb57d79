import type { Profile } from '../../src/engine';
import { scoreWorkbook } from '../../src/sheet';
import type { ScoreWorkbook } from '../../src/hosts/excel';

export interface ScoringOptions {
  /** 以公式写入: the plan carries JIXIAO formulas and the adapter writes them instead of values. */
  formulas?: boolean;
}

/** Binds the pure pipeline (src/sheet) to the chosen profile; null lets each form's layout decide. */
export function scorerFor(profile: Profile | null, options: ScoringOptions = {}): ScoreWorkbook {
  return (book) => scoreWorkbook(book, { profile: profile ?? undefined, formulas: options.formulas === true });
}
