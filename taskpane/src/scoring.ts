import type { Profile } from '../../src/engine';
import { scoreWorkbookChecked, type CheckedScore, type Discrepancy } from '../../src/sheet/discrepancies';
import type { ScoreWorkbook } from '../../src/hosts/excel';

export interface ScoringOptions {
  /** 以公式写入: the plan carries JIXIAO formulas and the adapter writes them instead of values. */
  formulas?: boolean;
  /**
   * 采用规则值: take the rule's value for the discrepancies it picks (all when true); the others
   * stay listed and their cells are kept (see src/sheet/discrepancies.ts).
   */
  acceptRule?: boolean | ((d: Discrepancy) => boolean);
  /** Told the checked result of every scoring, discrepancies included (the session sees only the score). */
  onChecked?: (checked: CheckedScore) => void;
}

/**
 * Binds the pure pipeline (src/sheet) to the chosen profile; null lets each form's layout decide.
 * The same checked scoring as the CLI: on a sheet without the add-in's record, an output cell that
 * differs from the rule is a discrepancy to resolve, never silently kept as if typed.
 */
export function scorerFor(profile: Profile | null, options: ScoringOptions = {}): ScoreWorkbook {
  return (book) => {
    const checked = scoreWorkbookChecked(book, { profile: profile ?? undefined, formulas: options.formulas === true, acceptRule: options.acceptRule });
    options.onChecked?.(checked);
    return checked.score;
  };
}
