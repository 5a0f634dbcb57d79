import type { Dec } from './decimal';
import { problem } from './problems';
import type { Problem, ProblemCode, RowFlag, RowRule, Severity } from './types';

/** What the rules say about one row before it is combined into a scoring unit. */
export interface RowEvaluation {
  rule: RowRule;
  /** Exact completion by the rules in [0, 1]; null when the row cannot be scored (yet). */
  completion: Dec | null;
  /** The over-achievement penalty applies (SCORING.md 3.5). */
  penalty: boolean;
  /** A person's completion that overrides the rule (quantitative rows); null when none. */
  override: Dec | null;
  /** The actual is missing: not scored yet. */
  pending: boolean;
  flags: RowFlag[];
  problems: Problem[];
}

/** The flags and problems gathered while one row is evaluated, and the evaluation they end in. */
export class RowNotes {
  readonly flags: RowFlag[] = [];
  readonly problems: Problem[] = [];

  flag(f: RowFlag): void {
    if (!this.flags.includes(f)) this.flags.push(f);
  }

  problem(code: ProblemCode, message: string, field?: string, severity?: Severity): void {
    this.problems.push(problem(code, message, field, severity));
  }

  done(rule: RowRule, completion: Dec | null, extra: Partial<RowEvaluation> = {}): RowEvaluation {
    return { rule, completion, penalty: false, override: null, pending: false, flags: this.flags, problems: this.problems, ...extra };
  }

  /** The row cannot be scored: one problem says why. */
  fail(code: ProblemCode, message: string, field?: string): RowEvaluation {
    this.problem(code, message, field);
    return this.done('none', null);
  }
}
